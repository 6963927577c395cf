package io.idsspark.sniffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.idsspark.capture.TestPcaps;
import io.idsspark.cli.Cli;
import io.idsspark.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The sniffer command end to end on files: exit codes, one-line errors, output files. */
class SnifferMainTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int run(String... args) {
    SnifferMain main = new SnifferMain();
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    main.err = err;
    CommandLine cl = Cli.commandLine(main);
    cl.setErr(new PrintWriter(err, true));
    return Cli.run(cl, args);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private List<Path> outFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void folderWithABadFileStillConvertsTheOthers() throws Exception {
    Path in = Files.createDirectory(tmp.resolve("in"));
    for (String f :
        List.of(
            "tcpdump__dns_udp.pcap",
            "libpcap__pcap-invalid-version-1.pcap",
            "chrissanders__tcp_handshake.pcapng")) {
      Files.copy(TestPcaps.get(f), in.resolve(f));
    }
    Files.writeString(in.resolve("notes.txt"), "not a capture, ignored by name");
    Path out = tmp.resolve("out");
    int code = run("--pcap", in.toString(), "--out", out.toString());
    assertEquals(ExitCodes.OK, code, err());
    String err = err();
    assertTrue(err.contains("error: " + in.resolve("libpcap__pcap-invalid-version-1.pcap")), err);
    assertTrue(err.contains("flows=2"), err);
    // the captures are 10 years apart: files rotate on capture time, so one file each
    assertTrue(err.contains("files read=2 failed=1 written=2"), err);
    List<Path> files = outFiles(out);
    assertEquals(2, files.size());
    for (Path f : files) {
      assertEquals(2, Files.readAllLines(f).size()); // header + 1 flow
    }
  }

  @Test
  void onlyUnreadableInputIsExitThreeWithOneLine() {
    int code =
        run(
            "--pcap",
            TestPcaps.get("libpcap__pcap-invalid-version-1.pcap").toString(),
            "--out",
            tmp.toString());
    assertEquals(ExitCodes.INPUT, code);
    List<String> errorLines = err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errorLines.size(), err());
    assertTrue(errorLines.get(0).contains("libpcap__pcap-invalid-version-1.pcap"));
  }

  @Test
  void pcapngThatLibpcapRefusesIsOneLineNamingIt() {
    try {
      org.pcap4j.core.Pcaps.libVersion();
    } catch (Throwable e) {
      assumeTrue(false, "libpcap not installed (apt-get install -y libpcap0.8)");
    }
    // two interfaces with different link types: the built-in reader takes it, libpcap does not
    String file = TestPcaps.get("gopacket__be_test006.pcapng").toString();
    assertEquals(ExitCodes.OK, run("--pcap", file, "--out", tmp.resolve("a").toString()), err());
    errBytes.reset();
    int code = run("--libpcap", "--pcap", file, "--out", tmp.resolve("b").toString());
    assertEquals(ExitCodes.INPUT, code, err());
    List<String> lines = err().lines().toList();
    assertEquals(1, lines.size(), err());
    assertTrue(lines.get(0).startsWith("error: " + file + ": libpcap: "), lines.get(0));
    assertTrue(lines.get(0).contains("different from the type of the first interface"), err());
  }

  @Test
  void missingInputAndBadOptions() {
    assertEquals(ExitCodes.INPUT, run("--pcap", tmp.resolve("nope.pcap").toString()));
    assertTrue(err().contains("nope.pcap: no such file or folder"), err());
    assertEquals(ExitCodes.USAGE, run("--out", tmp.toString()));
    String pcap = TestPcaps.get("tcpdump__dns_udp.pcap").toString();
    assertEquals(ExitCodes.USAGE, run("--pcap", pcap, "--label", "1", "--out", tmp.toString()));
    assertEquals(ExitCodes.USAGE, run("--pcap", pcap, "--format", "xml", "--out", tmp.toString()));
  }

  @Test
  void labelledCsvHasLabelColumns() throws Exception {
    String pcap = TestPcaps.get("tcpdump__dns_udp.pcap").toString();
    int code =
        run("--pcap", pcap, "--out", tmp.toString(), "--label", "1", "--attack-type", "dns-test");
    assertEquals(ExitCodes.OK, code, err());
    List<String> lines = Files.readAllLines(outFiles(tmp).get(0));
    assertTrue(lines.get(0).contains(",label,attack_type,end_reason"), lines.get(0));
    assertTrue(
        lines.get(1).matches(".*,1,dns-test,eof,2020-06-10T09:19:54\\.870361Z"), lines.get(1));
  }

  /**
   * Live capture without CAP_NET_RAW/CAP_NET_ADMIN: one line naming them, exit 5. Runs the real
   * command in a child JVM under {@code capsh --drop=...} (root with the capabilities removed).
   */
  @Test
  void liveCaptureWithoutCapabilityIsExitFive() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    boolean capsh = Files.isExecutable(Path.of("/usr/sbin/capsh"));
    if (ci) {
      assertTrue(capsh, "capsh (libcap2-bin) is required in CI");
    }
    assumeTrue(capsh, "capsh not installed (apt-get install -y libcap2-bin)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cmd =
        String.join(
            " ",
            List.of(
                "'" + java + "'",
                "-cp",
                "'" + System.getProperty("java.class.path") + "'",
                SnifferMain.class.getName(),
                "--iface",
                "lo",
                "--minutes",
                "0.05",
                "--out",
                "'" + tmp + "'"));
    List<String> argv =
        new ArrayList<>(
            List.of("/usr/sbin/capsh", "--drop=cap_net_raw,cap_net_admin", "--", "-c", cmd));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sniffer did not stop");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(ExitCodes.PERMISSION, p.exitValue(), out);
    List<String> lines = out.lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, lines.size(), out);
    assertTrue(lines.get(0).contains("CAP_NET_RAW") && lines.get(0).contains("CAP_NET_ADMIN"), out);
  }
}
