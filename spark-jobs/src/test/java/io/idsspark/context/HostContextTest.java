package io.idsspark.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.flow.FlowSchema;
import io.idsspark.testing.TestSpark;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class HostContextTest {
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add(FlowSchema.TIMESTAMP_COL, DataTypes.StringType)
          .add(FlowSchema.SRC_IP, DataTypes.StringType)
          .add(FlowSchema.DST_IP, DataTypes.StringType)
          .add(FlowSchema.SRC_PORT, DataTypes.IntegerType)
          .add(FlowSchema.DST_PORT, DataTypes.IntegerType)
          .add(FlowSchema.PROTOCOL, DataTypes.IntegerType)
          .add("flow_duration", DataTypes.DoubleType)
          .add("tot_fwd_pkts", DataTypes.LongType)
          .add("tot_bwd_pkts", DataTypes.LongType)
          .add("totlen_fwd_pkts", DataTypes.LongType)
          .add("rst_flag_cnt", DataTypes.LongType);

  /** A mixed capture: busy benign clients, a SYN flood, a scan, a few rows without addresses. */
  static List<Row> flows() {
    Random rnd = new Random(7);
    List<Row> rows = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    for (int i = 0; i < 3000; i++) {
      long micros = (long) (rnd.nextDouble() * 120e6);
      String ts = t0.plusNanos(micros * 1000).toString();
      int kind = i % 10;
      String src =
          kind < 6 ? "10.0.1." + (1 + rnd.nextInt(40)) : kind < 9 ? "203.0.113.7" : "198.51.100.3";
      int dport = kind < 6 ? 443 : kind < 9 ? 80 : 1 + rnd.nextInt(2000);
      boolean answered = kind < 6;
      rows.add(
          RowFactory.create(
              i,
              i % 500 == 0 ? null : ts,
              i % 700 == 1 ? null : src,
              "10.0.0.2",
              1024 + rnd.nextInt(60000),
              dport,
              6,
              answered ? rnd.nextDouble() : 0.0,
              answered ? 8L : 1L,
              answered ? 6L : 0L,
              answered ? 500L : 0L,
              kind == 9 ? 1L : 0L));
    }
    return rows;
  }

  static Map<Integer, Row> byId(Dataset<Row> d) {
    Map<Integer, Row> m = new HashMap<>();
    for (Row r : d.collectAsList()) {
      m.put(r.getInt(0), r);
    }
    return m;
  }

  @Test
  void flowsInTheSameMillisecondAreCountedInTheContextOrder() {
    // one source's burst inside one millisecond: 20 flows at the same instant (ties broken by
    // source port) and 20 at distinct microseconds, each to its own destination port; shuffled
    // and spread over partitions, the k-th flow in the context order sees k distinct ports
    Random rnd = new Random(3);
    List<Row> rows = new ArrayList<>();
    List<Integer> sportsAtSameInstant = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      boolean same = i < 20;
      int sport = same ? 40000 + rnd.nextInt(20000) : 1000 + i;
      if (same) {
        sportsAtSameInstant.add(sport);
      }
      String ts =
          same
              ? "2026-11-25T10:00:00.000500Z"
              : String.format("2026-11-25T10:00:00.000%03dZ", 501 + i);
      rows.add(
          RowFactory.create(
              i, ts, "192.0.2.9", "10.0.0.2", sport, 2000 + i, 6, 0.0, 1L, 0L, 0L, 0L));
    }
    // expected order: the same-instant flows by source port, then the later ones by time
    List<Integer> order = new ArrayList<>();
    sportsAtSameInstant.stream().sorted().forEach(p -> order.add(sportsAtSameInstant.indexOf(p)));
    for (int i = 20; i < 40; i++) {
      order.add(i);
    }
    Collections.shuffle(rows, new Random(5));
    SparkSession spark = TestSpark.session();
    Map<Integer, Row> got =
        byId(HostContext.add(spark.createDataFrame(rows, SCHEMA).repartition(5)));
    String ports = ContextColumn.SRC_DST_PORTS_60S.columnName();
    for (int k = 0; k < order.size(); k++) {
      Row r = got.get(order.get(k));
      assertEquals(k + 1.0, r.<Double>getAs(ports), 1e-9, "flow " + order.get(k) + " at rank " + k);
    }
  }

  @Test
  void contextUsesNoLaterFlowAndDoesNotDependOnInputOrderOrPartitions() {
    SparkSession spark = TestSpark.session();
    List<Row> all = flows();
    Map<Integer, Row> full = byId(HostContext.add(spark.createDataFrame(all, SCHEMA)));

    List<Row> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(1));
    Map<Integer, Row> again =
        byId(HostContext.add(spark.createDataFrame(shuffled, SCHEMA).repartition(7)));
    assertEquals(full, again);

    // the flows that ended in the first minute, alone: the same context (no look-ahead)
    Dataset<Row> early =
        spark
            .createDataFrame(all, SCHEMA)
            .where("cast(timestamp as timestamp) < timestamp'2026-11-25 10:00:40Z'");
    Map<Integer, Row> prefix = byId(HostContext.add(early));
    int width = SCHEMA.length();
    int checked = 0;
    for (Map.Entry<Integer, Row> e : prefix.entrySet()) {
      Row a = e.getValue();
      Row b = full.get(e.getKey());
      // only flows whose context time is inside the prefix are comparable: a flow ending after
      // 10:00:40 may have later-started neighbours that ended before it
      if (a.isNullAt(width) || a.getString(1).compareTo("2026-11-25T10:00:39") > 0) {
        continue;
      }
      for (int i = width; i < a.length(); i++) {
        assertEquals(a.get(i), b.get(i), "flow " + e.getKey() + " column " + i);
      }
      checked++;
    }
    assertTrue(checked > 500, "compared " + checked);
  }

  @Test
  void floodSourcesStandOutAndRowsWithoutAddressOrTimeGetNullContext() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> out = HostContext.add(spark.createDataFrame(flows(), SCHEMA));
    int width = SCHEMA.length();
    List<String> names = List.of(out.columns());
    int srcFlows60 = names.indexOf("src_flows_60s");
    int srcUnanswered = names.indexOf("src_unanswered_share_60s");
    int srcPorts = names.indexOf("src_dst_ports_60s");
    double floodMax = 0;
    double benignMax = 0;
    double scanPorts = 0;
    for (Row r : out.collectAsList()) {
      int id = r.getInt(0);
      if (r.isNullAt(1) || r.isNullAt(2)) {
        assertNull(r.get(width), "row " + id + " has no time or source");
        continue;
      }
      String src = r.getString(2);
      if (src.equals("203.0.113.7")) {
        floodMax = Math.max(floodMax, r.getDouble(srcFlows60));
        assertEquals(1.0, r.getDouble(srcUnanswered), 1e-12);
      } else if (src.equals("198.51.100.3")) {
        scanPorts = Math.max(scanPorts, r.getDouble(srcPorts));
      } else {
        benignMax = Math.max(benignMax, r.getDouble(srcFlows60));
      }
    }
    assertTrue(floodMax > 300, "flood source, flows over 60 s: " + floodMax);
    assertTrue(benignMax < 40, "busiest benign client: " + benignMax);
    assertTrue(scanPorts > 100, "scanner's distinct ports: " + scanPorts);
    ContextCoverage c = ContextCoverage.of(out);
    assertEquals(3000, c.rows());
    assertEquals(6, c.noTime());
    assertEquals(5, c.noAddress());
    assertEquals(3000 - 6 - 5, c.withContext());
  }
}
