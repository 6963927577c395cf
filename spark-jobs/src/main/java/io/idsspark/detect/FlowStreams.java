package io.idsspark.detect;

import io.idsspark.errors.IdsException;
import io.idsspark.spark.FlowSparkSchema;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * The streaming source over a flow folder: Spark's file source with the flow schema given
 * explicitly (no inference), so a malformed row or file cannot change the schema; it is marked in
 * {@link FlowSparkSchema#CORRUPT_RECORD} and quarantined downstream.
 *
 * <p>CSV files must have a header line; rows are read in the sniffer's column order ({@link
 * io.idsspark.flow.FlowSchema#flowColumnNames()}), and files in another layout come out malformed
 * here and are read again by their header ({@link Relayout}); JSONL files hold one object per flow,
 * keyed by column name. Only {@code *.csv} / {@code *.jsonl} files are read; names starting with
 * {@code .} or {@code _} (files still being written) are skipped, so writers must write elsewhere
 * and rename.
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
            .options(options(format))
            .option("pathGlobFilter", glob(format));
    if (maxFilesPerTrigger > 0) {
      r = r.option("maxFilesPerTrigger", maxFilesPerTrigger);
    }
    Dataset<Row> raw = format.equals("csv") ? r.csv(dir) : r.json(dir);
    return withFileColumns(raw);
  }

  /**
   * Streaming lines of the CSV files of {@code dir} ({@code value}, {@link #FILE}, {@link
   * #FILE_MTIME}), for the text path of a stream with host context ({@link
   * io.idsspark.scoring.LineStream}): the same files as {@link #read} picks.
   */
  static Dataset<Row> readLines(SparkSession spark, String dir, int maxFilesPerTrigger) {
    DataStreamReader r = spark.readStream().option("pathGlobFilter", glob("csv"));
    if (maxFilesPerTrigger > 0) {
      r = r.option("maxFilesPerTrigger", maxFilesPerTrigger);
    }
    return withFileColumns(r.text(dir));
  }

  /**
   * The same rows as {@link #read} would give for the files of {@code dir} (every file, no glob),
   * read once as a batch: the warm-up's input, parsed by the same reader with the same options.
   */
  static Dataset<Row> readOnce(SparkSession spark, String dir, String format) {
    DataFrameReader r =
        spark
            .read()
            .schema(FlowSparkSchema.schemaWithCorruptRecord(false))
            .options(options(format));
    return withFileColumns(format.equals("csv") ? r.csv(dir) : r.json(dir));
  }

  private static Map<String, String> options(String format) {
    Map<String, String> o = new HashMap<>();
    o.put("mode", "PERMISSIVE");
    o.put("columnNameOfCorruptRecord", FlowSparkSchema.CORRUPT_RECORD);
    if (format.equals("csv")) {
      o.put("header", "true");
    }
    return o;
  }

  private static String glob(String format) {
    return switch (format) {
      case "csv" -> "*.csv";
      case "jsonl" -> "*.jsonl";
      default -> throw IdsException.usage("unknown flow format '" + format + "' (csv or jsonl)");
    };
  }

  /** Adds {@link #FILE} and {@link #FILE_MTIME} from the file source's hidden metadata. */
  static Dataset<Row> withFileColumns(Dataset<Row> raw) {
    return raw.withColumn(FILE, raw.col("_metadata.file_path"))
        .withColumn(FILE_MTIME, raw.col("_metadata.file_modification_time"));
  }
}
