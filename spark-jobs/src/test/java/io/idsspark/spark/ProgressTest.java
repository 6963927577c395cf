package io.idsspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void durationsReadLikeAPersonWritesThem() {
    assertEquals("0s", Progress.duration(0.2));
    assertEquals("59s", Progress.duration(59));
    assertEquals("2m 5s", Progress.duration(125));
    assertEquals("1h 1m", Progress.duration(3661));
  }

  @Test
  void aLineNamesTheJobAndTheTimeSoFar() {
    Progress p = new Progress(null, "generate", System.err, 0);
    String line = p.line(System.nanoTime() + 12_000_000_000L);
    assertTrue(line.startsWith("generate:"), line);
    assertTrue(line.endsWith("[12s]"), line);
  }

  @Test
  void countsTheTasksOfARealJobWhenSparksBarIsOff() throws Exception {
    SparkSession spark = TestSpark.session();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p =
        new Progress(spark, "count", new PrintStream(buf, true, StandardCharsets.UTF_8), 3600);
    spark.sparkContext().addSparkListener(p);
    try {
      spark.range(0, 1000, 1, 4).write().format("noop").mode("overwrite").save();
      // listener events arrive asynchronously
      for (int i = 0; i < 100 && !p.line(System.nanoTime()).contains("tasks 4/4"); i++) {
        Thread.sleep(50);
      }
      assertTrue(p.line(System.nanoTime()).contains("tasks 4/4"), p.line(System.nanoTime()));
    } finally {
      p.close();
    }
  }
}
