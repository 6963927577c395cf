package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session settings detect's stream starts with. */
class DetectSessionTest {
  @TempDir Path tmp;

  @Test
  void aOneFileMicroBatchIsReadByBothCores() throws IOException {
    SparkSession spark = TestSpark.session();
    // about what the sniffer writes in a 1-s window at 5,000 flows/s (3 MB): one file, one batch
    Path file = tmp.resolve("flows").resolve("window.csv");
    Files.createDirectories(file.getParent());
    String line = "10.0.0.1,40000,10.0.0.2,80,6," + "1.5,".repeat(60) + "0\n";
    Files.writeString(file, line.repeat(3_000_000 / line.length()), StandardCharsets.UTF_8);
    String before = spark.conf().getOption(DetectRunner.OPEN_COST).getOrElse(() -> null);
    try {
      spark.conf().unset(DetectRunner.OPEN_COST);
      assertEquals(1, partitions(spark, file), "Spark's default reads such a file in one task");
      DetectRunner runner =
          new DetectRunner(
              new DetectSettings(
                  tmp.resolve("flows"), "csv", tmp, tmp, tmp.resolve("ck"), 0, 1, 3, 0, 0),
              () -> new RuleScorer("rule-1", 1000),
              new PrintStream(java.io.OutputStream.nullOutputStream()),
              Clock.systemUTC());
      runner.configureSession(spark, false);
      assertTrue(partitions(spark, file) >= 2, "detect's session splits it between the 2 cores");
    } finally {
      if (before == null) {
        spark.conf().unset(DetectRunner.OPEN_COST);
      } else {
        spark.conf().set(DetectRunner.OPEN_COST, before);
      }
    }
  }

  /** Partitions of a file as Spark's file sources split it (the stream's source does the same). */
  private static int partitions(SparkSession spark, Path file) {
    return spark.read().text(file.toString()).rdd().getNumPartitions();
  }
}
