package io.idsspark.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code health.jsonl} says of a detector now: its last lines read (the file's tail only, so a
 * long-running detector's file costs nothing), a verdict and a one-screen summary. Stalled: no line
 * for {@link #STALL_SECONDS} (a running detector writes a heartbeat at least every {@code
 * heartbeat_seconds}), or, when asked, no flow for longer than {@code maxIdle}. Drifting: the last
 * batch line says a drift finding is current.
 */
public final class HealthStatus {
  /** Seconds without any health line after which a detector counts as stalled (the contract's). */
  public static final long STALL_SECONDS = 60;

  /** Bytes of the file's end that are read. */
  private static final int TAIL_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The verdict. */
  public enum Verdict {
    HEALTHY,
    STALLED,
    DRIFTING
  }

  /** The verdict and the summary lines. */
  public record Report(Verdict verdict, List<String> lines) {}

  private HealthStatus() {}

  /** The last lines of {@code file} (a whole-line tail), parsed; unparsable lines are skipped. */
  public static List<JsonNode> tail(Path file) throws IOException {
    return tail(file, TAIL_BYTES);
  }

  /**
   * The whole lines within the last {@code bytes} of {@code file}, parsed (unparsable ones
   * skipped): a JSON-lines file that grows for as long as a process runs is read from its end only.
   */
  public static List<JsonNode> tail(Path file, int bytes) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, f.length() - bytes);
      byte[] b = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(b);
      String text = new String(b, StandardCharsets.UTF_8);
      String[] lines = text.split("\n");
      for (int i = start > 0 ? 1 : 0; i < lines.length; i++) {
        try {
          if (!lines[i].isBlank()) {
            out.add(JSON.readTree(lines[i]));
          }
        } catch (IOException e) {
          // a half-written last line, or not ours: the rest still tells
        }
      }
    }
    return out;
  }

  /**
   * The report at {@code now} from the file's last lines.
   *
   * @param maxIdle no batch with flows for longer than this is stalled too (null: not checked)
   */
  public static Report of(List<JsonNode> lines, Instant now, Duration maxIdle) {
    List<String> out = new ArrayList<>();
    if (lines.isEmpty()) {
      out.add("no health lines yet: is detect running, and writing to this folder?");
      return new Report(Verdict.STALLED, out);
    }
    JsonNode last = lines.get(lines.size() - 1);
    Instant lastAt = Instant.parse(last.path("@timestamp").asText());
    long quiet = Duration.between(lastAt, now).toSeconds();
    JsonNode batch = null;
    JsonNode withRows = null;
    JsonNode drift = null;
    long yellow = 0;
    long red = 0;
    Instant since = now.minusSeconds(300);
    for (JsonNode n : lines) {
      String type = n.path("type").asText();
      Instant at = Instant.parse(n.path("@timestamp").asText());
      if (type.equals("batch")) {
        batch = n;
        if (n.path("input_rows").asLong() > 0) {
          withRows = n;
        }
        if (at.isAfter(since)) {
          yellow += n.at("/alerts/yellow").asLong();
          red += n.at("/alerts/red").asLong();
        }
      } else if (type.equals("drift")) {
        drift = n;
      }
    }
    Verdict v = Verdict.HEALTHY;
    String why = "healthy";
    if (quiet > STALL_SECONDS) {
      v = Verdict.STALLED;
      why = "STALLED: no health line for " + quiet + " s (detect stopped or hung?)";
    } else if (maxIdle != null
        && (withRows == null
            || Duration.between(Instant.parse(withRows.path("@timestamp").asText()), now)
                    .compareTo(maxIdle)
                > 0)) {
      v = Verdict.STALLED;
      why =
          "STALLED: no flows for more than " + maxIdle.toSeconds() + " s (is the sniffer running?)";
    } else if (batch != null && batch.at("/drift/drifting").asBoolean(false)) {
      v = Verdict.DRIFTING;
      why = "DRIFTING: the traffic has moved away from what the model learned";
    }
    out.add(String.format(Locale.ROOT, "status: %s; last line %d s ago (%s)", why, quiet, lastAt));
    if (batch != null) {
      out.add(
          String.format(
              Locale.ROOT,
              "input: batch %d, %d flows, %d flows/s; processing %d ms; %d quarantined",
              batch.path("batch_id").asLong(),
              batch.path("input_rows").asLong(),
              batch.path("input_rows_per_s").asLong(),
              batch.path("processing_ms").asLong(),
              batch.path("quarantined_rows").asLong()));
      JsonNode lat = batch.path("latency_ms");
      out.add(
          String.format(
              Locale.ROOT,
              "latency (oldest input of a batch, last %d batches): p50 %.1f s, p99 %.1f s; lag %s",
              lat.path("batches").asLong(),
              lat.path("p50").asLong() / 1000.0,
              lat.path("p99").asLong() / 1000.0,
              batch.path("lag").toString()));
      out.add(
          String.format(
              Locale.ROOT,
              "alerts in the last 5 min: %d red, %d yellow (%.1f a minute); open incidents %d",
              red,
              yellow,
              (red + yellow) / 5.0,
              batch.at("/incidents/open_now").asLong()));
      JsonNode d = batch.path("drift");
      if (d.isMissingNode()) {
        out.add("drift: no figures (the model has no drift reference: train it again)");
      } else {
        StringBuilder top = new StringBuilder();
        for (JsonNode f : d.path("top")) {
          top.append(top.length() == 0 ? "" : ", ")
              .append(f.path("feature").asText())
              .append(' ')
              .append(f.path("psi").asDouble());
        }
        out.add(
            String.format(
                Locale.ROOT,
                "drift: %s (PSI level %.2f, %d flows in the window); highest: %s",
                d.path("drifting").asBoolean() ? "DRIFTING" : "none",
                d.path("level").asDouble(),
                d.path("rows").asLong(),
                top.length() == 0 ? "not enough flows yet" : top));
      }
      out.add("model: " + batch.path("model_version").asText());
    }
    if (drift != null) {
      out.add(
          "last drift record: " + drift.path("@timestamp").asText() + " " + drift.path("features"));
    }
    return new Report(v, out);
  }
}
