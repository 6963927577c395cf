package io.idsspark.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cap on tracked hosts: a full bucket gives the slot of its longest-silent host to a new one,
 * counts the eviction when that host was still live, and the batch path and the stream evict alike.
 */
class HostTableTest {
  @Test
  void aFullBucketEvictsTheHostSilentLongestAndCountsItWhenStillLive() {
    HostTable t = new HostTable(1, 2);
    double[] out = new double[ContextColumn.of(ContextColumn.Key.SERVICE).size()];
    HostState a = t.stateOf("a", 0);
    a.add(0, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    HostState b = t.stateOf("b", 1);
    b.add(1, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    assertSame(a, t.stateOf("a", 2));
    a.add(2, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    // c takes b's slot: b's last flow (1) is older than a's (2); b was live (1 s ago)
    HostState c = t.stateOf("c", 3);
    assertTrue(t.evictedLive());
    assertEquals(2, t.size());
    c.add(3, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    // b comes back afresh, taking a's slot (a: 2, c: 3); a host silent past its expiry is not a
    // loss
    HostState b2 = t.stateOf("b", 3 + HostState.EXPIRY_SECONDS + 1);
    assertNotSame(b, b2);
    assertTrue(!t.evictedLive());
    b2.add(304, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    assertEquals(1.0, out[1], 1e-9, "b starts afresh: one flow in 60 s");

    // the bucket as the state store keeps it: every host's state, read back as it was
    HostTable back = HostTable.fromBytes(t.toBytes(), 1, 2);
    assertEquals(t.lastTimes(), back.lastTimes());
    HostState c2 = back.stateOf("c", 4);
    c2.add(4, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    assertTrue(out[1] > 1.0, "c's state came back from its bytes: " + out[1]);
    assertEquals(0, HostTable.fromBytes(new byte[] {99, 0, 0, 0, 0}, 1, 2).size());
  }

  @Test
  void aBucketDropsHostsTwiceTheExpiryBehindItsNewestWhenWritten() {
    HostTable t = new HostTable(1, 4);
    double[] out = new double[ContextColumn.of(ContextColumn.Key.SERVICE).size()];
    double stale = ContextProcessor.STALE_SECONDS;
    t.stateOf("old", 0).add(0, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    t.stateOf("edge", 10).add(10, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    t.stateOf("new", 10 + stale)
        .add(10 + stale, true, false, 1, 10, 10, Double.NaN, new Object[] {"x"}, out, 0);
    t.dropStale(stale);
    // "old" is more than the age behind the newest; "edge" exactly at it stays
    assertEquals(java.util.Set.of("edge", "new"), t.lastTimes().keySet());
    assertEquals(stale, 2 * HostState.EXPIRY_SECONDS);
    HostTable empty = new HostTable(1, 4);
    empty.stateOf("never-counted", 5);
    empty.dropStale(stale);
    assertEquals(0, empty.size(), "a host that never counted a flow is not kept");
  }

  /** 3,000 flows from 1,500 sources to 3 services over 100 s: many buckets hold two sources. */
  private static List<Row> manySources() {
    java.util.Random rnd = new java.util.Random(3);
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      long micros = (long) (i / 3000.0 * 100e6);
      rows.add(
          RowFactory.create(
              i,
              t0.plusNanos(micros * 1000).toString(),
              "10.9." + (rnd.nextInt(1500) / 250) + "." + rnd.nextInt(250),
              "10.0.0." + (1 + rnd.nextInt(3)),
              1024 + rnd.nextInt(60000),
              443,
              6,
              0.01,
              4L,
              3L,
              200L,
              0L));
    }
    return rows;
  }

  @Test
  void batchAndStreamEvictAlikeWhenBucketsOverflow(@TempDir Path dir) throws Exception {
    SparkSession spark = TestSpark.session();
    // as detect sets it up (RocksDB, no empty batches)
    HostContext.configureStream(spark, 0, 0);
    List<Row> rows = manySources();
    Dataset<Row> table = spark.createDataFrame(rows, HostContextTest.SCHEMA);
    // batch, one host per bucket, marking evictions as the stream does
    Dataset<Row> t =
        table
            .withColumn(ContextOrder.TIME, ContextOrder.time(table))
            .withColumn(HostContext.EVICTED, functions.lit(false));
    for (ContextColumn.Key key : ContextColumn.Key.values()) {
      t = HostContext.pass(t, key, 1);
    }
    Map<Integer, Row> batch = HostContextTest.byId(t);
    long batchEvicted = batch.values().stream().filter(r -> r.getAs(HostContext.EVICTED)).count();
    assertTrue(batchEvicted > 0, "sources sharing a bucket evict each other");

    // stream: the same flows in the context order, three files, one per micro-batch
    Path in = dir.resolve("in");
    java.nio.file.Files.createDirectories(in);
    for (int f = 0; f < 3; f++) {
      StreamContextTest.write(spark, rows.subList(f * 1000, (f + 1) * 1000), dir, in, f);
    }
    StreamContextTest.SEEN.clear();
    StreamContextTest.run(spark, in, dir.resolve("ckpt"), 1);
    Map<Integer, Row> seen = StreamContextTest.SEEN;
    assertEquals(batch.size(), seen.size());
    long streamEvicted = seen.values().stream().filter(r -> r.getAs(HostContext.EVICTED)).count();
    assertEquals(batchEvicted, streamEvicted);
    for (Map.Entry<Integer, Row> e : batch.entrySet()) {
      for (String c : ContextColumn.names()) {
        assertEquals(
            e.getValue().<Object>getAs(c),
            seen.get(e.getKey()).<Object>getAs(c),
            "flow " + e.getKey() + " " + c);
      }
    }
  }
}
