package io.idsspark.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.flow.FlowSchema;
import io.idsspark.jobs.IdsJobs;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestModels;
import io.idsspark.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code score} job through its command line, on a real model. */
class ScoreJobTest {
  @TempDir static Path shared;
  static Path models;

  @TempDir Path tmp;

  @BeforeAll
  static void model() throws Exception {
    models = shared.resolve("models");
    TestModels.train(models, shared.resolve("work"), 51, Instant.parse("2026-11-25T15:00:00Z"));
  }

  /** Runs {@code score --in IN --model <test model> --out OUT EXTRA... --config <test config>}. */
  private int score(StringWriter err, String in, String out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("score", "--in", in, "--model", models.toString()));
    args.addAll(List.of("--out", out));
    args.addAll(List.of(extra));
    args.addAll(List.of("--config", writeConfig().toString()));
    return run(err, args.toArray(new String[0]));
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void withIncidentsTheAlertsOfOneSourceAreOneIncidentBesideTheOutput() throws Exception {
    TestSpark.session();
    java.util.Map<String, String> flood = new java.util.HashMap<>(TestModels.FLOOD);
    flood.put("src_ip", "10.9.9.9");
    Path in = TestFlows.write(tmp.resolve("in"), "flows.csv", TestFlows.rows(3, 0, 40, 10, flood));
    Path out = tmp.resolve("out");
    StringWriter err = new StringWriter();
    assertEquals(0, score(err, in.toString(), out.toString(), "--incidents"), err.toString());
    List<String> incidents = Files.readAllLines(out.resolve("_incidents").resolve("incidents.csv"));
    assertEquals(2, incidents.size(), "header and one closed incident: " + incidents);
    String[] c = incidents.get(1).split(",");
    assertEquals("closed", c[1]);
    assertEquals("10.9.9.9", c[5]);
    assertEquals("4", c[7], "the four flood rows");
    // the output folder still reads as the scored rows only (Spark skips _incidents)
    assertEquals(
        40, TestSpark.session().read().option("header", "true").csv(out.toString()).count());
    assertEquals(
        2,
        score(
            new StringWriter(),
            in.toString(),
            tmp.resolve("p").toString(),
            "--incidents",
            "--format",
            "parquet"),
        "--incidents needs CSV output");
  }

  @Test
  void driftReportNamesTheInputThatMovedAndNoneForTrafficLikeTraining() throws Exception {
    TestSpark.session();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    Path same =
        TestFlows.write(tmp.resolve("a"), "same.csv", TestFlows.rows(6, 0, 600, 0, Map.of()));
    Path moved =
        TestFlows.write(
            tmp.resolve("b"),
            "moved.csv",
            TestFlows.rows(7, 0, 600, 1, Map.of("tot_fwd_pkts", "90000")));
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        score(err, same.toString(), tmp.resolve("o1").toString(), "--drift-report"),
        err.toString());
    var r1 = json.readTree(tmp.resolve("o1").resolve("_drift.json").toFile());
    assertEquals(1, r1.get("format_version").asInt());
    assertEquals(600, r1.get("rows").asLong());
    assertEquals(0, r1.get("drifted").size(), r1.toString());
    assertTrue(r1.get("features").size() >= 5, r1.toString());
    assertEquals(
        0,
        score(err, moved.toString(), tmp.resolve("o2").toString(), "--drift-report"),
        err.toString());
    var r2 = json.readTree(tmp.resolve("o2").resolve("_drift.json").toFile());
    assertEquals("tot_fwd_pkts", r2.at("/features/0/feature").asText(), r2.toString());
    assertTrue(r2.at("/features/0/psi").asDouble() > 1, r2.toString());
    assertEquals(List.of("tot_fwd_pkts"), List.of(r2.get("drifted").get(0).asText()));
  }

  @Test
  void keepsEveryColumnAddsScoreLevelAndExplainsOnlyAlerts() throws Exception {
    TestSpark.session();
    List<String> rows = new ArrayList<>(TestFlows.rows(3, 0, 40, 10, TestModels.FLOOD));
    rows.add(7, "garbage,row");
    Path in = TestFlows.write(tmp.resolve("in"), "flows.csv", rows);
    Path out = tmp.resolve("out");
    StringWriter err = new StringWriter();
    int code = score(err, in.toString(), out.toString());
    assertEquals(0, code, err.toString());
    Dataset<Row> scored = TestSpark.session().read().option("header", "true").csv(out.toString());
    List<String> cols = Arrays.asList(scored.columns());
    List<String> expectedCols = new ArrayList<>(FlowSchema.flowColumnNames());
    expectedCols.addAll(List.of("score", "level", "top_features"));
    assertEquals(expectedCols, cols);
    assertEquals(40, scored.count(), "the malformed row is quarantined, the rest kept");
    List<Row> red = scored.filter("level = 'red'").collectAsList();
    assertEquals(4, red.size());
    for (Row r : red) {
      assertTrue(
          r.<String>getAs("top_features")
              .matches("\\w+=[-\\d.]+ (high|low) \\(typical .*\\.\\..*\\)(; .*){2}"),
          r.<String>getAs("top_features"));
    }
    assertEquals(0, scored.filter("level = 'normal' and top_features is not null").count());
    try (var parts = Files.list(out)) {
      assertTrue(
          parts
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("part-"))
              .allMatch(n -> n.endsWith(".csv")),
          "CSV output parts are named .csv");
    }
    try (var s = Files.walk(tmp.resolve("logs").resolve("quarantine"))) {
      assertTrue(
          s.filter(p -> p.toString().endsWith(".json"))
              .anyMatch(p -> read(p).contains("garbage,row")));
    }
  }

  @Test
  void onlyAlertsAndParquet() throws Exception {
    Path in =
        TestFlows.write(
            tmp.resolve("in"), "flows.csv", TestFlows.rows(4, 0, 30, 10, TestModels.FLOOD));
    Path out = tmp.resolve("out");
    StringWriter err = new StringWriter();
    assertEquals(
        0,
        score(err, in.toString(), out.toString(), "--format", "parquet", "--only-alerts"),
        err.toString());
    Dataset<Row> scored = TestSpark.session().read().parquet(out.toString());
    assertEquals(3, scored.count());
    Row first = scored.first();
    List<Row> top = first.getList(first.fieldIndex("top_features"));
    assertEquals(3, top.size());
  }

  @Test
  void onlyAlertsToCsvKeepsTheAlertingLinesAsWritten() throws Exception {
    List<String> rows = TestFlows.rows(6, 0, 30, 10, TestModels.FLOOD);
    Path in = TestFlows.write(tmp.resolve("in"), "flows.csv", rows);
    Path out = tmp.resolve("out");
    StringWriter err = new StringWriter();
    assertEquals(0, score(err, in.toString(), out.toString(), "--only-alerts"), err.toString());
    List<String> lines = new ArrayList<>();
    try (var parts = Files.list(out)) {
      for (Path p : parts.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        List<String> l = Files.readAllLines(p);
        assertEquals(TestFlows.header() + ",score,level,top_features", l.get(0));
        lines.addAll(l.subList(1, l.size()));
      }
    }
    assertEquals(3, lines.size(), String.join("\n", lines));
    for (String l : lines) {
      assertTrue(
          rows.stream()
              .filter(r -> r.contains(TestModels.FLOOD.get("totlen_fwd_pkts")))
              .anyMatch(r -> l.startsWith(r + ",")),
          "an alert line is a flooded input line as written: " + l);
    }
  }

  @Test
  void aQuotedHeaderIsReadByItsNames() throws Exception {
    List<String> rows = TestFlows.rows(8, 0, 20, 10, TestModels.FLOOD);
    Path in = tmp.resolve("in").resolve("quoted.csv");
    Files.createDirectories(in.getParent());
    String quoted = "\"" + TestFlows.header().replace(",", "\",\"") + "\"";
    Files.writeString(in, quoted + "\n" + String.join("\n", rows) + "\n");
    Path out = tmp.resolve("out");
    StringWriter err = new StringWriter();
    assertEquals(0, score(err, in.toString(), out.toString(), "--only-alerts"), err.toString());
    Dataset<Row> scored = TestSpark.session().read().option("header", "true").csv(out.toString());
    assertEquals(2, scored.count(), "both flooded rows alert");
    assertEquals(
        FlowSchema.flowColumnNames(),
        Arrays.asList(scored.columns()).subList(0, FlowSchema.flowColumnNames().size()));
  }

  @Test
  void filesOfAnotherColumnLayoutAreOneErrorNamingTheFileExit3() throws Exception {
    Path in = tmp.resolve("in");
    TestFlows.write(in, "a.csv", TestFlows.rows(5, 0, 5, 0, Map.of()));
    java.nio.file.Files.writeString(in.resolve("b.csv"), "src_ip,dst_ip\n10.0.0.1,10.0.0.2\n");
    StringWriter err = new StringWriter();
    int code = score(err, in.toString(), tmp.resolve("out").toString());
    assertEquals(3, code, err.toString());
    String msg = err.toString().strip();
    assertEquals(1, msg.lines().count(), msg);
    assertTrue(msg.contains("b.csv") && msg.contains("header differs"), msg);
  }

  @Test
  void missingFeatureColumnsAreOneErrorNamingThemExit3() throws Exception {
    Path in = tmp.resolve("narrow.csv");
    Files.writeString(in, "timestamp,src_ip,flow_duration\n2026-11-25T10:00:00Z,10.0.0.1,1.5\n");
    StringWriter err = new StringWriter();
    int code = score(err, in.toString(), tmp.resolve("out").toString());
    assertEquals(3, code);
    String msg = err.toString().strip();
    assertEquals(1, msg.lines().count(), msg);
    assertTrue(msg.contains("tot_fwd_pkts") && msg.contains("pkt_len_mean"), msg);
    assertTrue(!msg.contains("flow_duration,"), "only missing columns are named: " + msg);
  }

  private Path writeConfig() throws Exception {
    Path c = tmp.resolve("ids.yml");
    Files.writeString(c, "logs_dir: logs\nmodel_dir: models\n");
    return c;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
