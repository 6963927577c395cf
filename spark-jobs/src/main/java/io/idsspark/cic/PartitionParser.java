package io.idsspark.cic;

import io.idsspark.json.JsonText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Parses one input split of one CIC file (lines with their byte offsets) into flow rows. Rows that
 * cannot be used go to this partition's quarantine part ({@code q-<partition>.jsonl}: file, byte
 * offset, reason, raw line) and the partition's counts to {@code s-<partition>.json}, both under a
 * work folder; a retried task rewrites both whole, so the driver's merge sees each line once. This
 * keeps prepare-cic to one pass over the input. A partition is named by file index and split index
 * (not the task's partition id: a coalesced task computes several splits), so the names sort in
 * file order, then offset order.
 */
final class PartitionParser
    implements Function2<Integer, Iterator<Tuple2<LongWritable, Text>>, Iterator<Row>> {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int fileIndex;
  private final RowPlan plan;
  private final String workDir;
  private final SerializableConfiguration conf;

  PartitionParser(String file, int fileIndex, RowPlan plan, String workDir, Configuration conf) {
    this.file = file;
    this.fileIndex = fileIndex;
    this.plan = plan;
    this.workDir = workDir;
    this.conf = new SerializableConfiguration(conf);
  }

  @Override
  public Iterator<Row> call(Integer split, Iterator<Tuple2<LongWritable, Text>> lines)
      throws IOException {
    TaskContext ctx = TaskContext.get();
    String partition = String.format("%05d-%06d", fileIndex, split);
    Counts counts = new Counts(file);
    Quarantine q = new Quarantine(new Path(workDir, "q-" + partition + ".jsonl"));
    Runnable finish =
        () -> {
          q.close();
          writeCounts(new Path(workDir, "s-" + partition + ".json"), counts);
        };
    if (ctx != null) {
      ctx.addTaskCompletionListener(
          (org.apache.spark.util.TaskCompletionListener) c -> finish.run());
    }
    return new Iterator<>() {
      private Row next;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (next == null && lines.hasNext()) {
          Tuple2<LongWritable, Text> t = lines.next();
          long offset = t._1().get();
          String line = t._2().toString();
          if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
          }
          if (counts.firstOffset < 0) {
            counts.firstOffset = offset;
          }
          if (offset == 0) {
            continue; // the header, read by the driver
          }
          counts.read++;
          if (line.isBlank()) {
            reject(offset, "empty_line", "empty_line", line);
            continue;
          }
          Object[] row = new Object[PrepareCic.WIDTH];
          try {
            plan.parse(line, row);
            counts.kept++;
            counts.byType.merge((String) row[PrepareCic.ATTACK_INDEX], 1L, Long::sum);
            next = RowFactory.create(row);
          } catch (RowPlan.Reject r) {
            reject(offset, r.category, r.getMessage(), line);
          }
        }
        if (next == null && !done) {
          done = true;
          if (ctx == null) {
            finish.run();
          }
        }
        return next != null;
      }

      private void reject(long offset, String category, String reason, String raw) {
        counts.byReason.merge(category, 1L, Long::sum);
        q.write(file, offset, reason, raw);
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }
    };
  }

  /** Per-partition counters, merged by the driver. */
  static final class Counts {
    final String file;
    long firstOffset = -1;
    long read;
    long kept;
    final TreeMap<String, Long> byReason = new TreeMap<>();
    final TreeMap<String, Long> byType = new TreeMap<>();

    Counts(String file) {
      this.file = file;
    }
  }

  private void writeCounts(Path path, Counts c) {
    StringBuilder b = new StringBuilder();
    b.append("{\"file\":").append(JsonText.quote(c.file));
    b.append(",\"first_offset\":").append(c.firstOffset);
    b.append(",\"read\":").append(c.read).append(",\"kept\":").append(c.kept);
    b.append(",\"by_reason\":").append(JsonText.object(c.byReason));
    b.append(",\"by_type\":").append(JsonText.object(c.byType)).append("}\n");
    try (OutputStream out = path.getFileSystem(conf.value()).create(path, true)) {
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** This partition's quarantine part, opened at the first bad line. */
  private final class Quarantine {
    private final Path path;
    private OutputStream out;

    Quarantine(Path path) {
      this.path = path;
    }

    void write(String file, long offset, String reason, String raw) {
      try {
        if (out == null) {
          FileSystem fs = path.getFileSystem(conf.value());
          out = fs.create(path, true);
        }
        String line =
            "{\"file\":"
                + JsonText.quote(file)
                + ",\"offset\":"
                + offset
                + ",\"reason\":"
                + JsonText.quote(reason)
                + ",\"raw\":"
                + JsonText.quote(raw)
                + "}\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write quarantine " + path, e);
      }
    }

    void close() {
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot close quarantine " + path, e);
        }
        out = null;
      }
    }
  }
}
