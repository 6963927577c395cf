package io.idsspark.synthetic;

import java.io.Serializable;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many flows of each kind to generate, from which seed, over which time span. Immutable;
 * shipped to Spark tasks inside the generating closure.
 *
 * @param counts flows per kind, indexed by {@link FlowKind#ordinal()}
 * @param seed the seed; same plan = same rows, whatever the partitioning or timing
 * @param startMicros first possible flow start (epoch microseconds, UTC)
 * @param spanMicros flow starts spread over [start, start + span)
 */
public record GenerationPlan(long[] counts, long seed, long startMicros, long spanMicros)
    implements Serializable {

  /** Largest row count: row positions are permuted with 64-bit products of two row indices. */
  public static final long MAX_ROWS = Integer.MAX_VALUE;

  public GenerationPlan {
    counts = counts.clone();
    if (counts.length != FlowKind.values().length) {
      throw new IllegalArgumentException("one count per flow kind expected");
    }
    long total = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("flow counts must be >= 0");
      }
      total += c;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("nothing to generate: every count is 0");
    }
    if (total > MAX_ROWS) {
      throw new IllegalArgumentException("at most " + MAX_ROWS + " rows per run");
    }
  }

  /**
   * {@code rows} flows, {@code attackFraction} of them attacks split evenly over {@code attacks}
   * (the first attacks get the remainder).
   */
  public static GenerationPlan ofRows(
      long rows, double attackFraction, List<FlowKind> attacks, long seed, Instant start) {
    if (rows <= 0) {
      throw new IllegalArgumentException("--rows must be > 0");
    }
    if (!(attackFraction >= 0 && attackFraction <= 1)) {
      throw new IllegalArgumentException("--attack-fraction must be within [0, 1]");
    }
    if (attackFraction > 0 && attacks.isEmpty()) {
      throw new IllegalArgumentException("--attacks is empty but --attack-fraction is > 0");
    }
    Map<FlowKind, Long> m = new EnumMap<>(FlowKind.class);
    long attackRows = Math.round(rows * attackFraction);
    List<FlowKind> distinct = attacks.stream().distinct().toList();
    for (int i = 0; i < distinct.size(); i++) {
      long share = attackRows / distinct.size() + (i < attackRows % distinct.size() ? 1 : 0);
      m.merge(distinct.get(i), share, Long::sum);
    }
    m.put(FlowKind.BENIGN, rows - attackRows);
    return ofCounts(m, seed, start);
  }

  /** Exact counts per kind (the {@code --benign 1000 --syn-flood 200} form). */
  public static GenerationPlan ofCounts(Map<FlowKind, Long> perKind, long seed, Instant start) {
    long[] c = new long[FlowKind.values().length];
    perKind.forEach((k, v) -> c[k.ordinal()] = v);
    long total = 0;
    for (long v : c) {
      total += v;
    }
    // about 200 new flows per second, and at least an hour, like a small office network
    long span = Math.max(3_600L, total / 200) * 1_000_000L;
    long startMicros = start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000;
    return new GenerationPlan(c, seed, startMicros, span);
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  public long count(FlowKind k) {
    return counts[k.ordinal()];
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }
}
