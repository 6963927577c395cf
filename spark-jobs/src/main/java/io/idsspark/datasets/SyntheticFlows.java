package io.idsspark.datasets;

import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.FlowSparkSchema;
import java.time.Instant;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Labelled synthetic flows in the flow schema, generated in parallel: {@code spark.range} gives row
 * ids, each row is simulated as a packet list from a random generator seeded by (seed, row id) and
 * its features are computed by {@link FlowFeatures}. The same plan therefore gives the same rows
 * for any number of partitions and any timing.
 *
 * <p>Kinds are interleaved: row id {@code i} takes position {@code (a*i + b) mod n} of the sorted
 * plan (a bijection), so exact counts hold and attacks are spread over all partitions. Attacks come
 * in campaigns (one attacker, one victim, starts close together), benign starts are uniform over
 * the plan's span.
 */
public final class SyntheticFlows {
  private static final int TS = FlowRow.idx(FlowSchema.TIMESTAMP_COL);
  private static final int SRC_IP = FlowRow.idx(FlowSchema.SRC_IP);
  private static final int DST_IP = FlowRow.idx(FlowSchema.DST_IP);
  private static final int SRC_PORT = FlowRow.idx(FlowSchema.SRC_PORT);
  private static final int DST_PORT = FlowRow.idx(FlowSchema.DST_PORT);
  private static final int PROTO = FlowRow.idx(FlowSchema.PROTOCOL);
  private static final int LABEL = FlowRow.idx(FlowSchema.LABEL_COL);
  private static final int ATTACK = FlowRow.idx(FlowSchema.ATTACK_TYPE);
  private static final int END = FlowRow.idx(FlowSchema.END_REASON);

  private SyntheticFlows() {}

  /** The plan's rows as a DataFrame with {@code FlowSparkSchema.schema(true)}; lazy. */
  public static Dataset<Row> generate(SparkSession spark, GenerationPlan plan, int partitions) {
    long n = plan.total();
    int parts = (int) Math.max(1, Math.min(partitions, n));
    MapPartitionsFunction<Long, Row> fn =
        ids -> {
          Generator g = new Generator(plan);
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return ids.hasNext();
            }

            @Override
            public Row next() {
              return RowFactory.create(g.row(ids.next()));
            }
          };
        };
    return spark
        .range(0, n, 1, parts)
        .mapPartitions(fn, Encoders.row(FlowSparkSchema.schema(true)));
  }

  /** Simulates rows one at a time; one per task (not thread-safe). */
  static final class Generator {
    private final GenerationPlan plan;
    private final long n;
    private final long mult;
    private final long offset;
    private final long[] kindStart;
    private final PacketTrace trace = new PacketTrace();
    private final Endpoints ends = new Endpoints();
    private final FlowFeatures features = new FlowFeatures();

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

    /** The row with this id, in schema order. */
    Object[] row(long id) {
      long pos = (mult * id + offset) % n;
      int k = 0;
      while (pos >= kindStart[k + 1]) {
        k++;
      }
      FlowKind kind = FlowKind.values()[k];
      long j = pos - kindStart[k];
      SplittableRandom r = new SplittableRandom(Sim.mix(plan.seed(), id));
      if (kind == FlowKind.BENIGN) {
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
      Object[] row = new Object[FlowRow.WIDTH];
      features.compute(trace, row);
      long start = trace.timeMicros[0];
      row[TS] = Instant.ofEpochSecond(start / 1_000_000, (start % 1_000_000) * 1_000).toString();
      row[SRC_IP] = ends.srcIp;
      row[DST_IP] = ends.dstIp;
      row[SRC_PORT] = ends.srcPort;
      row[DST_PORT] = ends.dstPort;
      row[PROTO] = trace.protocol;
      row[LABEL] = kind.isAttack() ? 1 : 0;
      row[ATTACK] = kind.attackType();
      row[END] = endReason(trace);
      return row;
    }

    private static String endReason(PacketTrace t) {
      if (t.cutByActiveTimeout) {
        return "active";
      }
      int last = t.flags[t.size - 1];
      if (t.isTcp() && (last & PacketTrace.RST) != 0) {
        return "rst";
      }
      if (t.isTcp() && (last & PacketTrace.FIN) != 0 || lastTwoFin(t)) {
        return "fin";
      }
      return "idle";
    }

    private static boolean lastTwoFin(PacketTrace t) {
      return t.isTcp() && t.size >= 2 && (t.flags[t.size - 2] & PacketTrace.FIN) != 0;
    }
  }
}
