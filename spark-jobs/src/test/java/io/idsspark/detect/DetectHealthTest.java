package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.health.DriftWindow;
import io.idsspark.health.HealthLog;
import io.idsspark.health.HealthStatus;
import io.idsspark.jobs.IdsJobs;
import io.idsspark.model.StoredModel;
import io.idsspark.scoring.FlowScorer;
import io.idsspark.scoring.ModelScorers;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestModels;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect's health.jsonl on a real stream over flow files: a batch line per micro-batch with its
 * counts, drift figures from the model's training reference that stay low while the traffic looks
 * like training and cross the level when one input moves (one drift record naming it), a heartbeat
 * when no batch comes, and {@code status} reading it: drifting, then stalled when the lines stop.
 */
class DetectHealthTest {
  @TempDir Path tmp;

  /**
   * Runs detect over {@code files} files of 600 flows, the first two like training, the others with
   * every flow's forward packets far up; health with each batch judged alone (a 1 ms window, a
   * finding as soon as an input is above the level, every batch sampled) and the model in use as
   * its own shadow (full agreement); waits {@code afterMillis} before stopping. Returns the logs
   * folder.
   */
  private Path runWithHealth(
      org.apache.spark.sql.SparkSession spark, StoredModel m, int files, long afterMillis)
      throws Exception {
    FlowScorer scorer = ModelScorers.load(tmp.resolve("models").toString(), new Configuration());
    Path flows = tmp.resolve("flows");
    for (int f = 0; f < files; f++) {
      Map<String, String> shift = f < 2 ? Map.of() : Map.of("tot_fwd_pkts", "90000");
      TestFlows.write(
          flows, "f" + f + ".csv", TestFlows.rows(70 + f, f * 600, 600, f < 2 ? 0 : 1, shift));
      // in order for the stream (files of one millisecond are taken in no set order)
      Files.setLastModifiedTime(
          flows.resolve("f" + f + ".csv"),
          java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (f + 1)));
    }
    Path logs = tmp.resolve("logs");
    DetectRunner runner =
        new DetectRunner(
                new DetectSettings(flows, "csv", logs, logs, tmp.resolve("ckpt"), 0, 1, 3, 0, 0),
                () -> scorer,
                null,
                Clock.systemUTC())
            .withHealth(new DriftWindow.Settings(0.25, 1, 0, 100, 1, 0, 0), 500)
            .withShadow(m);
    runner.start(spark).awaitTermination();
    Thread.sleep(afterMillis);
    runner.close();
    return logs;
  }

  @Test
  void aStreamWithHostContextSamplesItsBatchesInTheScoringPass() throws Exception {
    // CSV lines with host context are read once: the health sample comes with the alerts
    var spark = TestSpark.session();
    Path models = tmp.resolve("models");
    List<String> features = new ArrayList<>(io.idsspark.flow.FeatureSet.MINIMAL.featureNames());
    features.add("src_flows_60s");
    StoredModel m =
        TestModels.train(
            models, tmp.resolve("work"), 61, Instant.parse("2026-12-06T10:00:00Z"), features, 1, 1);
    Path logs = runWithHealth(spark, m, 3, 0); // no grace for the context model's first minute
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> batches = new ArrayList<>();
    for (String l : Files.readAllLines(logs.resolve(HealthLog.FILE))) {
      JsonNode n = json.readTree(l);
      if (n.get("type").asText().equals("batch")) {
        batches.add(n);
      }
    }
    assertEquals(3, batches.size(), batches.toString());
    for (int b = 0; b < 3; b++) {
      JsonNode n = batches.get(b);
      assertTrue(n.at("/drift/sampled").asBoolean(), n.toString());
      // every well-formed flow of each batch was in its sample (600 < the sample's 1,000)
      assertEquals(600L * (b + 1), n.at("/shadow/flows").asLong(), n.toString());
      assertEquals(1.0, n.at("/shadow/rank_correlation").asDouble(), n.toString());
    }
    assertEquals("tot_fwd_pkts", batches.get(2).at("/drift/top/0/feature").asText());
    assertTrue(batches.get(2).at("/drift/drifting").asBoolean(), batches.get(2).toString());
    assertTrue(batches.get(0).at("/drift/top/0/psi").asDouble() < 0.25, batches.get(0).toString());
  }

  @Test
  void batchLinesDriftAndHeartbeatAndStatusReadsThem() throws Exception {
    var spark = TestSpark.session();
    Path models = tmp.resolve("models");
    StoredModel m =
        TestModels.train(models, tmp.resolve("work"), 61, Instant.parse("2026-12-06T10:00:00Z"));
    Path logs = runWithHealth(spark, m, 4, 1_500); // then no more batches: heartbeats

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> batches = new ArrayList<>();
    List<JsonNode> drifts = new ArrayList<>();
    List<JsonNode> beats = new ArrayList<>();
    List<JsonNode> all = new ArrayList<>();
    for (String l : Files.readAllLines(logs.resolve(HealthLog.FILE))) {
      JsonNode n = json.readTree(l);
      all.add(n);
      assertTrue(n.has("@timestamp"), l);
      switch (n.get("type").asText()) {
        case "batch" -> batches.add(n);
        case "drift" -> drifts.add(n);
        case "heartbeat" -> beats.add(n);
        default -> throw new AssertionError("unknown type: " + l);
      }
    }
    assertEquals(4, batches.size(), "one line per micro-batch: " + batches);
    for (int b = 0; b < 4; b++) {
      JsonNode n = batches.get(b);
      assertEquals(b, n.get("batch_id").asLong());
      assertEquals(600, n.get("input_rows").asLong());
      assertEquals(m.version(), n.get("model_version").asText());
      assertEquals(0, n.get("quarantined_rows").asLong());
      assertTrue(n.at("/latency_ms/batches").asLong() >= 1, n.toString());
      assertEquals(b >= 2, n.at("/drift/drifting").asBoolean(), n.toString());
      assertEquals(m.version(), n.at("/shadow/model_version").asText());
      assertEquals(Math.min(600 * (b + 1), 20_000), n.at("/shadow/flows").asLong(), n.toString());
      assertEquals(1.0, n.at("/shadow/alert_overlap").asDouble(), n.toString());
      assertEquals(1.0, n.at("/shadow/rank_correlation").asDouble(), n.toString());
    }
    // one input far off alone does not make these flows alert (the forest sees them as edge cases
    // of training): drift is what tells that the traffic has changed
    assertTrue(batches.get(2).at("/alerts/red").isNumber(), batches.get(2).toString());
    assertTrue(batches.get(0).at("/drift/top/0/psi").asDouble() < 0.25, batches.get(0).toString());
    assertEquals("tot_fwd_pkts", batches.get(2).at("/drift/top/0/feature").asText());
    assertEquals(1, drifts.size(), "one record for the episode: " + drifts);
    assertEquals("tot_fwd_pkts", drifts.get(0).at("/features/0/feature").asText());
    assertFalse(beats.isEmpty(), "heartbeats once the batches stopped");
    assertEquals(3, beats.get(beats.size() - 1).get("last_batch_id").asLong());

    // status: drifting now; stalled once no line came for a minute
    Instant last = Instant.parse(all.get(all.size() - 1).get("@timestamp").asText());
    assertEquals(
        HealthStatus.Verdict.DRIFTING, HealthStatus.of(all, last.plusSeconds(5), null).verdict());
    assertEquals(
        HealthStatus.Verdict.STALLED, HealthStatus.of(all, last.plusSeconds(61), null).verdict());
    assertEquals(
        HealthStatus.Verdict.STALLED,
        HealthStatus.of(all, last.plusSeconds(5), Duration.ofMillis(1)).verdict(),
        "no flows for longer than --max-idle");
    assertEquals(
        7,
        IdsJobs.commandLine().execute("status", "--alerts-dir", logs.toString()),
        "the job's exit code says drifting");
    assertEquals(
        3,
        IdsJobs.commandLine().execute("status", "--alerts-dir", tmp.resolve("none").toString()),
        "no health file");
  }
}
