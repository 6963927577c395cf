package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code detect} job in a child JVM (this JVM's class path and Spark flags), with the
 * alert log's pause hook, so that a test can SIGKILL it at a known point of a batch.
 */
final class DetectProcess {
  private final Path work;

  /** Children run in {@code work}; their logs go to {@code work/logs}, output to detect-out.txt. */
  DetectProcess(Path work) {
    this.work = work;
  }

  Path output() {
    return work.resolve("detect-out.txt");
  }

  /** Starts {@code detect ARGS}, paused at {@code pauseAt} ({@code after-csv:1}) unless null. */
  Process start(String pauseAt, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-")
          || a.startsWith("-XX:+Ignore")
          || a.startsWith("--sun-")
          || a.startsWith("--enable-")
          || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx768m");
    cmd.add("-Dspark.master=local[2]");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dspark.sql.shuffle.partitions=2");
    if (pauseAt != null) {
      cmd.add("-Dids.test.pauseAt=" + pauseAt);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.idsspark.jobs.IdsJobs");
    cmd.add("detect");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
    pb.environment().put("IDS_LOGS_DIR", work.resolve("logs").toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("IDS_CONFIG");
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(output().toString())));
    return pb.start();
  }

  /** Waits for the hook's marker file, then SIGKILLs the process (destroyForcibly on Linux). */
  void killWhenPaused(Process p, Path marker) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    while (!Files.exists(marker)) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "detect exited (" + p.exitValue() + ") before " + marker + ":\n" + outputText());
      }
      if (System.currentTimeMillis() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("no " + marker + " after 300 s");
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "killed by SIGKILL");
    Files.delete(marker);
  }

  /** Waits for a run to end by itself with exit 0. */
  void finishes(Process p) throws Exception {
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "detect finishes");
    assertEquals(0, p.exitValue(), outputText());
  }

  String outputText() throws java.io.IOException {
    return Files.exists(output()) ? Files.readString(output()) : "";
  }
}
