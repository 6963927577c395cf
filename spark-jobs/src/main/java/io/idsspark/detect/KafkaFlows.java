package io.idsspark.detect;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.FlowSparkSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.StructType;

/**
 * The streaming source over a Kafka topic of flow records: Spark's Kafka source (offsets in the
 * checkpoint, so a restart continues where the last committed batch ended), each message's value a
 * JSON object with the flow schema's field names (what {@code sniffer --kafka} produces), parsed
 * with the flow schema given explicitly. A message that is not one (not JSON, not an object, no
 * source or destination address, no timestamp) is kept as a dead letter: {@link
 * FlowSparkSchema#CORRUPT_RECORD} holds its text and {@link #REASON} why, quarantined downstream
 * with its topic, partition and offset.
 *
 * <p>Rows carry {@link FlowStreams#FILE} = {@code topic-partition} (Kafka's own name for a
 * partition) and {@link FlowStreams#FILE_MTIME} = the message's timestamp, so the per-batch code
 * counts partitions where it counts files.
 */
public final class KafkaFlows {
  /** Where a message came from, kept for dead letters. */
  public static final String TOPIC = "_kafka_topic";

  public static final String PARTITION = "_kafka_partition";
  public static final String OFFSET = "_kafka_offset";

  /** Why a message is a dead letter (null for a flow record). */
  public static final String REASON = "_reason";

  private KafkaFlows() {}

  /** Streaming flow rows of the source's topic, from its earliest offsets on a fresh checkpoint. */
  static Dataset<Row> read(SparkSession spark, DetectSettings.KafkaSource source) {
    return flows(records(spark, source));
  }

  /**
   * The source's messages as Spark's Kafka source gives them ({@code key}, {@code value}, {@code
   * topic}, {@code partition}, {@code offset}, {@code timestamp}, ...), from the earliest offsets
   * on a fresh checkpoint.
   */
  static Dataset<Row> records(SparkSession spark, DetectSettings.KafkaSource source) {
    DataStreamReader r =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", source.bootstrap())
            .option("subscribe", source.topic())
            .option("startingOffsets", "earliest");
    if (source.maxOffsetsPerTrigger() > 0) {
      r = r.option("maxOffsetsPerTrigger", source.maxOffsetsPerTrigger());
    }
    return r.load();
  }

  /**
   * The flow rows of a range of a topic, read in batch ({@code score --source kafka}): offsets as
   * Spark's Kafka source takes them, {@code earliest}/{@code latest} or JSON per partition such as
   * {@code {"flows":{"0":1200}}}. Columns as {@link #flows} but the file ones: the message's topic,
   * partition and offset are its row id.
   */
  public static Dataset<Row> readRange(
      SparkSession spark, String bootstrap, String topic, String starting, String ending) {
    return flows(
            spark
                .read()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrap)
                .option("subscribe", topic)
                .option("startingOffsets", starting)
                .option("endingOffsets", ending)
                .option("failOnDataLoss", "true")
                .load())
        .drop(FlowStreams.FILE, FlowStreams.FILE_MTIME);
  }

  /**
   * Flow rows (the flow columns, {@link FlowSparkSchema#CORRUPT_RECORD}, {@link #REASON}, the
   * message's topic, partition and offset, {@link FlowStreams#FILE} and {@link
   * FlowStreams#FILE_MTIME}) of Kafka records ({@code value}, {@code topic}, {@code partition},
   * {@code offset}, {@code timestamp}).
   */
  static Dataset<Row> flows(Dataset<Row> records) {
    StructType schema = FlowSparkSchema.schemaWithCorruptRecord(false);
    Column text = col("value").cast("string");
    Column parsed =
        from_json(
            text,
            schema,
            Map.of(
                "mode", "PERMISSIVE", "columnNameOfCorruptRecord", FlowSparkSchema.CORRUPT_RECORD));
    Dataset<Row> t =
        records.select(
            parsed.as("f"),
            text.as("_text"),
            col("topic").as(TOPIC),
            col("partition").as(PARTITION),
            col("offset").as(OFFSET),
            col("timestamp").as(FlowStreams.FILE_MTIME));
    Column notJson =
        col("_text")
            .isNull()
            .or(col("f").isNull())
            .or(col("f." + FlowSparkSchema.CORRUPT_RECORD).isNotNull());
    Column reason = when(notJson, lit("not a JSON object of flow record fields"));
    for (String needed : List.of(FlowSchema.TIMESTAMP_COL, FlowSchema.SRC_IP, FlowSchema.DST_IP)) {
      reason = reason.when(col("f." + needed).isNull(), lit("no " + needed));
    }
    List<Column> out = new ArrayList<>();
    for (String c : FlowSchema.flowColumnNames()) {
      out.add(col("f." + c).as(c));
    }
    out.add(
        when(reason.isNotNull(), coalesce(col("_text"), lit("")))
            .as(FlowSparkSchema.CORRUPT_RECORD));
    out.add(reason.as(REASON));
    out.add(col(TOPIC));
    out.add(col(PARTITION));
    out.add(col(OFFSET));
    out.add(concat(col(TOPIC), lit("-"), col(PARTITION).cast("string")).as(FlowStreams.FILE));
    out.add(col(FlowStreams.FILE_MTIME));
    return t.select(out.toArray(new Column[0]));
  }
}
