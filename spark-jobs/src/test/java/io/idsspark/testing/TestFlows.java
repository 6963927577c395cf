package io.idsspark.testing;

import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic flows in the sniffer's CSV layout for the detect tests: "normal" flows whose features
 * vary around fixed centres (seeded, so every run is the same), and helpers to make one feature
 * abnormal.
 */
public final class TestFlows {
  private TestFlows() {}

  /** The sniffer's header line. */
  public static String header() {
    return String.join(",", FlowSchema.flowColumnNames());
  }

  /** A normal flow number {@code i}, with {@code overrides} (column -> value) applied. */
  public static String row(Random rnd, int i, Map<String, String> overrides) {
    List<String> out = new ArrayList<>();
    for (FlowColumn c : FlowSchema.columns()) {
      if (c.role() == FlowColumn.Role.LABEL) {
        continue;
      }
      String v =
          switch (c.name()) {
            case FlowSchema.TIMESTAMP_COL ->
                Instant.parse("2026-11-25T10:00:00Z").plusMillis(i * 10L).toString();
            case FlowSchema.SRC_IP -> "10.0." + (i / 250 % 250) + "." + (i % 250 + 1);
            case FlowSchema.DST_IP -> "10.1.0." + (i % 7 + 1);
            case FlowSchema.SRC_PORT -> Integer.toString(30000 + i % 30000);
            case FlowSchema.DST_PORT -> i % 2 == 0 ? "443" : "80";
            case FlowSchema.PROTOCOL -> "6";
            case FlowSchema.END_REASON -> "fin";
            case FlowSchema.EXPORTED_AT ->
                Instant.parse("2026-11-25T10:00:01Z").plusMillis(i * 10L).toString();
            default -> value(c, rnd);
          };
      out.add(overrides.getOrDefault(c.name(), v));
    }
    return String.join(",", out);
  }

  /** A value of feature {@code c} near a centre that depends on the column's name. */
  private static String value(FlowColumn c, Random rnd) {
    double centre = 20 + Math.abs(c.name().hashCode() % 50);
    double v = Math.max(0, centre * (1 + 0.15 * rnd.nextGaussian()));
    if (c.type() == FlowColumn.ColumnType.LONG || c.type() == FlowColumn.ColumnType.INT) {
      return Long.toString(Math.round(v));
    }
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }

  /** Writes {@code rows} (with the header) to {@code dir/name} via a hidden temp file + rename. */
  public static Path write(Path dir, String name, List<String> rows) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + name + ".tmp");
    StringBuilder b = new StringBuilder(header()).append('\n');
    for (String r : rows) {
      b.append(r).append('\n');
    }
    Files.writeString(tmp, b);
    return Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * {@code n} normal rows numbered from {@code from}; every {@code every}-th gets {@code abnormal}.
   */
  public static List<String> rows(
      long seed, int from, int n, int every, Map<String, String> abnormal) {
    Random rnd = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(row(rnd, i, every > 0 && i % every == 0 ? abnormal : Map.of()));
    }
    return out;
  }
}
