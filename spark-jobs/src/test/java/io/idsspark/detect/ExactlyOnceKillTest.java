package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.AlertFormats;
import io.idsspark.alerts.AlertLog;
import io.idsspark.scoring.BatchScoring;
import io.idsspark.scoring.FlowScorer;
import io.idsspark.scoring.ModelScorers;
import io.idsspark.spark.Inputs;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestModels;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code detect} job in child JVMs and SIGKILLs it inside a batch: once between the
 * CSV and the JSONL write of batch 1's alerts, once between the CSV and the JSONL write of batch
 * 2's incident records, once after batch 3 was committed to the files but before Spark committed it
 * (so Spark replays it). After a clean fourth run, every alert is in both alert files exactly once,
 * and the incident files hold exactly what an uninterrupted run writes: the flood's incident opened
 * once and updated once per later batch.
 */
class ExactlyOnceKillTest {
  @TempDir Path tmp;

  @Test
  void everyAlertExactlyOnceInBothFilesAfterKillsInsideBatches() throws Exception {
    Path models = tmp.resolve("models");
    TestModels.train(models, tmp.resolve("work"), 31, Instant.parse("2026-11-25T14:00:00Z"));
    Path flows = tmp.resolve("flows");
    List<String> files = new ArrayList<>();
    java.util.Map<String, String> flood = new java.util.HashMap<>(TestModels.FLOOD);
    flood.put("src_ip", "10.9.9.9");
    for (int f = 0; f < 4; f++) {
      files.add(
          TestFlows.write(flows, "f" + f + ".csv", TestFlows.rows(40 + f, f * 50, 50, 10, flood))
              .toString());
    }
    Path alerts = tmp.resolve("alerts");

    // 1: killed between the CSV and the JSONL write of batch 1
    Process p1 = detect(models, flows, alerts, "after-csv:1");
    killWhenPaused(p1, alerts.resolve(".paused-after-csv-1"));
    int csvAlerts = Files.readAllLines(alerts.resolve(AlertLog.CSV_FILE)).size() - 1;
    int jsonAlerts = Files.readAllLines(alerts.resolve(AlertLog.JSONL_FILE)).size();
    assertEquals(10, csvAlerts, "batches 0 and 1 in the CSV when killed");
    assertEquals(5, jsonAlerts, "only batch 0 in the JSONL when killed");

    // 2: killed between the incident CSV and JSONL writes of batch 2
    Process p2 = detect(models, flows, alerts, "after-incidents-csv:2");
    killWhenPaused(p2, alerts.resolve(".paused-after-incidents-csv-2"));
    assertEquals(
        4, Files.readAllLines(alerts.resolve(AlertLog.INCIDENTS_CSV_FILE)).size(), "3 + header");
    assertEquals(2, Files.readAllLines(alerts.resolve(AlertLog.INCIDENTS_JSONL_FILE)).size());

    // 3: killed after batch 3 was committed to the files, before Spark's own commit
    Process p3 = detect(models, flows, alerts, "after-commit:3");
    killWhenPaused(p3, alerts.resolve(".paused-after-commit-3"));

    // 4: replays batch 3 (skipped) and ends
    Process p4 = detect(models, flows, alerts, null);
    new DetectProcess(tmp).finishes(p4);

    // incidents: one, opened by batch 0, updated by 1, 2 and 3, each record once in both files
    List<String> incidents = Files.readAllLines(alerts.resolve(AlertLog.INCIDENTS_CSV_FILE));
    List<String> records = new ArrayList<>();
    for (String l : incidents.subList(1, incidents.size())) {
      String[] c = l.split(",");
      records.add(c[1] + " " + c[5] + " " + c[7]);
    }
    assertEquals(
        List.of(
            "open 10.9.9.9 5", "update 10.9.9.9 10", "update 10.9.9.9 15", "update 10.9.9.9 20"),
        records);
    List<String> jsonRecords = new ArrayList<>();
    for (String l : Files.readAllLines(alerts.resolve(AlertLog.INCIDENTS_JSONL_FILE))) {
      JsonNode n = new ObjectMapper().readTree(l);
      jsonRecords.add(
          n.get("status").asText() + " " + n.get("key").asText() + " " + n.get("alerts").asInt());
    }
    assertEquals(records, jsonRecords);

    // expected: the same flows scored in batch mode
    FlowScorer scorer = ModelScorers.load(models.toString(), new Configuration());
    TreeSet<String> expected = new TreeSet<>();
    for (Row r :
        BatchScoring.score(Inputs.readFlows(TestSpark.session(), files), scorer, 3, true)
            .collectAsList()) {
      expected.add(r.getAs("timestamp") + "," + r.getAs("src_ip") + "," + r.getAs("src_port"));
    }
    assertEquals(20, expected.size());

    List<String> csv = Files.readAllLines(alerts.resolve(AlertLog.CSV_FILE));
    assertEquals(AlertFormats.csvHeader().strip(), csv.get(0));
    List<String> csvKeys = new ArrayList<>();
    for (String l : csv.subList(1, csv.size())) {
      String[] c = l.split(",", -1);
      csvKeys.add(c[0] + "," + c[1] + "," + c[3]);
    }
    assertEquals(expected.size(), csvKeys.size(), "no CSV alert lost or doubled: " + csv);
    assertEquals(expected, new TreeSet<>(csvKeys));

    List<String> jsonKeys = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String l : Files.readAllLines(alerts.resolve(AlertLog.JSONL_FILE))) {
      JsonNode n = json.readTree(l);
      jsonKeys.add(
          n.get("@timestamp").asText()
              + ","
              + n.at("/source/ip").asText()
              + ","
              + n.at("/source/port").asInt());
    }
    assertEquals(expected.size(), jsonKeys.size(), "no JSONL alert lost or doubled");
    assertEquals(expected, new TreeSet<>(jsonKeys));
    String log = Files.readString(tmp.resolve("logs").resolve("detect.log"));
    assertTrue(log.contains("\"replayed_skipped\":true"), "batch 2 replayed and skipped: " + log);
  }

  private Process detect(Path models, Path flows, Path alerts, String pauseAt) throws Exception {
    return new DetectProcess(tmp)
        .start(
            pauseAt,
            List.of(
                "--flows-dir",
                flows.toString(),
                "--model",
                models.toString(),
                "--alerts-dir",
                alerts.toString(),
                "--checkpoint",
                tmp.resolve("ckpt").toString(),
                "--max-files-per-trigger",
                "1",
                "--once"));
  }

  private void killWhenPaused(Process p, Path marker) throws Exception {
    new DetectProcess(tmp).killWhenPaused(p, marker);
  }
}
