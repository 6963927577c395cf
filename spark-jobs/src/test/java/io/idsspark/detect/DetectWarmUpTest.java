package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.AlertLog;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up warm-up runs the whole batch pass on synthetic flows (alerting rows included) but
 * writes no alert, and the stream that follows starts at batch 0 with exactly its own files'
 * alerts; a failed warm-up is logged and does not stop detection.
 */
class DetectWarmUpTest {
  @TempDir Path tmp;

  @Test
  void warmUpScoresAlertingFlowsWritesNoAlertAndLeavesTheStreamAsItWas() throws Exception {
    SparkSession spark = TestSpark.session();
    Path flows = Files.createDirectories(tmp.resolve("flows"));
    Path logs = tmp.resolve("logs");
    // red above 3 forward packets: many synthetic flows alert, so the explanation path runs too
    ScorerSource rule = () -> new RuleScorer("rule-1", 3);
    DetectRunner runner =
        new DetectRunner(
            new DetectSettings(flows, "csv", logs, logs, tmp.resolve("ckpt"), 0, 0, 3, 0, 0),
            rule,
            null,
            Clock.systemUTC());

    BatchDetector.Result seen = runner.warmUp(spark, 3000, 2);

    assertEquals(4000, seen.rows(), "2,000 simulated flows read twice (two copies of one file)");
    assertEquals(0, seen.quarantined(), "the warm-up's own file parses cleanly");
    assertTrue(seen.red() > 0 && seen.red() < seen.rows(), "some, not all, alert: " + seen.red());
    assertEquals(seen.red(), seen.alerts().size());
    assertFalse(Files.exists(logs.resolve(AlertLog.CSV_FILE)), "no alert written");
    assertFalse(Files.exists(logs.resolve(AlertLog.JSONL_FILE)), "no alert written");
    // the alerts' incidents are grouped too (to warm that code), and thrown away
    assertFalse(Files.exists(logs.resolve(AlertLog.INCIDENTS_CSV_FILE)), "no incident written");
    assertFalse(Files.exists(logs.resolve(AlertLog.INCIDENTS_JSONL_FILE)), "no incident written");
    assertFalse(Files.exists(tmp.resolve("ckpt").resolve(StreamWarmUp.WARMUP_DIR)), "removed");

    TestFlows.write(flows, "f1.csv", TestFlows.rows(1, 0, 40, 10, Map.of("tot_fwd_pkts", "5000")));
    runner.start(spark).awaitTermination();

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(logs.resolve("detect.log"))) {
      lines.add(json.readTree(l));
    }
    assertEquals(2, lines.size(), lines.toString());
    JsonNode warm = lines.get(0);
    assertEquals("warmup", warm.get("event").asText());
    assertEquals(4000, warm.get("flows").asLong());
    assertEquals(seen.red(), warm.get("alerts_not_written").asLong());
    assertEquals(2, warm.get("pass_ms").size());
    JsonNode batch = lines.get(1);
    assertEquals("batch", batch.get("event").asText());
    assertEquals(0, batch.get("batch").asLong(), "the warm-up uses no batch id");
    assertEquals(40, batch.get("rows").asLong());
    for (String part : List.of("model", "score", "alerts")) {
      assertTrue(batch.at("/latency_parts_ms/" + part).isNumber(), part + ": " + batch);
    }
    long red = batch.at("/alerts/red").asLong();
    assertTrue(red >= 4, "the 4 rows with 5,000 packets at least: " + red);
    assertEquals(1 + red, Files.readAllLines(logs.resolve(AlertLog.CSV_FILE)).size());
    assertEquals(red, Files.readAllLines(logs.resolve(AlertLog.JSONL_FILE)).size());
    // the stream's incidents start from its own alerts alone: every record opens in batch 0
    List<String> incidents = Files.readAllLines(logs.resolve(AlertLog.INCIDENTS_JSONL_FILE));
    assertFalse(incidents.isEmpty(), "the stream's alerts make incidents");
    assertEquals(incidents.size(), batch.at("/incidents/opened").asLong(), batch.toString());
    for (String l : incidents) {
      assertEquals("open", json.readTree(l).path("status").asText("?"), l);
    }
  }

  @Test
  void aFailedWarmUpIsLoggedAndDetectionGoesOn() throws Exception {
    SparkSession spark = TestSpark.session();
    Path flows = Files.createDirectories(tmp.resolve("flows"));
    Path logs = tmp.resolve("logs");
    AtomicInteger calls = new AtomicInteger();
    ScorerSource firstCallFails =
        () -> {
          if (calls.getAndIncrement() == 0) {
            throw new IllegalStateException("model store unreachable");
          }
          return new RuleScorer("rule-1", 1000);
        };
    DetectRunner runner =
        new DetectRunner(
            new DetectSettings(flows, "csv", logs, logs, tmp.resolve("ckpt"), 0, 0, 3, 0, 0),
            firstCallFails,
            null,
            Clock.systemUTC());

    assertEquals(0, runner.warmUp(spark, 50, 1).rows());

    TestFlows.write(flows, "f1.csv", TestFlows.rows(1, 0, 40, 10, Map.of("tot_fwd_pkts", "5000")));
    runner.start(spark).awaitTermination();
    List<String> lines = Files.readAllLines(logs.resolve("detect.log"));
    ObjectMapper json = new ObjectMapper();
    JsonNode warm = json.readTree(lines.get(0));
    assertEquals("warmup", warm.get("event").asText());
    assertTrue(warm.get("error").asText().contains("model store unreachable"), warm.toString());
    JsonNode batch = json.readTree(lines.get(1));
    assertEquals(40, batch.get("rows").asLong());
    assertEquals(4, batch.at("/alerts/red").asLong());
    assertEquals(1 + 4, Files.readAllLines(logs.resolve(AlertLog.CSV_FILE)).size());
  }
}
