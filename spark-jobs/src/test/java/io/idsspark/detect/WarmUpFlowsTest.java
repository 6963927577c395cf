package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The warm-up's copies of its simulated file continue its timeline: each copy's flows start after
 * the one before's last flow, and only the time differs, so the stream's warm-up takes host
 * context's in-order path (not the late-flow path that identical copies would make it take).
 */
class WarmUpFlowsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"csv", "jsonl"})
  void eachCopyIsTheSimulatedFileMovedPastTheOneBefore(String format) throws Exception {
    SparkSession spark = TestSpark.session();
    Path out = tmp.resolve(format);
    long written = WarmUpFlows.write(spark, out, 3 * WarmUpFlows.SIMULATED, format);
    assertEquals(3 * WarmUpFlows.SIMULATED, written);

    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      // Spark's part file and its copies (not the .crc files beside them)
      files = s.filter(f -> f.getFileName().toString().matches("(copy[0-9]+-)?part-.*")).toList();
    }
    assertEquals(3, files.size(), files.toString());
    // the simulated file, then its copies in order
    List<Path> ordered =
        List.of(named(files, "part-"), named(files, "copy1-"), named(files, "copy2-"));

    List<List<String>> lines = new ArrayList<>();
    for (Path f : ordered) {
      lines.add(Files.readAllLines(f, StandardCharsets.UTF_8));
    }
    Instant lastBefore = null;
    for (int c = 0; c < 3; c++) {
      List<Instant> times = times(lines.get(c), format);
      assertEquals(WarmUpFlows.SIMULATED, times.size(), "flows of file " + c);
      Instant first = times.stream().min(Instant::compareTo).orElseThrow();
      if (lastBefore != null) {
        assertTrue(first.isAfter(lastBefore), "copy " + c + " starts after the file before ends");
      }
      lastBefore = times.stream().max(Instant::compareTo).orElseThrow();
      assertEquals(lines.get(0).size(), lines.get(c).size());
      for (int i = 0; i < lines.get(0).size(); i++) {
        assertEquals(
            withoutTime(lines.get(0).get(i), format),
            withoutTime(lines.get(c).get(i), format),
            "only the time differs, line " + i + " of copy " + c);
      }
    }
  }

  @Test
  void timesInAnotherLayoutLeaveThePlainCopy() {
    List<String> lines = List.of("timestamp,src_ip", "2026-01-01 00:00:00,10.0.0.1");
    assertNull(WarmUpFlows.Timeline.of(lines, "csv"), "a time without its offset");
    assertNull(WarmUpFlows.Timeline.of(List.of("{\"src_ip\":\"10.0.0.1\"}"), "jsonl"), "no time");
    assertNull(WarmUpFlows.Timeline.of(List.of("src_ip", "10.0.0.1"), "csv"), "no time column");
  }

  private static Path named(List<Path> files, String prefix) {
    return files.stream()
        .filter(f -> f.getFileName().toString().startsWith(prefix))
        .findFirst()
        .orElseThrow();
  }

  private static final Pattern JSON_TIME = Pattern.compile("\"timestamp\":\"([^\"]*)\"");

  private static List<Instant> times(List<String> lines, String format) {
    List<Instant> out = new ArrayList<>();
    if (format.equals("csv")) {
      int at = List.of(lines.get(0).split(",", -1)).indexOf("timestamp");
      for (String l : lines.subList(1, lines.size())) {
        out.add(OffsetDateTime.parse(l.split(",", -1)[at]).toInstant());
      }
    } else {
      for (String l : lines) {
        Matcher m = JSON_TIME.matcher(l);
        assertTrue(m.find(), l);
        out.add(OffsetDateTime.parse(m.group(1)).toInstant());
      }
    }
    return out;
  }

  private static String withoutTime(String line, String format) {
    if (format.equals("csv")) {
      String[] f = line.split(",", -1);
      f[0] = f[0].equals("timestamp") ? f[0] : "T"; // the sniffer's layout starts with the time
      return String.join(",", f);
    }
    return JSON_TIME.matcher(line).replaceFirst("T");
  }
}
