package io.idsspark.detect;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.named_struct;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertFormats;
import io.idsspark.scoring.RecordScorer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
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
 * record as it arrives, score it straight from its JSON ({@link RecordScorer}: no typed columns in
 * between) and write its alert at once to the alerts topic (keyed by {@code alert_id}, the JSON of
 * {@code alerts.jsonl}) and each dead letter to the dead-letter topic (keyed by
 * topic-partition-offset, with its reason); no micro-batch boundary to wait for. Every alert record
 * has a header {@value #INPUT_MS_HEADER} with its flow message's Kafka timestamp, so a consumer can
 * measure the latency.
 *
 * <p>What Spark 4.2's Real-time Mode allows decides the shape: stateless queries only (no {@code
 * transformWithState}, so no host context, no incidents: those need micro-batches), Kafka or
 * foreach sinks only (no exactly-once alert files: the sink is at-least-once, consumers drop
 * repeats by key). The trigger's interval is the checkpoint interval, not a latency.
 */
final class RealTimeAlerts {
  /** Kafka header of an alert record: its flow message's timestamp (epoch ms, decimal text). */
  static final String INPUT_MS_HEADER = "ids.input_ms";

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
      RecordScorer scorer,
      KafkaAlertSink.Topics out,
      String deadLetters,
      String checkpoint,
      long checkpointMillis)
      throws TimeoutException {
    Dataset<Row> records =
        records(KafkaFlows.records(spark, source), scorer, out.alerts(), deadLetters)
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
        // a few milliseconds of batching: a produce request per handful of alerts, not per alert
        // (less work for the producer, whose thread shares the cores with the tasks; at 20,000
        // flows/s the start-up backlog cleared in ~10 s instead of ~15 s, one run each)
        .option("kafka.linger.ms", "5")
        .option("checkpointLocation", checkpoint)
        .outputMode("update")
        .trigger(Trigger.RealTime(checkpointMillis))
        .start();
  }

  /**
   * The records to send for Kafka messages ({@code value}, {@code topic}, {@code partition}, {@code
   * offset}, {@code timestamp}): per alert ({@code topic}, {@code key}, {@code value}, {@code
   * input_ms}) to {@code alertsTopic}, per dead letter to {@code deadLetters}; normal flows give
   * none. The same function runs the warm-up.
   */
  static Dataset<Row> records(
      Dataset<Row> messages, RecordScorer scorer, String alertsTopic, String deadLetters) {
    Broadcast<RecordScorer> bc =
        JavaSparkContext.fromSparkContext(messages.sparkSession().sparkContext()).broadcast(scorer);
    return messages
        .select(col("value"), col("topic"), col("partition"), col("offset"), col("timestamp"))
        .map(new ToRecord(bc, alertsTopic, deadLetters), RowEncoder.encoderFor(RECORD))
        .filter(col("topic").isNotNull());
  }

  /**
   * Runs the JSON lines of the files of {@code dir} {@code passes} times through {@link #records}
   * as messages of a topic, sending nothing: the JIT compiles the per-message path before the query
   * starts. {@code millis} gets each pass's time.
   *
   * @return the alerts of the last pass
   */
  static long warmUp(
      SparkSession spark, String dir, RecordScorer scorer, int passes, List<Long> millis) {
    Dataset<Row> messages =
        spark
            .read()
            .text(dir)
            .select(
                col("value").cast("binary").as("value"),
                lit("warm-up").as("topic"),
                lit(0).as("partition"),
                monotonically_increasing_id().as("offset"),
                current_timestamp().as("timestamp"));
    Dataset<Row> alerts =
        records(messages, scorer, "alerts", "dead").filter(col("topic").equalTo("alerts"));
    long n = 0;
    for (int i = 1; i <= passes; i++) {
      long t = System.currentTimeMillis();
      n = alerts.count();
      millis.add(System.currentTimeMillis() - t);
    }
    return n;
  }

  private static final StructType RECORD =
      new StructType()
          .add("topic", DataTypes.StringType)
          .add("key", DataTypes.StringType)
          .add("value", DataTypes.StringType)
          .add("input_ms", DataTypes.StringType);

  private static final Row NONE = RowFactory.create(null, null, null, null);

  /**
   * One message to its record (a row of nulls for a normal flow, filtered out after). A map, not a
   * mapPartitions: what Real-time Mode's long-running tasks are known to run; the worker is made
   * once per task (the function is deserialized per task).
   */
  private static final class ToRecord implements MapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<RecordScorer> scorer;
    private final String alertsTopic;
    private final String deadLetters;
    private transient RecordScorer.Worker worker;

    ToRecord(Broadcast<RecordScorer> scorer, String alertsTopic, String deadLetters) {
      this.scorer = scorer;
      this.alertsTopic = alertsTopic;
      this.deadLetters = deadLetters;
    }

    @Override
    public Row call(Row r) throws Exception {
      if (worker == null) {
        worker = scorer.value().worker();
      }
      byte[] value = r.isNullAt(0) ? null : (byte[]) r.get(0);
      RecordScorer.Verdict v = worker.judge(value);
      if (v.reason() != null) {
        String topic = r.getString(1);
        int partition = r.getInt(2);
        long offset = r.getLong(3);
        ObjectNode n = JSON.createObjectNode();
        n.put("topic", topic);
        n.put("partition", partition);
        n.put("offset", offset);
        n.put("reason", v.reason());
        n.put("value", value == null ? "" : new String(value, StandardCharsets.UTF_8));
        return RowFactory.create(
            deadLetters, topic + "-" + partition + "-" + offset, JSON.writeValueAsString(n), null);
      }
      if (v.alert() == null) {
        return NONE;
      }
      Alert a = v.alert();
      java.sql.Timestamp t = r.isNullAt(4) ? null : r.getTimestamp(4);
      return RowFactory.create(
          alertsTopic,
          a.alertId(),
          AlertFormats.jsonLine(a, Instant.now()).strip(),
          t == null ? null : Long.toString(t.getTime()));
    }
  }
}
