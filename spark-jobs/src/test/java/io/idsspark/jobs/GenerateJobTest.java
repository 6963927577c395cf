package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.cli.ExitCodes;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowSchema;
import io.idsspark.flow.PcapFlows;
import io.idsspark.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateJobTest {
  @TempDir Path tmp;

  private static int run(StringWriter err, String... args) {
    TestSpark.session();
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void countFormWritesOneCsvWithTheSchemaHeader() throws Exception {
    Path out = tmp.resolve("flows.csv");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "generate",
            "--benign",
            "50",
            "--syn-flood",
            "10",
            "--port-scan",
            "5",
            "--out",
            out.toString());
    assertEquals(ExitCodes.OK, code, err.toString());
    List<String> lines = Files.readAllLines(out);
    // the flow schema, then the host-context columns (on by default)
    assertEquals(
        String.join(",", FlowSchema.allColumnNames())
            + ","
            + String.join(",", io.idsspark.context.ContextColumn.names()),
        lines.get(0));
    assertEquals(66, lines.size());
    assertEquals(10, lines.stream().filter(l -> l.contains(",1,syn_flood,")).count());
  }

  @Test
  void pcapOutHoldsThePacketsOfTheWrittenFlows() throws Exception {
    Path out = tmp.resolve("flows.csv");
    Path pcap = tmp.resolve("sub/flows.pcap");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "generate",
            "--benign",
            "40",
            "--brute-force",
            "10",
            "--out",
            out.toString(),
            "--pcap-out",
            pcap.toString());
    assertEquals(ExitCodes.OK, code, err.toString());
    List<FlowRecord> sniffed = PcapFlows.read(pcap);
    assertEquals(50, sniffed.size());
    assertEquals(51, Files.readAllLines(out).size());
    Set<String> written =
        Files.readAllLines(out).stream()
            .skip(1)
            .map(l -> l.split(",", -1))
            .map(f -> f[0] + " " + f[1] + ":" + f[3])
            .collect(Collectors.toSet());
    Set<String> fromPcap =
        sniffed.stream()
            .map(r -> r.get("timestamp") + " " + r.get("src_ip") + ":" + r.get("src_port"))
            .collect(Collectors.toSet());
    assertEquals(written, fromPcap);
  }

  @Test
  void parquetFolderWithRowsForm() {
    Path out = tmp.resolve("flows");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "generate",
            "--rows",
            "200",
            "--attacks",
            "udp_flood",
            "--format",
            "parquet",
            "--partitions",
            "2",
            "--out",
            out.toString());
    assertEquals(ExitCodes.OK, code, err.toString());
    var df = TestSpark.session().read().parquet(out.toString());
    assertEquals(200, df.count());
    assertEquals(20, df.filter("attack_type = 'udp_flood'").count());
  }

  @Test
  void mixingFormsOrUnknownAttackIsAUsageError() {
    StringWriter err = new StringWriter();
    assertEquals(
        ExitCodes.USAGE,
        run(
            err,
            "generate",
            "--rows",
            "10",
            "--benign",
            "5",
            "--out",
            tmp.resolve("x.csv").toString()));
    assertTrue(err.toString().contains("not both"), err.toString());
    StringWriter err2 = new StringWriter();
    assertEquals(
        ExitCodes.USAGE,
        run(
            err2,
            "generate",
            "--rows",
            "10",
            "--attacks",
            "smurf",
            "--out",
            tmp.resolve("y.csv").toString()));
    assertTrue(err2.toString().contains("unknown attack 'smurf'"), err2.toString());
  }

  @Test
  void theFullLogGoesToTheJobsLogFileAndTheConsoleKeepsQuiet() throws Exception {
    Path logs = tmp.resolve("logs");
    Path config = tmp.resolve("ids.yml");
    Files.writeString(config, "logs_dir: " + logs + "\n");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "generate",
            "--config",
            config.toString(),
            "--benign",
            "30",
            "--out",
            tmp.resolve("g.csv").toString());
    assertEquals(ExitCodes.OK, code, err.toString());
    String log = Files.readString(logs.resolve("generate.log"));
    assertTrue(log.contains(" INFO "), "Spark's info lines are in the file: " + log);
    assertTrue(log.contains("DAGScheduler"), log);
  }
}
