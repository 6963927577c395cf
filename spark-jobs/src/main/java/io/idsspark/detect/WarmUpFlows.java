package io.idsspark.detect;

import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.CsvLine;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The warm-up's input: synthetic flows (the {@code generate} simulator, 5% attacks, so the
 * explanation path runs too) written in the watched format, in the sniffer's columns. Simulating is
 * slow, so a few are simulated and their file copied until there are enough. Each copy is moved
 * later in time, past the end of the one before ({@link Timeline}): with identical copies most
 * flows after the first file end before the last flow their host counted, so the warm-up compiled
 * host context's path for late flows while a live stream takes the in-order path (measured in
 * docs/benchmarks.md, session 23).
 */
final class WarmUpFlows {
  /** Flows simulated; the rest are copies of their file. */
  static final long SIMULATED = 2_000;

  private WarmUpFlows() {}

  /**
   * Writes at least {@code flows} flows as files of {@link #SIMULATED} flows into {@code out}.
   *
   * @return the flows written
   */
  static long write(SparkSession spark, Path out, long flows, String format) {
    long simulated = Math.min(flows, SIMULATED);
    GenerationPlan plan =
        GenerationPlan.ofRows(
            simulated, 0.05, FlowKind.attacks(), 1, Instant.parse("2026-01-01T00:00:00Z"));
    Column[] sniffer =
        FlowSchema.flowColumnNames().stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> synthetic = SyntheticFlows.generate(spark, plan, 1).select(sniffer);
    if (format.equals("csv")) {
      synthetic.write().option("header", "true").csv(out.toString());
    } else {
      // nulls written out, as the sniffer writes them: the JIT then sees the reader's null branch
      synthetic.write().option("ignoreNullFields", "false").json(out.toString());
    }
    int copies = (int) Math.ceil((double) flows / simulated);
    copyPartFile(out, copies, format);
    return copies * simulated;
  }

  /**
   * The flow records of the simulated file in {@code dir} (written by {@link #write}), one per
   * non-empty line; the copies only repeat them.
   */
  static List<byte[]> simulatedLines(Path dir) {
    List<byte[]> out = new ArrayList<>();
    try {
      for (String l : Files.readAllLines(partFile(dir), StandardCharsets.UTF_8)) {
        if (!l.isBlank()) {
          out.add(l.getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the warm-up flows in " + dir, e);
    }
    return out;
  }

  /** The part file Spark wrote into {@code dir}. */
  private static Path partFile(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("part-"))
          .findFirst()
          .orElseThrow(() -> new IOException("no part file written in " + dir));
    }
  }

  /**
   * Turns the one part file in {@code dir} into {@code copies} files, each one's flows later than
   * the one before's ({@link Timeline}; identical copies when the times cannot be read).
   */
  private static void copyPartFile(Path dir, int copies, String format) {
    try {
      Path part = partFile(dir);
      String name = part.getFileName().toString();
      Timeline timeline = Timeline.of(Files.readAllLines(part, StandardCharsets.UTF_8), format);
      for (int i = 1; i < copies; i++) {
        Path to = dir.resolve("copy" + i + "-" + name);
        if (timeline == null) {
          Files.copy(part, to);
        } else {
          Files.write(to, timeline.copy(i), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the warm-up flows in " + dir, e);
    }
  }

  /**
   * The lines of a simulated file (CSV with its header, or JSON lines), each cut once around its
   * flow's time; {@link #copy} moves every time by whole spans, a span being the file's
   * first-to-last time plus one second, and writes it back in the layout it was read in.
   */
  static final class Timeline {
    /** A JSON line's time field, as Spark's JSON writer writes it. */
    private static final Pattern JSON_TIME =
        Pattern.compile("\"" + FlowSchema.TIMESTAMP_COL + "\":\"([^\"]*)\"");

    private final String header;
    private final List<String> before = new ArrayList<>();
    private final List<String> after = new ArrayList<>();
    private final List<OffsetDateTime> times = new ArrayList<>();
    private final List<DateTimeFormatter> layouts = new ArrayList<>();
    private Duration span;

    private Timeline(String header) {
      this.header = header;
    }

    /**
     * The file's timeline, or null when a line's time cannot be read or would not be written back
     * as it was (the copies are then plain copies).
     */
    static Timeline of(List<String> lines, String format) {
      boolean csv = format.equals("csv");
      if (lines.isEmpty()) {
        return null;
      }
      CsvLine fields = new CsvLine();
      int at = 0;
      if (csv) {
        at = -1;
        for (int i = 0; fields.split(lines.get(0)) && i < fields.count(); i++) {
          at = fields.text(i).equals(FlowSchema.TIMESTAMP_COL) ? i : at;
        }
        if (at < 0) {
          return null;
        }
      }
      Timeline t = new Timeline(csv ? lines.get(0) : null);
      for (int i = csv ? 1 : 0; i < lines.size(); i++) {
        String l = lines.get(i);
        if (!l.isBlank() && !(csv ? t.addCsv(fields, l, at) : t.addJson(l))) {
          return null;
        }
      }
      if (t.times.isEmpty()) {
        return null;
      }
      Instant first = t.times.stream().map(OffsetDateTime::toInstant).min(Instant::compareTo).get();
      Instant last = t.times.stream().map(OffsetDateTime::toInstant).max(Instant::compareTo).get();
      t.span = Duration.between(first, last).plusSeconds(1);
      return t;
    }

    /** The lines with every flow's time {@code n} spans later (the header as it is). */
    List<String> copy(int n) {
      Duration shift = span.multipliedBy(n);
      List<String> out = new ArrayList<>(times.size() + 1);
      if (header != null) {
        out.add(header);
      }
      for (int k = 0; k < times.size(); k++) {
        out.add(before.get(k) + layouts.get(k).format(times.get(k).plus(shift)) + after.get(k));
      }
      return out;
    }

    /** Adds a CSV line whose field {@code at} is its time; false if it is not one. */
    private boolean addCsv(CsvLine csv, String l, int at) {
      return csv.split(l) && csv.count() > at && add(l, csv.start(at), csv.end(at));
    }

    /** Adds a JSON line with a time field; false without one. */
    private boolean addJson(String l) {
      Matcher m = JSON_TIME.matcher(l);
      return m.find() && add(l, m.start(1), m.end(1));
    }

    /** Adds a line whose time is {@code l[from, to)}; false if it does not read back alike. */
    private boolean add(String l, int from, int to) {
      String t = l.substring(from, to);
      try {
        OffsetDateTime parsed = OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        DateTimeFormatter layout = layoutOf(t);
        if (!layout.format(parsed).equals(t)) {
          return false;
        }
        before.add(l.substring(0, from));
        after.add(l.substring(to));
        times.add(parsed);
        layouts.add(layout);
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }

    /**
     * The layout of an ISO time as Spark writes it ({@code 2026-01-01T00:12:34.658431Z}): as many
     * fraction digits and the offset as written, so a moved time reads back alike.
     */
    private static DateTimeFormatter layoutOf(String t) {
      int dot = t.indexOf('.');
      int digits = 0;
      while (dot >= 0
          && dot + 1 + digits < t.length()
          && Character.isDigit(t.charAt(dot + 1 + digits))) {
        digits++;
      }
      return DateTimeFormatter.ofPattern(
          "yyyy-MM-dd'T'HH:mm:ss" + (digits > 0 ? "." + "S".repeat(digits) : "") + "XXX");
    }
  }

  /** Deletes a folder and what it holds; a temporary folder left behind is harmless. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left behind
    }
  }
}
