package io.idsspark.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream = batch: the same flows, fed to the stream as files in several micro-batches with a
 * restart in the middle, get the same context values as the batch path gives them, flow for flow.
 */
class StreamContextTest {
  private static final Map<Integer, Row> SEEN = new ConcurrentHashMap<>();

  @Test
  void statePartitionsAreTheGivenNumberOrTheSessionsOwnNotSparksDefaultOf200() {
    SparkSession spark = TestSpark.session();
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    try {
      // 0: what the session was built with (the test session sets 4 explicitly)
      assertEquals(4, HostContext.configureStream(spark, 0, 0));
      assertEquals(3, HostContext.configureStream(spark, 3, 0));
      assertEquals("3", spark.conf().get("spark.sql.shuffle.partitions"));
      assertEquals(
          HostContext.STATE_STORE_PROVIDER,
          spark.conf().get("spark.sql.streaming.stateStore.providerClass"));
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
  }

  @Test
  void streamInMicroBatchesWithARestartEqualsBatch(@TempDir Path dir) throws Exception {
    SparkSession spark = TestSpark.session();
    spark
        .conf()
        .set("spark.sql.streaming.stateStore.providerClass", HostContext.STATE_STORE_PROVIDER);
    List<Row> all = new ArrayList<>(HostContextTest.flows());
    Dataset<Row> table = spark.createDataFrame(all, HostContextTest.SCHEMA);
    Map<Integer, Row> batch = HostContextTest.byId(HostContext.add(table));

    // files in the context order (by end time), as a sniffer writes them: six files
    Dataset<Row> ordered =
        table
            .withColumn("_t", ContextOrder.time(table))
            .orderBy("_t", "timestamp", "src_ip", "src_port", "dst_ip", "dst_port", "protocol");
    List<Row> rows = ordered.drop("_t").collectAsList();
    Path in = dir.resolve("in");
    int files = 6;
    int per = (rows.size() + files - 1) / files;
    SEEN.clear();
    for (int f = 0; f < files; f++) {
      List<Row> part = rows.subList(f * per, Math.min(rows.size(), (f + 1) * per));
      spark
          .createDataFrame(part, HostContextTest.SCHEMA)
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .option("header", "true")
          .csv(dir.resolve("f" + f).toString());
      java.nio.file.Files.createDirectories(in);
      try (var s = java.nio.file.Files.list(dir.resolve("f" + f))) {
        Path csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
        java.nio.file.Files.move(csv, in.resolve(String.format("flows-%02d.csv", f)));
      }
      if (f == 2) {
        run(spark, in, dir.resolve("ckpt")); // three files, then the query stops
      }
    }
    run(spark, in, dir.resolve("ckpt")); // restarted on the same checkpoint: the other three
    assertEquals(batch.size(), SEEN.size());
    int width = HostContextTest.SCHEMA.length();
    for (Map.Entry<Integer, Row> e : batch.entrySet()) {
      Row want = e.getValue();
      Row got = SEEN.get(e.getKey());
      for (int i = width; i < want.length(); i++) {
        assertEquals(want.get(i), got.get(i), "flow " + e.getKey() + " column " + i);
      }
    }
    assertTrue(batch.values().stream().anyMatch(r -> !r.isNullAt(width)));
  }

  private static void run(SparkSession spark, Path in, Path ckpt) throws Exception {
    Dataset<Row> stream =
        spark
            .readStream()
            .schema(HostContextTest.SCHEMA)
            .option("header", "true")
            .option("maxFilesPerTrigger", 1)
            .csv(in.toString());
    VoidFunction2<Dataset<Row>, Long> collect =
        (b, id) -> b.collectAsList().forEach(r -> SEEN.put(r.getInt(0), r));
    StreamingQuery q =
        HostContext.addToStream(stream)
            .writeStream()
            .option("checkpointLocation", ckpt.toString())
            .trigger(Trigger.AvailableNow())
            .foreachBatch(collect)
            .start();
    if (!q.awaitTermination(240_000)) {
      String progress = String.valueOf(q.lastProgress());
      int batches = q.recentProgress().length;
      q.stop();
      throw new AssertionError("stream did not finish: " + batches + " batches; last " + progress);
    }
  }
}
