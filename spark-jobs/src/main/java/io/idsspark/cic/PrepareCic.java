package io.idsspark.cic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.context.ContextCoverage;
import io.idsspark.context.HostContext;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.FlowSchema;
import io.idsspark.flow.Format;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Inputs;
import io.idsspark.spark.TableOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * prepare-cic's pipeline: CICFlowMeter CSVs of any {@link CicLayout} to the flow schema, in one
 * pass. Each file is read as Hadoop text splits (so big files are parsed in parallel within the
 * file, in bounded memory), its layout detected from its header on the driver, and every line
 * parsed by that file's {@link RowPlan}. Bad lines are quarantined by the tasks with their byte
 * offset; the driver then merges the quarantine parts in file order and adds true line numbers (one
 * sequential scan of each file that had bad lines, up to its last bad line).
 */
public final class PrepareCic {
  static final int WIDTH = FlowSchema.allColumnNames().size();
  static final int ATTACK_INDEX = FlowSchema.allColumnNames().indexOf(FlowSchema.ATTACK_TYPE);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PrepareCic() {}

  /** Paths derived from the output path unless given. */
  public static String defaultQuarantine(String out) {
    return stripSlash(out) + ".quarantine.jsonl";
  }

  public static String summaryPath(String out) {
    return stripSlash(out) + ".summary.json";
  }

  private static String stripSlash(String p) {
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /**
   * The converted rows of the files (lazy): schema {@code FlowSparkSchema.schema(true)}, plus the
   * layouts found. Quarantine and count parts go to {@code workDir} as the rows are computed.
   */
  static Dataset<Row> convert(
      SparkSession spark, List<String> files, String workDir, Map<String, CicLayout> layouts) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<JavaRDD<Row>> parts = new ArrayList<>();
    for (String file : files) {
      String header = firstLine(conf, file);
      CicLayout layout = CicLayout.detect(header);
      if (layout == null) {
        throw IdsException.input(
            file
                + ": header matches no CIC layout (expected 'Tot Fwd Pkts', 'Total Fwd Packets'"
                + " or 'Total Fwd Packet' among: "
                + abbreviate(header)
                + ")");
      }
      RowPlan plan;
      try {
        plan = new RowPlan(layout, header);
      } catch (IllegalArgumentException e) {
        throw IdsException.input(file + ": " + e.getMessage());
      }
      layouts.put(file, layout);
      parts.add(
          jsc.newAPIHadoopFile(file, TextInputFormat.class, LongWritable.class, Text.class, conf)
              .mapPartitionsWithIndex(
                  new PartitionParser(file, parts.size(), plan, workDir, conf), false));
    }
    JavaRDD<Row> all = parts.size() == 1 ? parts.get(0) : jsc.union(parts.toArray(new JavaRDD[0]));
    return spark.createDataFrame(all, FlowSparkSchema.schema(true));
  }

  private static String abbreviate(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  static String firstLine(Configuration conf, String file) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(open(conf, file), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      if (line == null || line.isBlank()) {
        throw IdsException.input(file + ": empty file, expected a CIC header line");
      }
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } catch (IOException e) {
      throw IdsException.input(file + ": cannot read: " + e.getMessage());
    }
  }

  private static InputStream open(Configuration conf, String file) throws IOException {
    Path p = new Path(file);
    CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
    InputStream in = p.getFileSystem(conf).open(p);
    return codec == null ? in : codec.createInputStream(in);
  }

  /** Runs the whole job and returns the summary (also written next to the output). */
  public static Map<String, Object> run(
      SparkSession spark,
      List<String> inputs,
      String out,
      Format format,
      Long limit,
      String quarantine) {
    long t0 = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> files = Inputs.expand(spark, inputs);
    String q = quarantine != null ? quarantine : defaultQuarantine(out);
    String work = q + ".parts";
    try {
      Path w = new Path(work);
      w.getFileSystem(conf).delete(w, true);
      w.getFileSystem(conf).mkdirs(w);
    } catch (IOException e) {
      throw IdsException.input(work + ": cannot create: " + e.getMessage());
    }
    Map<String, CicLayout> layouts = new LinkedHashMap<>();
    org.apache.spark.sql.Observation context = new org.apache.spark.sql.Observation("context");
    try {
      Dataset<Row> rows = convert(spark, files, work, layouts);
      if (limit != null) {
        rows = rows.limit((int) Math.min(Integer.MAX_VALUE, limit));
      }
      // host context where the layout has addresses and times (CIC-IDS2017's TrafficLabelling
      // files), null columns where it has not (CIC-IDS2018's original CSVs); coverage says which
      rows = ContextCoverage.observe(HostContext.addOrNull(rows), context);
      TableOutput.write(rows, out, format);
    } catch (RuntimeException e) {
      deleteQuietly(conf, work); // no half-written parts left behind
      throw e;
    }
    Map<String, Object> summary = merge(conf, work, q, layouts);
    ContextCoverage c = ContextCoverage.of(io.idsspark.spark.Sparks.metrics(context));
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("rows_with_context", c.withContext());
    ctx.put("rows_without_address", c.noAddress());
    ctx.put("rows_without_time", c.noTime());
    ctx.put("rows_evicting_live_host", c.evicted());
    summary.put("host_context", ctx);
    summary.put("host_context_line", c.describe());
    summary.put("output", out);
    summary.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
    summary.put("quarantine", q);
    summary.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
    writeSummary(conf, summaryPath(out), summary);
    return summary;
  }

  private static void deleteQuietly(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      p.getFileSystem(conf).delete(p, true);
    } catch (IOException ignored) {
      // best effort: the original error is what matters
    }
  }

  /**
   * Merges the tasks' counts and quarantine parts; writes the quarantine file with line numbers.
   */
  private static Map<String, Object> merge(
      Configuration conf, String work, String quarantine, Map<String, CicLayout> layouts) {
    try {
      Path w = new Path(work);
      FileSystem fs = w.getFileSystem(conf);
      FileStatus[] st = fs.listStatus(w);
      Arrays.sort(st, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      long read = 0, kept = 0;
      Map<String, Long> byReason = new TreeMap<>();
      Map<String, Long> byType = new TreeMap<>();
      Map<String, long[]> perFile = new LinkedHashMap<>();
      layouts.keySet().forEach(f -> perFile.put(f, new long[2]));
      for (FileStatus s : st) {
        if (!s.getPath().getName().startsWith("s-")) {
          continue;
        }
        JsonNode n;
        try (InputStream in = fs.open(s.getPath())) {
          n = JSON.readTree(in);
        }
        read += n.get("read").asLong();
        kept += n.get("kept").asLong();
        long[] pf = perFile.computeIfAbsent(n.get("file").asText(), k -> new long[2]);
        pf[0] += n.get("read").asLong();
        pf[1] += n.get("kept").asLong();
        n.get("by_reason")
            .fields()
            .forEachRemaining(e -> byReason.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        n.get("by_type")
            .fields()
            .forEachRemaining(e -> byType.merge(e.getKey(), e.getValue().asLong(), Long::sum));
      }
      long quarantined = writeQuarantine(conf, fs, st, quarantine);
      fs.delete(w, true);
      Map<String, Object> summary = new LinkedHashMap<>();
      List<Map<String, Object>> inputs = new ArrayList<>();
      perFile.forEach(
          (f, c) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f);
            m.put("layout", layouts.get(f) == null ? null : layouts.get(f).name());
            m.put("rows_read", c[0]);
            m.put("rows_kept", c[1]);
            inputs.add(m);
          });
      summary.put("inputs", inputs);
      summary.put("rows_read", read);
      summary.put("rows_kept", kept);
      summary.put("rows_quarantined", quarantined);
      summary.put("quarantined_by_reason", byReason);
      summary.put("rows_by_attack_type", byType);
      return summary;
    } catch (IOException e) {
      throw IdsException.input(work + ": cannot merge task outputs: " + e.getMessage());
    }
  }

  /** Concatenates the parts in partition (= file, offset) order, adding 1-based line numbers. */
  private static long writeQuarantine(
      Configuration conf, FileSystem fs, FileStatus[] parts, String quarantine) throws IOException {
    Path qp = new Path(quarantine);
    long n = 0;
    LineCounter counter = null;
    try (OutputStream out = qp.getFileSystem(conf).create(qp, true)) {
      for (FileStatus s : parts) {
        if (!s.getPath().getName().startsWith("q-")) {
          continue;
        }
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(fs.open(s.getPath()), StandardCharsets.UTF_8))) {
          for (String line = r.readLine(); line != null; line = r.readLine()) {
            ObjectNode e = (ObjectNode) JSON.readTree(line);
            String file = e.get("file").asText();
            if (counter == null || !counter.file.equals(file)) {
              if (counter != null) {
                counter.close();
              }
              counter = new LineCounter(file, open(conf, file));
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("file", file);
            o.put("line", counter.lineAt(e.get("offset").asLong()));
            o.set("offset", e.get("offset"));
            o.set("reason", e.get("reason"));
            o.set("raw", e.get("raw"));
            out.write(JSON.writeValueAsBytes(o));
            out.write('\n');
            n++;
          }
        }
      }
    } finally {
      if (counter != null) {
        counter.close();
      }
    }
    return n;
  }

  private static void writeSummary(Configuration conf, String path, Map<String, Object> summary) {
    Path p = new Path(path);
    try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
      out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary));
      out.write('\n');
    } catch (IOException e) {
      throw IdsException.input(path + ": cannot write summary: " + e.getMessage());
    }
  }

  /**
   * Counts newlines of one file sequentially, to turn increasing byte offsets into line numbers.
   */
  private static final class LineCounter {
    final String file;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private long pos;
    private long line = 1;

    LineCounter(String file, InputStream in) {
      this.file = file;
      this.in = in;
    }

    long lineAt(long offset) throws IOException {
      while (pos < offset) {
        int want = (int) Math.min(buf.length, offset - pos);
        int got = in.read(buf, 0, want);
        if (got < 0) {
          break;
        }
        for (int i = 0; i < got; i++) {
          if (buf[i] == '\n') {
            line++;
          }
        }
        pos += got;
      }
      return line;
    }

    void close() throws IOException {
      in.close();
    }
  }
}
