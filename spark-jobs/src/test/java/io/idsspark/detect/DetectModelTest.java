package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.AlertLog;
import io.idsspark.flow.FlowSchema;
import io.idsspark.model.StoredModel;
import io.idsspark.scoring.BatchScoring;
import io.idsspark.scoring.FlowScorer;
import io.idsspark.scoring.ModelScorers;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.spark.Inputs;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestModels;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detect and score with real (small) Isolation Forest models. */
class DetectModelTest {
  @TempDir static Path shared;
  static Path root;
  static StoredModel v1;

  @TempDir Path tmp;

  @BeforeAll
  static void model() throws Exception {
    root = shared.resolve("models");
    v1 = TestModels.train(root, shared.resolve("work"), 11, Instant.parse("2026-11-25T10:00:00Z"));
  }

  private static DetectRunner runner(Path tmp, long triggerMillis, ScorerSource s) {
    return new DetectRunner(
        new DetectSettings(
            tmp.resolve("flows"),
            "csv",
            tmp.resolve("logs"),
            tmp.resolve("logs"),
            tmp.resolve("ckpt"),
            triggerMillis,
            1,
            3,
            0,
            0),
        s,
        null,
        Clock.systemUTC());
  }

  @Test
  void streamingGivesTheSameAlertsAsBatchScoring() throws Exception {
    SparkSession spark = TestSpark.session();
    Path flows = tmp.resolve("flows");
    List<String> files = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      files.add(
          TestFlows.write(
                  flows,
                  "f" + f + ".csv",
                  TestFlows.rows(100 + f, f * 60, 60, 20, TestModels.FLOOD))
              .toString());
    }
    FlowScorer scorer = ModelScorers.load(root.toString(), new Configuration());
    runner(tmp, 0, () -> scorer).start(spark).awaitTermination();

    Dataset<Row> batch = BatchScoring.score(Inputs.readFlows(spark, files), scorer, 3, true);
    TreeSet<String> expected = new TreeSet<>();
    for (Row r : batch.collectAsList()) {
      expected.add(
          r.getAs("timestamp")
              + ","
              + r.getAs("src_ip")
              + ","
              + r.getAs("src_port")
              + ","
              + r.getAs("level"));
    }
    assertEquals(9, expected.size(), "every flooded flow alerts, no normal one: " + expected);
    TreeSet<String> streamed = new TreeSet<>();
    List<String> csv = Files.readAllLines(tmp.resolve("logs").resolve(AlertLog.CSV_FILE));
    for (String l : csv.subList(1, csv.size())) {
      String[] c = l.split(",", -1);
      streamed.add(c[0] + "," + c[1] + "," + c[3] + "," + c[7]);
      assertEquals(v1.version(), c[8]);
    }
    assertEquals(expected, streamed);
  }

  @Test
  void csvFilesInAnotherLayoutAreReadByTheirHeaderOnlyTheirBadRowsQuarantined() throws Exception {
    SparkSession spark = TestSpark.session();
    Path flows = tmp.resolve("flows");
    TestFlows.write(flows, "a-sniffer.csv", TestFlows.rows(200, 0, 60, 20, TestModels.FLOOD));
    // a labelled file (sniffer --label / generate): label columns inside, in schema order
    List<String> all = FlowSchema.allColumnNames();
    List<String> sniffer = FlowSchema.flowColumnNames();
    StringBuilder labelled = new StringBuilder(String.join(",", all)).append('\n');
    for (String row : TestFlows.rows(201, 100, 60, 20, TestModels.FLOOD)) {
      String[] v = row.split(",", -1);
      List<String> out = new ArrayList<>();
      for (String c : all) {
        int i = sniffer.indexOf(c);
        out.add(i >= 0 ? v[i] : c.equals(FlowSchema.LABEL_COL) ? "0" : "benign");
      }
      labelled.append(String.join(",", out)).append('\n');
    }
    labelled.append("garbage,row\n");
    Files.writeString(flows.resolve(".b.tmp"), labelled);
    Files.move(flows.resolve(".b.tmp"), flows.resolve("b-labelled.csv"));
    FlowScorer scorer = ModelScorers.load(root.toString(), new Configuration());
    runner(tmp, 0, () -> scorer).start(spark).awaitTermination();

    List<String> csv = Files.readAllLines(tmp.resolve("logs").resolve(AlertLog.CSV_FILE));
    assertEquals(1 + 6, csv.size(), "3 flooded flows in each file alert: " + csv);
    String log = Files.readString(tmp.resolve("logs").resolve("detect.log"));
    assertTrue(log.contains("\"files_read_by_header\":[\"b-labelled.csv\"]"), log);
    assertTrue(log.contains("\"quarantined_rows\":1,"), log);
    List<String> quarantined = new ArrayList<>();
    try (var s = Files.walk(tmp.resolve("logs").resolve("quarantine"))) {
      for (Path q : s.filter(q -> q.toString().endsWith(".json")).toList()) {
        quarantined.addAll(Files.readAllLines(q));
      }
    }
    assertEquals(1, quarantined.size(), "only the bad row: " + quarantined);
    assertTrue(quarantined.get(0).contains("garbage,row"), quarantined.get(0));
  }

  @Test
  void attributionsPointAtTheOneShiftedFeature() throws Exception {
    SparkSession spark = TestSpark.session();
    // An Isolation Forest scores a far value in one feature like the most extreme training value
    // of that feature, so with many features such a row barely stands out: a 4-feature model with
    // yellow at the 90th percentile makes it alert, and the test is about what the alert says.
    Path models = tmp.resolve("models4");
    TestModels.train(
        models,
        tmp.resolve("work"),
        5,
        Instant.parse("2026-11-25T13:00:00Z"),
        List.of("flow_duration", "tot_fwd_pkts", "flow_iat_mean", "pkt_len_mean"),
        0.9,
        0.99);
    // every feature typical except flow_iat_mean, a thousand times its usual value
    Path f =
        TestFlows.write(
            tmp.resolve("in"),
            "one.csv",
            TestFlows.rows(7, 0, 30, 10, Map.of("flow_iat_mean", "40000")));
    FlowScorer scorer = ModelScorers.load(models.toString(), new Configuration());
    List<Row> alerts =
        BatchScoring.score(Inputs.readFlows(spark, List.of(f.toString())), scorer, 3, true)
            .collectAsList();
    alerts = alerts.stream().filter(r -> ((Double) r.getAs("flow_iat_mean")) > 1000).toList();
    assertEquals(3, alerts.size(), "each shifted row alerts");
    for (Row r : alerts) {
      List<Row> top = r.getList(r.fieldIndex(FlowScorer.TOP_FEATURES));
      assertEquals(3, top.size());
      Row first = top.get(0);
      assertEquals("flow_iat_mean", first.getString(0), "top feature of " + r);
      assertEquals(40000.0, first.getDouble(1));
      assertTrue(first.getDouble(3) < 1000, "typical high of flow_iat_mean: " + first);
    }
  }

  @Test
  void aNewModelInLatestIsPickedUpAtABatchBoundary() throws Exception {
    SparkSession spark = TestSpark.session();
    Path models = tmp.resolve("models");
    StoredModel a =
        TestModels.train(models, tmp.resolve("work"), 21, Instant.parse("2026-11-25T11:00:00Z"));
    ModelScorers.Watching watching =
        new ModelScorers.Watching(models.toString(), new Configuration());
    DetectRunner runner = runner(tmp, 300, watching);
    List<String> swaps = new ArrayList<>();
    watching.onSwap(
        s -> {
          swaps.add(s.from() + "->" + s.to());
          runner.logEvent("model_switch", n -> n.put("from", s.from()).put("to", s.to()));
        });
    Path flows = tmp.resolve("flows");
    Files.createDirectories(flows);
    StreamingQuery q = runner.start(spark);
    try {
      TestFlows.write(flows, "a.csv", TestFlows.rows(1, 0, 40, 20, TestModels.FLOOD));
      waitForBatches(tmp.resolve("logs").resolve("detect.log"), 1);
      StoredModel b =
          TestModels.train(models, tmp.resolve("work"), 22, Instant.parse("2026-11-25T12:00:00Z"));
      assertNotEquals(a.version(), b.version());
      TestFlows.write(flows, "b.csv", TestFlows.rows(2, 40, 40, 20, TestModels.FLOOD));
      waitForBatches(tmp.resolve("logs").resolve("detect.log"), 2);
      assertEquals(List.of(a.version() + "->" + b.version()), swaps);
      Map<String, String> versionBySrc = new HashMap<>();
      List<String> csv = Files.readAllLines(tmp.resolve("logs").resolve(AlertLog.CSV_FILE));
      for (String l : csv.subList(1, csv.size())) {
        String[] c = l.split(",", -1);
        versionBySrc.put(c[0], c[8]);
      }
      assertEquals(4, versionBySrc.size(), csv.toString());
      // rows 0 and 20 came with a.csv, 40 and 60 with b.csv (timestamps 10 ms apart)
      assertEquals(a.version(), versionBySrc.get("2026-11-25T10:00:00Z"));
      assertEquals(a.version(), versionBySrc.get("2026-11-25T10:00:00.200Z"));
      assertEquals(b.version(), versionBySrc.get("2026-11-25T10:00:00.400Z"));
      assertEquals(b.version(), versionBySrc.get("2026-11-25T10:00:00.600Z"));
      List<String> log = Files.readAllLines(tmp.resolve("logs").resolve("detect.log"));
      assertTrue(log.stream().anyMatch(l -> l.contains("\"model_switch\"")), log.toString());
    } finally {
      q.stop();
    }
  }

  /** Waits until detect.log holds {@code n} batch lines (streaming under a loaded machine). */
  static void waitForBatches(Path log, int n) throws Exception {
    ObjectMapper json = new ObjectMapper();
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.exists(log)) {
        int batches = 0;
        for (String l : Files.readAllLines(log)) {
          JsonNode j = json.readTree(l);
          if (j.get("event").asText().equals("batch")) {
            batches++;
          }
        }
        if (batches >= n) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + n + " batches in " + log + " after 180 s");
  }
}
