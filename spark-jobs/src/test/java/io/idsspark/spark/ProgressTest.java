package io.idsspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

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

  @Test
  void aStageAnEarlierJobRanIsNotCountedAgain() throws Exception {
    SparkSession spark = TestSpark.session();
    Progress p = new Progress(spark, "score", System.err, 3600);
    spark.sparkContext().addSparkListener(p);
    try {
      JavaPairRDD<Long, Long> byKey =
          spark
              .range(0, 1000, 1, 4)
              .javaRDD()
              .mapToPair(i -> new Tuple2<>(i % 10, 1L))
              .reduceByKey(Long::sum, 3);
      byKey.count(); // 4 map tasks, then 3
      byKey.count(); // the map stage is skipped: 3 tasks to do, not 7
      for (int i = 0; i < 100 && !p.line(System.nanoTime()).contains("tasks 3/3"); i++) {
        Thread.sleep(50);
      }
      assertTrue(p.line(System.nanoTime()).contains("tasks 3/3"), p.line(System.nanoTime()));
    } finally {
      p.close();
    }
  }
}
