package io.idsspark.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.idsspark.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo stack (docker-compose.yml, monitoring/) checked without a Docker engine: Debian's {@code
 * docker-compose config -q}, and {@code monitoring/tools/check-stack.mjs} (dclint, the Alloy config
 * parser, the Loki/Grafana files, every LogQL query of the dashboard) fed with alert lines as
 * {@code detect} writes them (through its own {@code AlertLog}). The tools are installed by {@code
 * .ci/run}; without them these tests skip, except under {@code CI=true}, where they fail.
 *
 * <pre>
 * (cd monitoring/tools && npm ci) && mvn -B -q -pl spark-jobs -am test -Dtest=MonitoringStackTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
final class MonitoringStackTest {
  private static final Path ROOT = TestSpark.projectRoot();
  private static final Path TOOLS = ROOT.resolve("monitoring/tools");

  @Test
  void composeFileValidatesWithDebianDockerCompose() throws Exception {
    requireTool(
        onPath("docker-compose"),
        "docker-compose (Debian package docker-compose) is not installed");
    Run r = run(ROOT, List.of("docker-compose", "-f", "docker-compose.yml", "config", "-q"));
    assertEquals(
        0, r.exitCode, "docker-compose config -q rejected docker-compose.yml:\n" + r.output);
  }

  @Test
  void stackChecksPassOnAlertLinesAsDetectWritesThem(@TempDir Path tmp) throws Exception {
    requireNodeTools();
    Path alerts = AlertLines.write(tmp);
    Run r =
        checkStack(
            ROOT,
            "--alerts",
            alerts.toString(),
            "--incidents",
            AlertLines.incidents(alerts).toString(),
            "--health",
            AlertLines.health(tmp.resolve("health")).toString());
    assertEquals(0, r.exitCode, "monitoring checks failed:\n" + r.output);
    assertTrue(
        r.output.contains("ok   the dashboard's `| json` paths find their fields in real health"),
        "the health-line checks did not run:\n" + r.output);
    assertTrue(
        r.output.contains(
            "ok   Alloy's stage.json / labels / structured_metadata / timestamp work"
                + " on real alerts lines"),
        "the alert-line checks did not run:\n" + r.output);
    assertTrue(
        r.output.contains(
            "ok   the dashboard's `| json` paths find their fields in real incidents"),
        "the incident-line checks did not run:\n" + r.output);
  }

  @Test
  void checksRejectAlertLinesLackingWhatAlloyReads(@TempDir Path tmp) throws Exception {
    requireNodeTools();
    Path alerts = AlertLines.write(tmp.resolve("real"));
    // the same alerts with the "ids" object renamed: Alloy's JMESPath finds no level to label by
    List<String> renamed = new ArrayList<>();
    for (String line : Files.readAllLines(alerts)) {
      renamed.add(line.replace("\"ids\":{", "\"detection\":{"));
    }
    alerts = tmp.resolve("renamed.jsonl");
    Files.write(alerts, renamed, StandardCharsets.UTF_8);
    Run r = checkStack(ROOT, "--no-dclint", "--alerts", alerts.toString());
    assertEquals(1, r.exitCode, r.output);
    assertTrue(r.output.contains("stage.json \"level\""), r.output);
  }

  @Test
  void checksRejectIncidentLinesWithoutTheStatusAlloyLabelsBy(@TempDir Path tmp) throws Exception {
    requireNodeTools();
    Path alerts = AlertLines.write(tmp.resolve("real"));
    List<String> renamed = new ArrayList<>();
    for (String line : Files.readAllLines(AlertLines.incidents(alerts))) {
      renamed.add(line.replace("\"status\":", "\"state\":"));
    }
    Path incidents = tmp.resolve("renamed.jsonl");
    Files.write(incidents, renamed, StandardCharsets.UTF_8);
    Run r = checkStack(ROOT, "--no-dclint", "--incidents", incidents.toString());
    assertEquals(1, r.exitCode, r.output);
    assertTrue(r.output.contains("stage.json \"status\""), r.output);
  }

  @Test
  void checksRejectADashboardQueryThatDoesNotParse(@TempDir Path tmp) throws Exception {
    requireNodeTools();
    Path copy = copyStack(tmp);
    Path dashboard = copy.resolve("monitoring/grafana/dashboards/ids-alerts.json");
    String text = Files.readString(dashboard);
    String broken =
        text.replaceFirst(
            "\\(count_over_time\\(\\{job=\\\\\"ids-spark\\\\\"\\}",
            "(count_over_time({job=\\\\\"ids-spark\\\\\"");
    assertTrue(!broken.equals(text), "the dashboard no longer has the query this test breaks");
    Files.writeString(dashboard, broken);
    Run r = checkStack(copy, "--no-dclint");
    assertEquals(1, r.exitCode, r.output);
    assertTrue(r.output.contains("does not parse"), r.output);
  }

  @Test
  void checksRejectAnAlloyReferenceToAMissingComponent(@TempDir Path tmp) throws Exception {
    requireNodeTools();
    Path copy = copyStack(tmp);
    Path alloy = copy.resolve("monitoring/alloy/config.alloy");
    Files.writeString(
        alloy,
        Files.readString(alloy).replace("loki.write.local.receiver", "loki.write.remote.receiver"));
    Run r = checkStack(copy, "--no-dclint");
    assertEquals(1, r.exitCode, r.output);
    assertTrue(r.output.contains("undeclared loki.write \"remote\""), r.output);
  }

  // ------------------------------------------------------------------------------------------

  private static Run checkStack(Path root, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("node", "check-stack.mjs", "--root", root.toString()));
    cmd.addAll(List.of(extra));
    return run(TOOLS, cmd);
  }

  /** compose file, docker/ and monitoring/ (without node_modules) in a scratch folder. */
  private static Path copyStack(Path tmp) throws IOException {
    Path copy = tmp.resolve("repo");
    Files.createDirectories(copy);
    Files.copy(ROOT.resolve("docker-compose.yml"), copy.resolve("docker-compose.yml"));
    for (String dir : List.of("docker", "monitoring")) {
      Path from = ROOT.resolve(dir);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path p : (Iterable<Path>) files::iterator) {
          Path relative = from.relativize(p);
          if (relative.startsWith("tools")) {
            continue;
          }
          Path to = copy.resolve(dir).resolve(relative.toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    return copy;
  }

  private static void requireNodeTools() {
    requireTool(onPath("node"), "node is not installed");
    requireTool(
        Files.isDirectory(TOOLS.resolve("node_modules/@grafana/lezer-logql")),
        "npm tools missing: run (cd monitoring/tools && npm ci)");
  }

  /** Skips with the reason, except under CI=true where a missing tool is a failure. */
  private static void requireTool(boolean present, String reason) {
    if (present) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + " (CI=true: .ci/run must install it)");
    }
    Assumptions.abort(reason);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Path dir, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", cmd));
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
