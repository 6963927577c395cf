package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.cli.ExitCodes;
import io.idsspark.flow.FlowSchema;
import io.idsspark.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrepareCicJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  private static Path in;

  @BeforeAll
  static void copyResources() throws Exception {
    in = Files.createDirectories(tmp.resolve("in"));
    Path res = Path.of(PrepareCicJobTest.class.getResource("/cic").toURI());
    try (Stream<Path> s = Files.list(res)) {
      for (Path p : s.toList()) {
        Files.copy(p, in.resolve(p.getFileName()));
      }
    }
  }

  private static int run(StringWriter err, String... args) {
    TestSpark.session();
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void allLayoutsInOneRunWithQuarantineAndSummary() throws Exception {
    Path out = tmp.resolve("all");
    StringWriter err = new StringWriter();
    assertEquals(
        ExitCodes.OK,
        run(err, "prepare-cic", "--in", in + "/*", "--out", out.toString()),
        err.toString());
    Dataset<Row> df = TestSpark.session().read().parquet(out.toString());
    List<String> columns = new ArrayList<>(FlowSchema.allColumnNames());
    columns.addAll(io.idsspark.context.ContextColumn.names());
    assertEquals(columns, Arrays.asList(df.columns()));

    JsonNode s = JSON.readTree(Path.of(out + ".summary.json").toFile());
    // host context where a layout has addresses (2017 TrafficLabelling, the improved set), null
    // where it has not (2018 original CSVs, 2017 MachineLearningCVE), and the summary says so
    long addressed =
        df.filter("src_ip is not null and src_ip <> '' and dst_ip is not null").count();
    long withContext = df.filter("src_flows_2s is not null and svc_flows_2s is not null").count();
    assertTrue(addressed > 0 && addressed < 97, "rows with addresses: " + addressed);
    assertEquals(addressed, withContext);
    assertEquals(withContext, s.at("/host_context/rows_with_context").asLong());
    assertEquals(97 - addressed, s.at("/host_context/rows_without_address").asLong());
    // a few hosts: no bucket overflows, so no host loses its context to the cap
    assertEquals(0, s.at("/host_context/rows_evicting_live_host").asLong(), s.toString());
    // 7 + 5 + 30 + 20 + 29 + 2 data rows and 11 lines after the quirks file's header
    assertEquals(104, s.get("rows_read").asLong());
    assertEquals(7, s.get("rows_quarantined").asLong());
    assertEquals(97, s.get("rows_kept").asLong());
    assertEquals(97, df.count());
    JsonNode reasons = s.get("quarantined_by_reason");
    for (String r :
        List.of(
            "repeated_header",
            "timestamp_before_2000",
            "negative_time",
            "wrong_field_count",
            "bad_number",
            "unknown_label",
            "empty_line")) {
      assertEquals(1, reasons.get(r).asLong(), r);
    }
    assertEquals(7, s.get("inputs").size());
    long benign = df.filter("attack_type = 'benign'").count();
    assertEquals(benign, s.get("rows_by_attack_type").get("benign").asLong());
    assertEquals(0, df.filter("attack_type = 'benign' and label <> 0").count());
    assertEquals(0, df.filter("attack_type <> 'benign' and label <> 1").count());
    assertEquals(
        0,
        df.filter("flow_byts_s is null or isnan(flow_byts_s) or flow_byts_s = 'Infinity'").count());

    List<JsonNode> q = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(out + ".quarantine.jsonl"))) {
      q.add(JSON.readTree(line));
    }
    assertEquals(7, q.size());
    JsonNode first = q.get(0);
    assertTrue(first.get("file").asText().endsWith("fixture_2018_quirks.csv"));
    assertEquals(3, first.get("line").asInt());
    assertEquals("repeated_header", first.get("reason").asText());
    assertTrue(first.get("raw").asText().startsWith("Dst Port,Protocol,Timestamp"));
    List<Integer> lines = q.stream().map(n -> n.get("line").asInt()).toList();
    assertEquals(List.of(3, 4, 5, 7, 8, 9, 10), lines);
    assertTrue(q.get(4).get("reason").asText().contains("Tot Fwd Pkts='abc'"), q.get(4).toString());
  }

  @Test
  void oneOutputFileFromManyInputsCountsEveryInput() throws Exception {
    // one .csv output = one task computing every input split: each split must keep its own parts
    Path out = tmp.resolve("one.csv");
    StringWriter err = new StringWriter();
    assertEquals(
        ExitCodes.OK,
        run(err, "prepare-cic", "--in", in + "/*", "--out", out.toString()),
        err.toString());
    JsonNode s = JSON.readTree(Path.of(out + ".summary.json").toFile());
    assertEquals(104, s.get("rows_read").asLong());
    assertEquals(97, s.get("rows_kept").asLong());
    assertEquals(98, Files.readAllLines(out).size());
    assertEquals(7, Files.readAllLines(Path.of(out + ".quarantine.jsonl")).size());
  }

  @Test
  void limitAndCsvOutput() throws Exception {
    Path out = tmp.resolve("few.csv");
    StringWriter err = new StringWriter();
    assertEquals(
        ExitCodes.OK,
        run(
            err,
            "prepare-cic",
            "--in",
            in.resolve("improved_engelen_toy_first3perlabel.csv").toString(),
            "--out",
            out.toString(),
            "--limit",
            "5",
            "--quarantine",
            tmp.resolve("q.jsonl").toString()),
        err.toString());
    List<String> lines = Files.readAllLines(out);
    List<String> header = new ArrayList<>(FlowSchema.allColumnNames());
    header.addAll(io.idsspark.context.ContextColumn.names());
    assertEquals(String.join(",", header), lines.get(0));
    assertEquals(6, lines.size());
    assertTrue(Files.exists(tmp.resolve("q.jsonl")));
  }

  @Test
  void fileWithoutACicHeaderIsAnInputError() throws Exception {
    Path bad = Files.writeString(tmp.resolve("notcic.csv"), "a,b,c\n1,2,3\n");
    StringWriter err = new StringWriter();
    assertEquals(
        ExitCodes.INPUT,
        run(err, "prepare-cic", "--in", bad.toString(), "--out", tmp.resolve("x").toString()));
    assertTrue(err.toString().contains("notcic.csv: header matches no CIC layout"), err.toString());
    assertTrue(!Files.exists(tmp.resolve("x.quarantine.jsonl.parts")), "work folder removed");
  }
}
