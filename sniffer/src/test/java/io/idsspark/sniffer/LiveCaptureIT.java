package io.idsspark.sniffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live capture on a real interface: a veth pair between two network namespaces made for the test
 * (10.200.x.0/24 exists only inside them), bounded traffic (5 pings, one HTTP GET), the sniffer
 * capturing in one namespace, stopped by SIGTERM (the Ctrl-C path: open flows flushed, last file
 * completed). Skips unless run as root where {@code ip netns} works; the namespaces are deleted
 * afterwards.
 */
class LiveCaptureIT {
  @TempDir Path tmp;

  private final long id = ProcessHandle.current().pid() % 10_000;
  private final String nsA = "ids-a-" + id;
  private final String nsB = "ids-b-" + id;
  private final String vethA = "idsva" + id;
  private final String vethB = "idsvb" + id;
  private final String net = "10.200." + (id % 250 + 1);
  private final List<Process> started = new ArrayList<>();

  private static int sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private void must(String... cmd) throws Exception {
    assertEquals(0, sh(cmd), String.join(" ", cmd));
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (Process p : started) {
      // its children too: `timeout` killed alone leaves the server it started running for ever
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    sh("ip", "netns", "del", nsA);
    sh("ip", "netns", "del", nsB);
  }

  @Test
  void capturesPingAndHttpOnAVethPairBetweenNamespaces() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
    assumeTrue(sh("ip", "netns", "add", nsA) == 0, "ip netns add is not allowed here");
    must("ip", "netns", "add", nsB);
    must(
        "ip", "link", "add", vethA, "netns", nsA, "type", "veth", "peer", "name", vethB, "netns",
        nsB);
    must("ip", "-n", nsA, "addr", "add", net + ".1/24", "dev", vethA);
    must("ip", "-n", nsB, "addr", "add", net + ".2/24", "dev", vethB);
    must("ip", "-n", nsA, "link", "set", vethA, "up");
    must("ip", "-n", nsB, "link", "set", vethB, "up");
    must("ip", "-n", nsA, "link", "set", "lo", "up");

    Path out = tmp.resolve("flows");
    Path log = tmp.resolve("sniffer.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process sniffer =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                nsA,
                java,
                "-cp",
                System.getProperty("java.class.path"),
                SnifferMain.class.getName(),
                "--iface",
                vethA,
                "--bpf",
                "tcp or icmp",
                "--minutes",
                "1",
                "--out",
                out.toString(),
                "--format",
                "csv")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    started.add(sniffer);
    waitFor(log, "capturing on " + vethA, 30);

    Process server =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                nsA,
                "timeout",
                "30",
                "/usr/bin/python3",
                "-m",
                "http.server",
                "8765",
                "--bind",
                net + ".1",
                "--directory",
                tmp.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("server.log").toFile())
            .start();
    started.add(server);
    Thread.sleep(1500); // the server binds
    must("ip", "netns", "exec", nsB, "ping", "-c", "5", "-i", "0.2", "-W", "1", net + ".1");
    must(
        "ip",
        "netns",
        "exec",
        nsB,
        "curl",
        "-s",
        "-o",
        "/dev/null",
        "--max-time",
        "5",
        "http://" + net + ".1:8765/");
    Thread.sleep(1000);

    sniffer.destroy(); // SIGTERM: the shutdown path flushes open flows
    assertTrue(sniffer.waitFor(30, TimeUnit.SECONDS), "sniffer did not stop");
    String logText = Files.readString(log);
    assertEquals(143, sniffer.exitValue(), logText);
    assertTrue(logText.contains("sniffer: packets read="), logText);

    List<Map<String, String>> rows = readCsv(out);
    Map<String, String> icmp =
        rows.stream().filter(r -> r.get("protocol").equals("1")).findFirst().orElseThrow();
    assertEquals(net + ".2", icmp.get("src_ip"));
    assertEquals("5", icmp.get("tot_fwd_pkts"), icmp.toString());
    assertEquals("5", icmp.get("tot_bwd_pkts"), icmp.toString());
    Map<String, String> http =
        rows.stream()
            .filter(r -> r.get("protocol").equals("6") && r.get("dst_port").equals("8765"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no HTTP flow in " + rows));
    assertEquals(net + ".2", http.get("src_ip"));
    assertEquals("1", http.get("first_syn_flag"));
    assertTrue(Long.parseLong(http.get("totlen_bwd_pkts")) > 0, http.toString());
    assertEquals("fin", http.get("end_reason"), http.toString());
  }

  private static void waitFor(Path log, String text, int seconds) throws Exception {
    for (int i = 0; i < seconds * 10; i++) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no '" + text + "' in: " + (Files.exists(log) ? Files.readString(log) : ""));
  }

  private static List<Map<String, String>> readCsv(Path dir) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      String[] header = lines.get(0).split(",", -1);
      for (String l : lines.subList(1, lines.size())) {
        String[] cells = l.split(",", -1);
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], cells[i]);
        }
        rows.add(row);
      }
    }
    assertTrue(!rows.isEmpty(), "no flows written in " + dir);
    return rows.stream().collect(Collectors.toList());
  }
}
