package io.idsspark.detect;

import io.idsspark.flow.FlowSchema;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The warm-up's input: synthetic flows (the {@code generate} simulator, 5% attacks, so the
 * explanation path runs too) written in the watched format, in the sniffer's columns. Simulating is
 * slow, so a few are simulated and their file copied until there are enough.
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
    copyPartFile(out, copies);
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

  /** Turns the one part file in {@code dir} into {@code copies} identical files. */
  private static void copyPartFile(Path dir, int copies) {
    try {
      Path part = partFile(dir);
      String name = part.getFileName().toString();
      for (int i = 1; i < copies; i++) {
        Files.copy(part, dir.resolve("copy" + i + "-" + name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the warm-up flows in " + dir, e);
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
