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
  /** What the last {@link #run} saw, by flow id. */
  static final Map<Integer, Row> SEEN = new ConcurrentHashMap<>();

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
    // as detect sets it up (RocksDB, no empty batches), not by test order
    HostContext.configureStream(spark, 0, 0);
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
      java.nio.file.Files.createDirectories(in);
      write(spark, rows.subList(f * per, Math.min(rows.size(), (f + 1) * per)), dir, in, f);
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
      for (String c : ContextColumn.names()) {
        assertEquals(want.<Object>getAs(c), got.<Object>getAs(c), "flow " + e.getKey() + " " + c);
      }
      // fed in the context order: no flow is late
      assertEquals(false, got.<Boolean>getAs(HostContext.LATE), "flow " + e.getKey());
    }
    assertTrue(batch.values().stream().anyMatch(r -> !r.isNullAt(width)));
  }

  @Test
  void aFlowEndingBeforeWhatItsHostCountedInAnEarlierBatchIsLateCountedAndScored(@TempDir Path dir)
      throws Exception {
    SparkSession spark = TestSpark.session();
    // as detect sets it up (RocksDB, no empty batches), not by test order
    HostContext.configureStream(spark, 0, 0);
    List<Row> all = new ArrayList<>(HostContextTest.flows());
    Dataset<Row> table = spark.createDataFrame(all, HostContextTest.SCHEMA);
    List<Row> ordered =
        table
            .withColumn("_t", ContextOrder.time(table))
            .orderBy(org.apache.spark.sql.functions.col("_t").desc())
            .collectAsList();
    int t = ordered.get(0).fieldIndex("_t");
    // the newest flow first, in a batch of its own; the others (ending before it or with it) after
    Path in = dir.resolve("in");
    java.nio.file.Files.createDirectories(in);
    List<Row> flows = new ArrayList<>();
    for (Row r : ordered) {
      Object[] v = new Object[HostContextTest.SCHEMA.length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      flows.add(org.apache.spark.sql.RowFactory.create(v));
    }
    write(spark, flows.subList(0, 1), dir, in, 0);
    write(spark, flows.subList(1, flows.size()), dir, in, 1);
    SEEN.clear();
    run(spark, in, dir.resolve("ckpt"));
    Row newest = SEEN.get(ordered.get(0).getInt(0));
    assertEquals(false, newest.<Boolean>getAs(HostContext.LATE));
    String src = ordered.get(0).getAs("src_ip");
    double newestEnd = ordered.get(0).getDouble(t);
    // the other flows of its source that ended strictly before it (a tie is not late)
    java.util.Set<Integer> before = new java.util.HashSet<>();
    for (Row r : ordered.subList(1, ordered.size())) {
      if (src.equals(r.getAs("src_ip")) && !r.isNullAt(t) && r.getDouble(t) < newestEnd) {
        before.add(r.getInt(0));
      }
    }
    long sameSource = before.size();
    long late =
        SEEN.values().stream()
            .filter(r -> before.contains(r.getInt(0)))
            .filter(r -> r.<Boolean>getAs(HostContext.LATE))
            .count();
    assertTrue(sameSource > 0, "the newest flow's source has other flows");
    assertEquals(sameSource, late, "every flow of that source ending before it came late");
    // late flows are still scored with context: none is dropped, each has its source's counts
    assertEquals(all.size(), SEEN.size());
    assertTrue(
        SEEN.values().stream()
            .filter(r -> before.contains(r.getInt(0)))
            .allMatch(r -> r.getAs("src_flows_60s") != null));
  }

  /** {@code rows} as the CSV file {@code flows-<f>.csv} in {@code in} (written via {@code dir}). */
  static void write(SparkSession spark, List<Row> rows, Path dir, Path in, int f) throws Exception {
    spark
        .createDataFrame(rows, HostContextTest.SCHEMA)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .csv(dir.resolve("f" + f).toString());
    try (var s = java.nio.file.Files.list(dir.resolve("f" + f))) {
      Path csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
      java.nio.file.Files.move(csv, in.resolve(String.format("flows-%02d.csv", f)));
    }
  }

  private static void run(SparkSession spark, Path in, Path ckpt) throws Exception {
    run(spark, in, ckpt, HostTable.SLOTS);
  }

  /**
   * Streams the files of {@code in} (one per micro-batch, until none is left) through {@link
   * HostContext#addToStream} with {@code slots} hosts per bucket, into {@link #SEEN}.
   */
  static void run(SparkSession spark, Path in, Path ckpt, int slots) throws Exception {
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
        HostContext.addToStream(stream, slots)
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
