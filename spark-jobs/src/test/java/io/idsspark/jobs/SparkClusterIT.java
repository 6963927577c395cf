package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launchers as a user runs them: scripts/spark-submit on the built jar, and a real standalone
 * cluster (scripts/spark-cluster) whose executor, not the driver, runs the tasks.
 */
class SparkClusterIT {
  private static final Path ROOT = TestSpark.projectRoot();
  private static final Path JAR = ROOT.resolve("spark-jobs/target/ids-spark-jobs.jar");
  // Ports of our own, so a cluster a user left running on 7077 is not touched.
  private static final Map<String, String> CLUSTER_ENV =
      Map.of("IDS_CLUSTER_PORT", "17077", "IDS_CLUSTER_UI_PORT", "18090", "IDS_NO_BUILD", "1");

  record Result(int code, String out, String err) {}

  static Result sh(Map<String, String> env, String... cmd)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    pb.environment().putAll(env);
    Path out = Files.createTempFile("it-out", ".txt");
    Path err = Files.createTempFile("it-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void startCluster() throws Exception {
    Result r = sh(CLUSTER_ENV, "scripts/spark-cluster", "start");
    assertEquals(0, r.code(), r.out() + r.err());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    sh(CLUSTER_ENV, "scripts/spark-cluster", "stop");
  }

  @Test
  void theJobsJarHoldsNoSparkOrBenchmarkClassesButTheKafkaSourceAndStartsTheDispatcher()
      throws IOException {
    List<String> spark = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertEquals(
          "io.idsspark.jobs.IdsJobs", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        // Spark's Kafka source is shaded in on purpose: a Spark distribution does not carry it
        boolean kafkaSource =
            name.startsWith("org/apache/spark/sql/kafka010/")
                || name.startsWith("org/apache/spark/kafka010/")
                || List.of("org/apache/spark/", "org/apache/spark/sql/").contains(name);
        if (name.startsWith("org/apache/spark/") && !kafkaSource
            || name.startsWith("scala/")
            || name.startsWith("io/idsspark/bench/")
            || name.contains("Bench")) {
          spark.add(name);
        }
      }
    }
    assertEquals(List.of(), spark);
  }

  @Test
  void sparkSubmitListsTheJobsAndRejectsATypoInOneLine() throws Exception {
    Result help = sh(Map.of("IDS_NO_BUILD", "1"), "scripts/spark-submit", JAR.toString(), "--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("train") && help.out().contains("detect"), help.out());

    Result typo = sh(Map.of("IDS_NO_BUILD", "1"), "scripts/spark-submit", JAR.toString(), "scroe");
    assertEquals(2, typo.code());
    List<String> errLines = typo.err().strip().lines().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errLines.size(), typo.err());
    assertTrue(errLines.get(0).contains("did you mean score"), typo.err());
  }

  @Test
  void driverJavaOptionsAndMemoryReachTheDriverJvm() throws Exception {
    // the driver is the launcher's own JVM here, so these must be applied by the script
    Result r =
        sh(
            Map.of("IDS_NO_BUILD", "1"),
            "scripts/spark-submit",
            "--driver-java-options",
            "-XshowSettings:properties -Dids.probe=one",
            "--conf",
            "spark.driver.extraJavaOptions=-Dids.probe2=two",
            "--conf",
            "spark.driver.memory=777m",
            JAR.toString(),
            "--help");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("ids.probe = one"), r.err());
    assertTrue(r.err().contains("ids.probe2 = two"), r.err());
    Result heap =
        sh(
            Map.of("IDS_NO_BUILD", "1"),
            "scripts/spark-submit",
            "--driver-java-options",
            "-XshowSettings:vm",
            "--driver-memory",
            "777m",
            JAR.toString(),
            "--help");
    assertTrue(heap.err().contains("Max. Heap Size: 777"), heap.err());
  }

  @Test
  void onTheStandaloneClusterTheTasksRunInTheWorkersExecutorProcess() throws Exception {
    Result status = sh(CLUSTER_ENV, "scripts/spark-cluster", "status");
    assertEquals(0, status.code(), status.out());
    Result r =
        sh(
            CLUSTER_ENV,
            "scripts/spark-submit",
            "--master",
            "spark://127.0.0.1:17077",
            "--executor-memory",
            "1g",
            JAR.toString(),
            "doctor",
            "--partitions",
            "4");
    assertEquals(0, r.code(), r.out() + r.err());
    Matcher driver = Pattern.compile("(?m)^driver pid=(\\d+) .*master=(\\S+)").matcher(r.out());
    assertTrue(driver.find(), r.out());
    assertEquals("spark://127.0.0.1:17077", driver.group(2));
    Matcher task =
        Pattern.compile("(?m)^task pid=(\\d+) host=\\S+ main=(\\S+) .*partitions=(\\d+)")
            .matcher(r.out());
    int partitions = 0;
    while (task.find()) {
      assertNotEquals(driver.group(1), task.group(1), "a task ran in the driver:\n" + r.out());
      assertEquals("org.apache.spark.executor.CoarseGrainedExecutorBackend", task.group(2));
      partitions += Integer.parseInt(task.group(3));
    }
    assertEquals(4, partitions, r.out());
  }
}
