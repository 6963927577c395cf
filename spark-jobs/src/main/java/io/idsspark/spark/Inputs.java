package io.idsspark.spark;

import io.idsspark.errors.IdsException;
import io.idsspark.flow.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the inputs jobs take: CSV (with header) or Parquet, as a file, a folder or a glob, on any
 * Hadoop file system. Format comes from the file names ({@code .parquet} -> Parquet, else CSV).
 */
public final class Inputs {
  private Inputs() {}

  /**
   * Expands files, folders and globs to data files (hidden and {@code _}-prefixed files skipped).
   *
   * @throws IdsException (exit 3) naming the path when nothing matches
   */
  public static List<String> expand(SparkSession spark, List<String> paths) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> out = new ArrayList<>();
    for (String p : paths) {
      try {
        Path path = new Path(p);
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw IdsException.input(p + ": no such file, folder or glob match");
        }
        for (FileStatus st : matches) {
          if (st.isDirectory()) {
            FileStatus[] children = fs.listStatus(st.getPath());
            Arrays.sort(children);
            for (FileStatus c : children) {
              if (c.isFile() && visible(c.getPath().getName())) {
                out.add(c.getPath().toString());
              }
            }
          } else if (visible(st.getPath().getName())) {
            out.add(st.getPath().toString());
          }
        }
      } catch (IOException e) {
        throw IdsException.input(p + ": cannot list: " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw IdsException.input(String.join(", ", paths) + ": no data files found");
    }
    return out;
  }

  private static boolean visible(String name) {
    return !name.startsWith(".") && !name.startsWith("_") && !name.endsWith(".crc");
  }

  /** Parquet if every file ends in {@code .parquet}, else CSV; a mix is an error. */
  public static Format formatOf(List<String> files) {
    long parquet =
        files.stream().filter(f -> f.toLowerCase(Locale.ROOT).endsWith(".parquet")).count();
    if (parquet == files.size()) {
      return Format.PARQUET;
    }
    if (parquet > 0) {
      throw IdsException.input("inputs mix Parquet and CSV files; give one format at a time");
    }
    return Format.CSV;
  }

  /**
   * First line of a (possibly compressed) text file, split as CSV (quotes honoured) and trimmed:
   * the CSV header.
   */
  public static List<String> csvHeader(SparkSession spark, String file) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(
                  codec == null ? fs.open(path) : codec.createInputStream(fs.open(path)),
                  StandardCharsets.UTF_8))) {
        String line = r.readLine();
        if (line == null || line.isBlank()) {
          throw IdsException.input(file + ": empty file, expected a CSV header");
        }
        if (line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        CsvLine csv = new CsvLine();
        if (!csv.split(line)) {
          throw IdsException.input(file + ": header line has an unclosed quote");
        }
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < csv.count(); i++) {
          cols.add(csv.text(i).trim());
        }
        return cols;
      }
    } catch (IOException e) {
      throw IdsException.input(file + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * Reads flow rows: Parquet as stored; CSV with the flow types for flow columns and strings for
   * the rest, malformed rows kept with {@link FlowSparkSchema#CORRUPT_RECORD} set (the caller
   * quarantines them).
   */
  public static Dataset<Row> readFlows(SparkSession spark, List<String> paths) {
    List<String> files = expand(spark, paths);
    if (formatOf(files) == Format.PARQUET) {
      return spark.read().parquet(files.toArray(new String[0]));
    }
    List<String> header = csvHeader(spark, files.get(0));
    return spark
        .read()
        .option("header", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", FlowSparkSchema.CORRUPT_RECORD)
        .option("enforceSchema", "false")
        .schema(FlowSparkSchema.forHeader(header))
        .csv(files.toArray(new String[0]));
  }
}
