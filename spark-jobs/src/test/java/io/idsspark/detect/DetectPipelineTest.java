package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.AlertLog;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.spark.Inputs;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming plumbing with a rule scorer: quarantine, per-batch log, same alerts as batch. */
class DetectPipelineTest {
  @TempDir Path tmp;

  private DetectRunner runner(Path logs, Path checkpoint, ScorerSource s, PrintStream out) {
    return runner("csv", logs, checkpoint, s, out);
  }

  private DetectRunner runner(
      String format, Path logs, Path checkpoint, ScorerSource s, PrintStream out) {
    return new DetectRunner(
        new DetectSettings(tmp.resolve("flows"), format, logs, logs, checkpoint, 0, 1, 3, 0, 0),
        s,
        out,
        Clock.systemUTC());
  }

  @Test
  void streamQuarantinesMalformedRowsLogsEachBatchAndMatchesBatchMode() throws Exception {
    SparkSession spark = TestSpark.session();
    Path flows = tmp.resolve("flows");
    Map<String, String> big = Map.of("tot_fwd_pkts", "5000");
    TestFlows.write(flows, "f1.csv", TestFlows.rows(1, 0, 40, 10, big));
    List<String> withBad = new ArrayList<>(TestFlows.rows(2, 40, 30, 15, big));
    withBad.add(5, "this,is,not,a,flow");
    withBad.add(9, TestFlows.rows(3, 99, 1, 0, Map.of()).get(0).replace(",6,", ",tcp,"));
    TestFlows.write(flows, "f2.csv", withBad);
    Files.writeString(flows.resolve("ignored.txt"), "not a flow file\n");

    Path logs = tmp.resolve("logs");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ScorerSource rule = () -> new RuleScorer("rule-1", 1000);
    StreamingQuery q =
        runner(
                logs,
                tmp.resolve("ckpt"),
                rule,
                new PrintStream(console, true, StandardCharsets.UTF_8))
            .start(spark);
    q.awaitTermination();

    List<String> csv = Files.readAllLines(logs.resolve(AlertLog.CSV_FILE));
    // rows 0,10,20,30 of f1 and 45,60 of f2
    assertEquals(1 + 6, csv.size(), String.join("\n", csv));
    assertEquals(6, Files.readAllLines(logs.resolve(AlertLog.JSONL_FILE)).size());

    List<JsonNode> batches = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String l : Files.readAllLines(logs.resolve("detect.log"))) {
      batches.add(json.readTree(l));
    }
    assertEquals(2, batches.size(), "one line per batch");
    JsonNode b2 = batches.get(1);
    assertEquals("batch", b2.get("event").asText());
    assertEquals(1, b2.get("files").asInt());
    assertEquals(32, b2.get("rows").asLong());
    assertEquals(2, b2.get("quarantined_rows").asLong());
    assertEquals(2, b2.at("/alerts/red").asLong());
    assertEquals("f2.csv", b2.at("/malformed_files/0").asText());
    assertTrue(b2.has("latency_ms"));
    assertTrue(console.toString(StandardCharsets.UTF_8).contains("\"quarantined_rows\":2"));
    try (Stream<Path> q2 = Files.walk(logs.resolve("quarantine"))) {
      String quarantined =
          q2.filter(p -> p.toString().endsWith(".json"))
              .map(
                  p -> {
                    try {
                      return Files.readString(p);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .reduce("", String::concat);
      assertTrue(quarantined.contains("this,is,not,a,flow"), quarantined);
      assertTrue(quarantined.contains(",tcp,"), quarantined);
    }

    // the same files in batch mode give the same alerts
    Path batchLogs = tmp.resolve("batch-logs");
    runner(batchLogs, tmp.resolve("ckpt2"), rule, null)
        .once(
            Inputs.readFlows(
                spark,
                List.of(flows.resolve("f1.csv").toString(), flows.resolve("f2.csv").toString())),
            "f1+f2");
    assertEquals(
        csv.stream().sorted().toList(),
        Files.readAllLines(batchLogs.resolve(AlertLog.CSV_FILE)).stream().sorted().toList());
  }

  @Test
  void jsonlFlowFilesAreReadByColumnNameAndBadLinesQuarantined() throws Exception {
    Path flows = tmp.resolve("flows");
    Files.createDirectories(flows);
    String header = TestFlows.header();
    ObjectMapper json = new ObjectMapper();
    StringBuilder b = new StringBuilder();
    List<String> rows = TestFlows.rows(9, 0, 4, 2, Map.of("tot_fwd_pkts", "5000"));
    String[] names = header.split(",");
    for (String r : rows) {
      String[] v = r.split(",", -1);
      com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
      // reversed key order: JSON is read by name
      for (int i = v.length - 1; i >= 0; i--) {
        switch (io.idsspark.flow.FlowSchema.column(names[i]).orElseThrow().type()) {
          case INT, LONG -> o.put(names[i], Long.parseLong(v[i]));
          case DOUBLE -> o.put(names[i], Double.parseDouble(v[i]));
          default -> o.put(names[i], v[i]);
        }
      }
      b.append(json.writeValueAsString(o)).append('\n');
    }
    b.append("{not json\n");
    Files.writeString(flows.resolve(".a.tmp"), b);
    Files.move(flows.resolve(".a.tmp"), flows.resolve("a.jsonl"));
    Path logs = tmp.resolve("logs");
    runner("jsonl", logs, tmp.resolve("ckpt"), () -> new RuleScorer("rule-1", 1000), null)
        .start(TestSpark.session())
        .awaitTermination();
    assertEquals(1 + 2, Files.readAllLines(logs.resolve(AlertLog.CSV_FILE)).size());
    JsonNode batch = json.readTree(Files.readAllLines(logs.resolve("detect.log")).get(0));
    assertEquals(5, batch.get("rows").asLong());
    assertEquals(1, batch.get("quarantined_rows").asLong());
  }
}
