package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.cli.ExitCodes;
import io.idsspark.flow.FlowSchema;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.PcapFlows;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** pcap2flows: one task per capture, the sniffer's assembler, bad files counted not fatal. */
class Pcap2FlowsJobTest {
  @TempDir Path tmp;

  private static Path pcaps() throws URISyntaxException {
    return Path.of(Pcap2FlowsJobTest.class.getResource("/pcaps/tcpdump__dns_udp.pcap").toURI())
        .getParent();
  }

  @Test
  void flowsOfEveryFileMatchTheSnifferAndABadFileIsCounted() throws Exception {
    SparkSession spark = TestSpark.session();
    List<String> files = Pcap2FlowsJob.captureFiles(spark, pcaps().toString());
    assertEquals(4, files.size());
    Pcap2FlowsJob.Counters c = new Pcap2FlowsJob.Counters(spark);
    Dataset<Row> flows = Pcap2FlowsJob.flows(spark, files, FlowSettings.defaults(), c);
    assertEquals(FlowSparkSchema.schema(false), flows.schema());
    List<Row> rows = flows.collectAsList();
    long expected =
        PcapFlows.read(pcaps().resolve("tcpdump__dns_udp.pcap")).size()
            + PcapFlows.read(pcaps().resolve("chrissanders__tcp_handshake.pcapng")).size()
            + PcapFlows.read(pcaps().resolve("tcpdump__resp_1_benchmark.pcap")).size();
    assertEquals(expected, rows.size());
    assertEquals(17, rows.size()); // 1 + 1 + 15
    assertEquals(3, c.filesRead());
    assertEquals(1, c.filesFailed());
    assertEquals(1, c.problems().size());
    assertTrue(c.problems().get(0).contains("libpcap__pcap-invalid-version-1.pcap"));
    Row dns =
        rows.stream()
            .filter(r -> "192.168.1.11".equals(r.getAs(FlowSchema.SRC_IP)))
            .findFirst()
            .orElseThrow();
    assertEquals(56L, (long) dns.getAs("totlen_fwd_pkts"));
    assertEquals(224L, (long) dns.getAs("totlen_bwd_pkts"));
  }

  @Test
  void commandWritesCsvWithTheFlowHeader() throws Exception {
    Path out = tmp.resolve("flows");
    CommandLine cl = IdsJobs.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    String glob = pcaps().resolve("*.pcap").toString(); // the two classic pcaps + the bad one
    int code = cl.execute("pcap2flows", "--in", glob, "--out", out.toString());
    assertEquals(ExitCodes.OK, code, err.toString());
    List<Path> parts;
    try (var s = Files.list(out)) {
      parts = s.filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
    }
    long rows = 0;
    List<String> header = new java.util.ArrayList<>(FlowSchema.flowColumnNames());
    header.addAll(io.idsspark.context.ContextColumn.names());
    int srcFlows = header.indexOf("src_flows_2s");
    for (Path p : parts) {
      List<String> lines = Files.readAllLines(p);
      if (!lines.isEmpty()) {
        // the flow columns, then the host context of each flow (every capture flow has addresses)
        assertEquals(String.join(",", header), lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
          assertTrue(Double.parseDouble(line.split(",", -1)[srcFlows]) >= 1, line);
        }
        rows += lines.size() - 1;
      }
    }
    assertEquals(16, rows);
    code = cl.execute("pcap2flows", "--in", glob, "--out", out.toString());
    assertEquals(ExitCodes.USAGE, code, "an existing --out needs --overwrite");
  }
}
