package io.idsspark.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.idsspark.spark.FlowSparkSchema;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Where a batch's malformed rows go: kept once, with where each came from. */
final class BatchQuarantine {
  private BatchQuarantine() {}

  /**
   * Malformed rows as JSON lines (file, raw text) under {@code quarantine/batch-<id>/}, replaced on
   * a replay so they too are kept once. Files read again by their header contribute the rows that
   * are malformed in their own layout.
   */
  static void write(
      Path quarantineDir,
      Dataset<Row> flows,
      BatchDetector.Input input,
      List<String> relayout,
      Dataset<Row> relayoutRows,
      long batchId) {
    Column corrupt = col(FlowSparkSchema.CORRUPT_RECORD).isNotNull();
    // A stream of lines with host context is not cached: this reads the batch again, its stateful
    // operators included, which Spark runs as it retries their tasks (the same state version loaded
    // and committed again, with the same rows). Only batches with malformed lines pay it.
    // every column of a typed row (Spark's CSV column pruning could otherwise parse a malformed row
    // as fine); a line's raw text and where it came from
    Dataset<Row> bad = flows.filter(corrupt);
    if (input == BatchDetector.Input.LINES) {
      bad = bad.select(FlowSparkSchema.CORRUPT_RECORD, FlowStreams.FILE, FlowStreams.FILE_MTIME);
    } else if (input == BatchDetector.Input.KAFKA) {
      // the dead letters: where each message was and why it is not a flow record
      bad =
          bad.select(
              col(KafkaFlows.TOPIC).as("topic"),
              col(KafkaFlows.PARTITION).as("partition"),
              col(KafkaFlows.OFFSET).as("offset"),
              col(KafkaFlows.REASON).as("reason"),
              col(FlowSparkSchema.CORRUPT_RECORD).as("value"));
    }
    if (!relayout.isEmpty()) {
      bad =
          bad.filter(not(col(FlowStreams.FILE).isin(relayout.toArray())))
              .unionByName(relayoutRows.filter(corrupt), true);
    }
    bad.coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .json(quarantineDir.resolve("batch-" + batchId).toString());
  }
}
