package io.idsspark.synthetic;

import io.idsspark.capture.ClassicPcapWriter;
import io.idsspark.capture.ParsedPacket;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.FlowSparkSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Labelled synthetic flows in the flow schema, generated in parallel: {@code spark.range} gives row
 * ids, each row is simulated as a packet list from a random generator seeded by (seed, row id) and
 * its record is made from those packets by the sniffer's flow engine ({@link TraceFlows}). The same
 * plan therefore gives the same rows for any number of partitions and any timing, and {@link
 * #writePcap} gives the packets behind them.
 *
 * <p>Kinds are interleaved: row id {@code i} takes position {@code (a*i + b) mod n} of the sorted
 * plan (a bijection), so exact counts hold and attacks are spread over all partitions. Attacks come
 * in campaigns (one attacker, one victim, starts close together), benign starts are uniform over
 * the plan's span.
 */
public final class SyntheticFlows {
  /** One simulated packet: what {@code generate --pcap-out} sorts by time and writes. */
  static final StructType PACKET_SCHEMA =
      new StructType()
          .add("time_us", DataTypes.LongType, false)
          .add("flow_id", DataTypes.LongType, false)
          .add("seq", DataTypes.IntegerType, false)
          .add("protocol", DataTypes.IntegerType, false)
          .add("src", DataTypes.LongType, false)
          .add("dst", DataTypes.LongType, false)
          .add("sport", DataTypes.IntegerType, false)
          .add("dport", DataTypes.IntegerType, false)
          .add("flags", DataTypes.IntegerType, false)
          .add("window", DataTypes.IntegerType, false)
          .add("header", DataTypes.IntegerType, false)
          .add("payload", DataTypes.IntegerType, false);

  private SyntheticFlows() {}

  /**
   * The plan's rows as a DataFrame with {@code FlowSparkSchema.schema(true)}; lazy. Rows are made
   * as Spark's internal rows (no external {@code Row} to convert: that conversion was the largest
   * cost of writing 10M generated rows).
   */
  public static Dataset<Row> generate(SparkSession spark, GenerationPlan plan, int partitions) {
    long n = plan.total();
    int parts = (int) Math.max(1, Math.min(partitions, n));
    JavaRDD<InternalRow> rows =
        spark
            .sparkContext()
            .range(0, n, 1, parts)
            .toJavaRDD()
            .mapPartitions(
                ids -> {
                  Generator g = new Generator(plan);
                  return new Iterator<InternalRow>() {
                    @Override
                    public boolean hasNext() {
                      return ids.hasNext();
                    }

                    @Override
                    public InternalRow next() {
                      return g.internalRow((Long) ids.next());
                    }
                  };
                });
    // the scan of an RDD of internal rows projects each row to an UnsafeRow at once, so the
    // generator may hand out one mutable row per task
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(rows.rdd(), FlowSparkSchema.schema(true), false);
  }

  /**
   * Writes the packets of the plan's flows as a classic pcap, in time order (ties: flow id, then
   * packet order). Sorting happens on the executors; the driver streams one partition at a time
   * into {@code out}. Returns the number of packets written.
   */
  public static long writePcap(
      SparkSession spark, GenerationPlan plan, int partitions, OutputStream out)
      throws IOException {
    long n = plan.total();
    int parts = (int) Math.max(1, Math.min(partitions, n));
    FlatMapFunction<Long, Row> fn =
        new FlatMapFunction<>() {
          private transient Generator g;

          @Override
          public Iterator<Row> call(Long id) {
            if (g == null) {
              g = new Generator(plan);
            }
            return g.packets(id).iterator();
          }
        };
    Iterator<Row> rows =
        spark
            .range(0, n, 1, parts)
            .flatMap(fn, Encoders.row(PACKET_SCHEMA))
            .sort("time_us", "flow_id", "seq")
            .toLocalIterator();
    long count = 0;
    ParsedPacket p = new ParsedPacket();
    p.ipVersion = 4;
    try (ClassicPcapWriter w = new ClassicPcapWriter(out)) {
      while (rows.hasNext()) {
        Row r = rows.next();
        p.timestampMicros = r.getLong(0);
        p.protocol = r.getInt(3);
        p.srcLo = r.getLong(4);
        p.dstLo = r.getLong(5);
        p.srcPort = r.getInt(6);
        p.dstPort = r.getInt(7);
        p.tcpFlags = r.getInt(8);
        p.tcpWindow = r.getInt(9);
        p.headerBytes = r.getInt(10);
        p.payloadBytes = r.getInt(11);
        w.write(p);
        count++;
      }
    }
    return count;
  }

  /** Simulates rows one at a time; one per task (not thread-safe). */
  static final class Generator {
    private static final List<String> OUT = FlowSchema.allColumnNames();
    private static final int LABEL = OUT.indexOf(FlowSchema.LABEL_COL);
    private static final int ATTACK = OUT.indexOf(FlowSchema.ATTACK_TYPE);

    /** Position in a generated row of each flow-record column. */
    private static final int[] FROM_RECORD =
        FlowRecord.columns().stream().mapToInt(OUT::indexOf).toArray();

    private final GenerationPlan plan;
    private final long n;
    private final long mult;
    private final long offset;
    private final long[] kindStart;
    private final PacketTrace trace = new PacketTrace();
    private final Endpoints ends = new Endpoints();
    private final TraceFlows flows = new TraceFlows();

    Generator(GenerationPlan plan) {
      this.plan = plan;
      this.n = plan.total();
      long[] counts = plan.counts();
      kindStart = new long[counts.length + 1];
      for (int k = 0; k < counts.length; k++) {
        kindStart[k + 1] = kindStart[k] + counts[k];
      }
      long a = Math.max(1, (long) (n * 0.6180339887)) | 1;
      while (gcd(a, n) != 1) {
        a += 2;
      }
      mult = a % n == 0 ? 1 : a % n;
      offset = Math.floorMod(Sim.mix(plan.seed(), 7), n);
    }

    private static long gcd(long a, long b) {
      return b == 0 ? a : gcd(b, a % b);
    }

    /** Spark type of each output column: 0 text, 1 int, 2 long, 3 double. */
    private static final byte[] KIND = kinds();

    private final SpecificInternalRow out = new SpecificInternalRow(FlowSparkSchema.schema(true));

    private static byte[] kinds() {
      StructType schema = FlowSparkSchema.schema(true);
      byte[] k = new byte[schema.size()];
      for (int i = 0; i < k.length; i++) {
        DataType t = schema.fields()[i].dataType();
        k[i] =
            t.equals(DataTypes.IntegerType)
                ? (byte) 1
                : t.equals(DataTypes.LongType)
                    ? (byte) 2
                    : t.equals(DataTypes.DoubleType) ? (byte) 3 : 0;
      }
      return k;
    }

    /**
     * The row with this id as Spark's internal row, in {@link FlowSchema#allColumnNames()} order: a
     * mutable row reused for every call (the caller must consume it before the next call).
     */
    InternalRow internalRow(long id) {
      FlowKind kind = simulate(id);
      FlowRecord rec = flows.record(trace, ends);
      for (int i = 0; i < FROM_RECORD.length; i++) {
        int o = FROM_RECORD[i];
        if (KIND[o] == 0) {
          String t = rec.text(i);
          if (t == null) {
            out.setNullAt(o);
          } else {
            out.update(o, UTF8String.fromString(t));
          }
          continue;
        }
        double d = rec.number(i);
        if (Double.isNaN(d)) {
          out.setNullAt(o);
        } else if (KIND[o] == 1) {
          out.setInt(o, (int) d);
        } else if (KIND[o] == 2) {
          out.setLong(o, (long) d);
        } else {
          out.setDouble(o, d);
        }
      }
      out.setInt(LABEL, kind.isAttack() ? 1 : 0);
      out.update(ATTACK, UTF8String.fromString(kind.attackType()));
      return out;
    }

    /**
     * The packets of the row with this id (exactly those its record was made of), one {@link
     * #PACKET_SCHEMA} row each.
     */
    List<Row> packets(long id) {
      simulate(id);
      flows.record(trace, ends);
      List<Row> out = new ArrayList<>(trace.size);
      ParsedPacket p = new ParsedPacket();
      for (int i = 0; i < trace.size; i++) {
        trace.packet(i, ends, p);
        out.add(
            RowFactory.create(
                p.timestampMicros,
                id,
                i,
                p.protocol,
                p.srcLo,
                p.dstLo,
                p.srcPort,
                p.dstPort,
                p.tcpFlags,
                p.tcpWindow,
                p.headerBytes,
                p.payloadBytes));
      }
      return out;
    }

    /** Fills the trace and endpoints of the flow with this id; returns its kind. */
    private FlowKind simulate(long id) {
      long pos = (mult * id + offset) % n;
      int k = 0;
      while (pos >= kindStart[k + 1]) {
        k++;
      }
      FlowKind kind = FlowKind.values()[k];
      long j = pos - kindStart[k];
      SplittableRandom r = new SplittableRandom(Sim.mix(plan.seed(), id));
      if (kind == FlowKind.BENIGN && BusyTraffic.isBusy(j / BusyTraffic.CAMPAIGN)) {
        long campaign = j / BusyTraffic.CAMPAIGN;
        SplittableRandom c = new SplittableRandom(Sim.mix(plan.seed(), 999, campaign));
        BusyTraffic.Style style = BusyTraffic.style(campaign);
        long spacing = style.spacingMicros;
        long campStart = plan.startMicros() + (long) (c.nextDouble() * 0.9 * plan.spanMicros());
        ends.startMicros =
            campStart + (j % BusyTraffic.CAMPAIGN) * spacing + r.nextLong(spacing / 2 + 1);
        BusyTraffic.simulate(style, c, r, trace, ends);
      } else if (kind == FlowKind.BENIGN) {
        ends.startMicros = plan.startMicros() + (long) (r.nextDouble() * plan.spanMicros());
        BenignTraffic.simulate(r, trace, ends);
      } else {
        long size = AttackTraffic.campaignSize(kind);
        long campaign = j / size;
        SplittableRandom c = new SplittableRandom(Sim.mix(plan.seed(), 1000 + k, campaign));
        long spacing = AttackTraffic.spacingMicros(kind);
        long campStart = plan.startMicros() + (long) (c.nextDouble() * 0.9 * plan.spanMicros());
        ends.startMicros = campStart + (j % size) * spacing + r.nextLong(spacing / 2 + 1);
        AttackTraffic.simulate(kind, j % size, c, r, trace, ends);
      }
      return kind;
    }
  }
}
