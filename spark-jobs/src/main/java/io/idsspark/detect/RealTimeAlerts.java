package io.idsspark.detect;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.named_struct;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertFormats;
import io.idsspark.scoring.AlertRows;
import io.idsspark.scoring.FlowScorer;
import io.idsspark.spark.FlowSparkSchema;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.encoders.RowEncoder;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code detect --trigger realtime}: the per-flow path (a model without host context) in Spark's
 * Real-time Mode, Kafka to Kafka. Long-running tasks, one per input partition, read each flow
 * record as it arrives, score it and write its alert at once to the alerts topic (keyed by {@code
 * alert_id}, the JSON of {@code alerts.jsonl}) and each dead letter to the dead-letter topic (keyed
 * by topic-partition-offset, with its reason); no micro-batch boundary to wait for. Every alert
 * record has a header {@value #INPUT_MS_HEADER} with its flow message's Kafka timestamp, so a
 * consumer can measure the latency.
 *
 * <p>What Spark 4.2's Real-time Mode allows decides the shape: stateless queries only (no {@code
 * transformWithState}, so no host context, no incidents: those need micro-batches), Kafka or
 * foreach sinks only (no exactly-once alert files: the sink is at-least-once, consumers drop
 * repeats by key). The trigger's interval is the checkpoint interval, not a latency.
 */
final class RealTimeAlerts {
  /** Kafka header of an alert record: its flow message's timestamp (epoch ms, decimal text). */
  static final String INPUT_MS_HEADER = "ids.input_ms";

  /** The level a dead letter gets inside the query, to be told apart from alerts. */
  private static final String DEAD_LETTER = "dead-letter";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RealTimeAlerts() {}

  /**
   * Starts the query.
   *
   * @param deadLetters the topic of messages that are not flow records
   * @param checkpointMillis the Real-time trigger's interval: how often progress is checkpointed
   */
  static StreamingQuery start(
      SparkSession spark,
      DetectSettings.KafkaSource source,
      FlowScorer scorer,
      int topFeatures,
      KafkaAlertSink.Topics out,
      String deadLetters,
      String checkpoint,
      long checkpointMillis)
      throws TimeoutException {
    // One pass over one source (Real-time Mode refuses a union of a source with itself): dead
    // letters are scored too, on zeros, and told apart by their reason afterwards.
    Dataset<Row> in = KafkaFlows.read(spark, source);
    Column dead = col(KafkaFlows.REASON).isNotNull();
    for (String c : scorer.featureColumns()) {
      in =
          in.withColumn(
              c, when(dead, lit(0).cast(in.schema().apply(c).dataType())).otherwise(col(c)));
    }
    Dataset<Row> scored = scorer.score(in, topFeatures);
    Dataset<Row> kept =
        AlertRows.alertColumns(
            scored.withColumn(
                FlowScorer.LEVEL, when(dead, lit(DEAD_LETTER)).otherwise(col(FlowScorer.LEVEL))),
            KafkaFlows.REASON,
            FlowSparkSchema.CORRUPT_RECORD,
            KafkaFlows.TOPIC,
            KafkaFlows.PARTITION,
            KafkaFlows.OFFSET,
            FlowStreams.FILE_MTIME);
    String version = scorer.version();
    String alertsTopic = out.alerts();
    StructType record =
        new StructType()
            .add("topic", DataTypes.StringType)
            .add("key", DataTypes.StringType)
            .add("value", DataTypes.StringType)
            .add("input_ms", DataTypes.StringType);
    MapFunction<Row, Row> toRecord =
        r -> {
          if (DEAD_LETTER.equals(r.getAs(FlowScorer.LEVEL))) {
            String where =
                r.getAs(KafkaFlows.TOPIC)
                    + "-"
                    + r.getAs(KafkaFlows.PARTITION)
                    + "-"
                    + r.getAs(KafkaFlows.OFFSET);
            ObjectNode n = JSON.createObjectNode();
            n.put("topic", r.<String>getAs(KafkaFlows.TOPIC));
            n.put("partition", r.<Integer>getAs(KafkaFlows.PARTITION));
            n.put("offset", r.<Long>getAs(KafkaFlows.OFFSET));
            n.put("reason", r.<String>getAs(KafkaFlows.REASON));
            n.put("value", r.<String>getAs(FlowSparkSchema.CORRUPT_RECORD));
            return RowFactory.create(deadLetters, where, JSON.writeValueAsString(n), null);
          }
          Alert a = AlertRows.toAlerts(List.of(r), version).get(0);
          java.sql.Timestamp t = r.getAs(FlowStreams.FILE_MTIME);
          return RowFactory.create(
              alertsTopic,
              a.alertId(),
              AlertFormats.jsonLine(a, Instant.now()).strip(),
              t == null ? null : Long.toString(t.getTime()));
        };
    Dataset<Row> records =
        kept.map(toRecord, RowEncoder.encoderFor(record))
            .select(
                col("topic"),
                col("key"),
                col("value"),
                array(
                        named_struct(
                            lit("key"),
                            lit(INPUT_MS_HEADER),
                            lit("value"),
                            col("input_ms").cast("binary")))
                    .as("headers"));
    return records
        .writeStream()
        .queryName(DetectRunner.QUERY_NAME + "-realtime")
        .format("kafka")
        .option("kafka.bootstrap.servers", out.bootstrap())
        .option("includeHeaders", "true")
        .option("checkpointLocation", checkpoint)
        .outputMode("update")
        .trigger(Trigger.RealTime(checkpointMillis))
        .start();
  }
}
