package io.idsspark.spark;

import io.idsspark.errors.IdsException;
import io.idsspark.flow.Format;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a table as CSV (with header) or Parquet, replacing what was there. A path ending in {@code
 * .csv} or {@code .parquet} becomes one file (written through one task: for small outputs); any
 * other path becomes a folder of part files written in parallel.
 */
public final class TableOutput {
  private TableOutput() {}

  /** The table format (CSV or Parquet) named by the path's extension, else {@code fallback}. */
  public static Format formatOf(String path, Format fallback) {
    Format f = Format.ofPath(path);
    return f == Format.CSV || f == Format.PARQUET ? f : fallback;
  }

  /** True when the path names a single file rather than a folder. */
  public static boolean isSingleFile(String path) {
    return formatOf(path, null) != null;
  }

  /** Writes {@code df} to {@code path}. */
  public static void write(Dataset<Row> df, String path, Format format) {
    boolean single = isSingleFile(path);
    String target = single ? path + ".tmp-" + System.nanoTime() : path;
    var w = (single ? df.coalesce(1) : df).write().mode(SaveMode.Overwrite);
    if (format == Format.CSV) {
      w.option("header", "true").csv(target);
    } else {
      w.parquet(target);
    }
    if (single) {
      moveSinglePart(df.sparkSession().sparkContext().hadoopConfiguration(), target, path);
    }
  }

  /**
   * Writes text lines as they are (no header added): one file if the path ends in {@code .csv},
   * else a folder of part files.
   */
  public static void writeText(Dataset<String> lines, String path) {
    boolean single = isSingleFile(path);
    String target = single ? path + ".tmp-" + System.nanoTime() : path;
    (single ? lines.coalesce(1) : lines).write().mode(SaveMode.Overwrite).text(target);
    if (single) {
      moveSinglePart(lines.sparkSession().sparkContext().hadoopConfiguration(), target, path);
    }
  }

  /** Writes text lines as one file at {@code path}, in the Dataset's order. */
  public static void writeSingleText(Dataset<String> lines, String path) {
    String target = path + ".tmp-" + System.nanoTime();
    lines.coalesce(1).write().mode(SaveMode.Overwrite).text(target);
    moveSinglePart(lines.sparkSession().sparkContext().hadoopConfiguration(), target, path);
  }

  private static void moveSinglePart(Configuration conf, String folder, String file) {
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(conf);
      Path part = null;
      for (FileStatus st : fs.listStatus(dir)) {
        if (st.getPath().getName().startsWith("part-")) {
          part = st.getPath();
        }
      }
      if (part == null) {
        throw IdsException.input(folder + ": Spark wrote no part file");
      }
      Path dest = new Path(file);
      fs.delete(dest, true);
      if (!fs.rename(part, dest)) {
        throw IdsException.input("cannot move " + part + " to " + dest);
      }
      fs.delete(dir, true);
      // the local file system keeps a checksum file next to the moved part; no use to readers
      fs.delete(new Path(dest.getParent(), "." + dest.getName() + ".crc"), false);
    } catch (IOException e) {
      throw IdsException.input(file + ": cannot write: " + e.getMessage());
    }
  }
}
