package io.idsspark.detect;

import io.idsspark.cli.UserException;
import io.idsspark.spark.FlowSparkSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * The streaming source over a flow folder: Spark's file source with the flow schema given
 * explicitly (no inference), so a malformed row or file cannot change the schema; it is marked in
 * {@link FlowSparkSchema#CORRUPT_RECORD} and quarantined downstream.
 *
 * <p>CSV files must have a header line and the sniffer's columns in the sniffer's order ({@link
 * io.idsspark.flow.FlowSchema#flowColumnNames()}); JSONL files hold one object per flow, keyed by
 * column name. Only {@code *.csv} / {@code *.jsonl} files are read; names starting with {@code .}
 * or {@code _} (files still being written) are skipped, so writers must write elsewhere and rename.
 */
final class FlowStreams {
  /** Added columns: the file a row came from and that file's modification time. */
  static final String FILE = "_file";

  static final String FILE_MTIME = "_file_mtime";

  private FlowStreams() {}

  /** Streaming flow rows of {@code dir} in {@code format} ({@code csv} or {@code jsonl}). */
  static Dataset<Row> read(SparkSession spark, String dir, String format, int maxFilesPerTrigger) {
    DataStreamReader r =
        spark
            .readStream()
            .schema(FlowSparkSchema.schemaWithCorruptRecord(false))
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", FlowSparkSchema.CORRUPT_RECORD);
    if (maxFilesPerTrigger > 0) {
      r = r.option("maxFilesPerTrigger", maxFilesPerTrigger);
    }
    Dataset<Row> raw =
        switch (format) {
          case "csv" -> r.option("header", "true").option("pathGlobFilter", "*.csv").csv(dir);
          case "jsonl" -> r.option("pathGlobFilter", "*.jsonl").json(dir);
          default ->
              throw UserException.usage("unknown flow format '" + format + "' (csv or jsonl)");
        };
    return withFileColumns(raw);
  }

  /** Adds {@link #FILE} and {@link #FILE_MTIME} from the file source's hidden metadata. */
  static Dataset<Row> withFileColumns(Dataset<Row> raw) {
    return raw.withColumn(FILE, raw.col("_metadata.file_path"))
        .withColumn(FILE_MTIME, raw.col("_metadata.file_modification_time"));
  }
}
