package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.AlertLog;
import io.idsspark.incidents.BatchIncidents;
import io.idsspark.incidents.IncidentFormats;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents in the stream and in batch: detect over four micro-batches (two bursts of one source
 * with quiet traffic between and after) writes open, update and closed records beside the alerts;
 * the incidents job over detect's alerts.csv and over its alerts.jsonl gives the same closed
 * records, line for line; a malformed alert line is quarantined with its line number.
 */
class DetectIncidentsTest {
  @TempDir Path tmp;

  @Test
  void streamIncidentsEqualTheBatchJobsOnTheSameAlerts() throws Exception {
    SparkSession spark = TestSpark.session();
    Path flows = tmp.resolve("flows");
    Map<String, String> burst = new HashMap<>(Map.of("tot_fwd_pkts", "5000"));
    burst.put("src_ip", "10.9.9.9");
    // flow i starts at 10:00:00 + 10 i ms: bursts at 0-0.5 s and 6-6.5 s, quiet at 5 s and 20 s
    TestFlows.write(flows, "f0.csv", TestFlows.rows(1, 0, 50, 5, burst));
    TestFlows.write(flows, "f1.csv", TestFlows.rows(2, 500, 50, 0, Map.of()));
    TestFlows.write(flows, "f2.csv", TestFlows.rows(3, 600, 50, 5, burst));
    TestFlows.write(flows, "f3.csv", TestFlows.rows(4, 2000, 50, 0, Map.of()));
    Path logs = tmp.resolve("logs");
    ScorerSource rule = () -> new RuleScorer("rule-1", 1000);
    // gap 1 s, lateness 0: the quiet files close what came before them
    new DetectRunner(
            new DetectSettings(
                flows, "csv", logs, logs, tmp.resolve("ckpt"), 0, 1, 3, 0, 0, 1, 0, null),
            rule,
            null,
            Clock.systemUTC())
        .start(spark)
        .awaitTermination();

    List<String> stream = Files.readAllLines(logs.resolve(AlertLog.INCIDENTS_CSV_FILE));
    assertEquals(IncidentFormats.csvHeader().strip(), stream.get(0));
    List<String> statuses = new ArrayList<>();
    for (String l : stream.subList(1, stream.size())) {
      statuses.add(l.split(",")[1] + " " + l.split(",")[5] + " " + l.split(",")[7]);
    }
    // batch 0 opens with 10 alerts, batch 1 closes; batch 2 opens the second, batch 3 closes it
    assertEquals(
        List.of("open 10.9.9.9 10", "closed 10.9.9.9 10", "open 10.9.9.9 10", "closed 10.9.9.9 10"),
        statuses);
    List<String> closed = stream.stream().filter(l -> l.contains(",closed,")).toList();
    assertTrue(
        closed.get(0).contains("10.9.9.9 -> 7 hosts, 2 ports: 10 alerts (10 red)"), closed.get(0));

    // the batch job over the same alerts, from the CSV and from the JSON lines
    for (String file : List.of(AlertLog.CSV_FILE, AlertLog.JSONL_FILE)) {
      Path out = tmp.resolve("batch-" + file);
      BatchIncidents.Result r =
          BatchIncidents.run(spark, List.of(logs.resolve(file).toString()), out.toString(), 1, "x");
      assertEquals(20, r.alerts());
      assertEquals(2, r.incidents());
      List<String> batch = Files.readAllLines(out.resolve("incidents.csv"));
      assertEquals(IncidentFormats.csvHeader().strip(), batch.get(0));
      assertEquals(closed, batch.subList(1, batch.size()), file);
      ObjectMapper json = new ObjectMapper();
      List<String> ids = new ArrayList<>();
      for (String l : Files.readAllLines(out.resolve("incidents.jsonl"))) {
        JsonNode n = json.readTree(l);
        ids.add(n.get("incident_id").asText());
        assertEquals("closed", n.get("status").asText());
        assertEquals("source", n.get("key_kind").asText());
        assertEquals("high", n.at("/top_features/0/direction").asText());
        assertEquals(5, n.get("first_alert_ids").size());
      }
      assertEquals(closed.stream().map(l -> l.split(",")[0]).toList(), ids, "same incident ids");
    }
  }

  @Test
  void aMalformedAlertLineIsQuarantinedWithItsLineNumber() throws Exception {
    Path in = tmp.resolve("alerts.csv");
    String ok =
        "2026-12-06T10:00:00Z,10.0.0.5,10.0.0.2,40000,80,6,0.8,red,v1,"
            + "tot_fwd_pkts=90000 high (typical 1..20),100,4,source,0123456789abcdef";
    Files.writeString(
        in,
        String.join(
                "\n",
                io.idsspark.alerts.AlertFormats.csvHeader().strip(),
                ok,
                "2026-12-06T10:00:01Z,10.0.0.5,oops",
                ok.replace("10:00:00Z", "10:00:02Z"),
                ok.replace(",red,", ",purple,"))
            + "\n");
    Path out = tmp.resolve("out");
    BatchIncidents.Result r =
        BatchIncidents.run(TestSpark.session(), List.of(in.toString()), out.toString(), 60, "x");
    assertEquals(2, r.alerts());
    assertEquals(1, r.incidents());
    assertEquals(2, r.quarantined());
    List<String> q = Files.readAllLines(out.resolve("quarantined.jsonl"));
    assertEquals(2, q.size());
    assertTrue(q.get(0).contains("\"line\":3") && q.get(0).contains("fields where"), q.get(0));
    assertTrue(q.get(1).contains("\"line\":5") && q.get(1).contains("purple"), q.get(1));
  }
}
