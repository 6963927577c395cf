package io.idsspark.forest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.Tuple2;

/**
 * Draws every tree's sample in one pass over a partition without a random number per row per tree.
 *
 * <p>Each tree keeps the rows with the {@code m} smallest of notional uniform keys (a bottom-m
 * sample, i.e. a uniform sample without replacement whose union over partitions is again one). Keys
 * are only drawn for rows that enter: after the first {@code m} rows, a tree whose largest kept key
 * is W skips a geometric(W) number of rows, and the entering row's key is uniform in (0, W) (Li's
 * "Algorithm L" with explicit keys). A min-heap of "next row wanted" over the trees makes the
 * per-row cost one comparison. Expected random draws per partition: about T m (1 + ln(n/m)).
 *
 * <p>Output per partition: for every tree, its kept rows with their keys, plus one count record
 * under tree id {@link #COUNT_KEY}. {@link #merge} keeps each tree's m smallest keys as the
 * partitions' samples meet in the shuffle. Reproducible for a seed and the same input partitioning
 * (the generator is seeded from the seed and the partition index).
 */
final class ForestSampler implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Tree id of the per-partition row-count record. */
  static final int COUNT_KEY = -1;

  /**
   * One partition's sample for one tree, packed into primitive arrays so the shuffle moves a few
   * large arrays instead of many small objects: {@code keys[i]} is row i's key, its filled raw
   * values are {@code values[i * nf .. (i + 1) * nf)}. A count record has empty arrays.
   */
  record Sampled(double[] keys, double[] values, long count) implements Serializable {}

  private final int numTrees;
  private final int m;
  private final long seed;
  private final double[] fills;

  ForestSampler(int numTrees, int m, long seed, double[] fills) {
    this.numTrees = numTrees;
    this.m = m;
    this.seed = seed;
    this.fills = fills.clone();
  }

  /** SplitMix64 finaliser: decorrelates seeds derived from small integers. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  Iterator<Tuple2<Integer, Sampled>> sample(int partition, Iterator<InternalRow> rows) {
    SplittableRandom rng = new SplittableRandom(mix(seed, partition));
    double[][] keys = new double[numTrees][m];
    double[][][] kept = new double[numTrees][m][];
    long[] next = new long[numTrees];
    int[] heap = new int[numTrees];
    long i = 0;
    int f = fills.length;
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      if (i < m) {
        double[] v = read(r, f);
        for (int t = 0; t < numTrees; t++) {
          keys[t][(int) i] = rng.nextDouble();
          kept[t][(int) i] = v;
        }
        if (i == m - 1) {
          for (int t = 0; t < numTrees; t++) {
            heapifyMax(keys[t], kept[t]);
            next[t] = i + 1 + skip(rng, keys[t][0]);
            heap[t] = t;
          }
          heapifyMin(heap, next);
        }
      } else if (i == next[heap[0]]) {
        double[] v = read(r, f);
        while (next[heap[0]] == i) {
          int t = heap[0];
          double w = keys[t][0];
          keys[t][0] = w * rng.nextDouble();
          kept[t][0] = v;
          siftDownMax(keys[t], kept[t], 0, m);
          next[t] = i + 1 + skip(rng, keys[t][0]);
          siftDownMin(heap, next, 0, numTrees);
        }
      }
      i++;
    }
    int have = (int) Math.min(i, m);
    List<Tuple2<Integer, Sampled>> out = new ArrayList<>(numTrees + 1);
    for (int t = 0; t < numTrees && have > 0; t++) {
      Integer[] order = new Integer[have];
      for (int k = 0; k < have; k++) {
        order[k] = k;
      }
      double[][] kv = kept[t];
      double[] kk = keys[t];
      // in merge order (key, then values), so that merging two samples is one linear pass
      Arrays.sort(
          order,
          (a, b) -> {
            int c = Double.compare(kk[a], kk[b]);
            return c != 0 ? c : Arrays.compare(kv[a], kv[b]);
          });
      double[] sortedKeys = new double[have];
      double[] flat = new double[have * f];
      for (int k = 0; k < have; k++) {
        sortedKeys[k] = kk[order[k]];
        System.arraycopy(kv[order[k]], 0, flat, k * f, f);
      }
      out.add(new Tuple2<>(t, new Sampled(sortedKeys, flat, 0)));
    }
    out.add(new Tuple2<>(COUNT_KEY, new Sampled(new double[0], new double[0], i)));
    return out.iterator();
  }

  /**
   * Two samples of one tree (each in merge order: key, then values) as one: its {@code m} first
   * rows in that order, which is every partition's bottom-m merged, whatever order the merges come
   * in; count records add up. Bounded at {@code m} rows, so a tree's sample never holds more
   * however many partitions the data has (a group of every partition's sample held them all: 200
   * small partitions of 100,000 rows meant every row for every tree, and a 2 GB driver ran out of
   * heap).
   */
  static Sampled merge(Sampled a, Sampled b, int m, int nf) {
    if (a.keys().length == 0 && b.keys().length == 0) {
      return new Sampled(a.keys(), a.values(), a.count() + b.count());
    }
    int n = Math.min(m, a.keys().length + b.keys().length);
    double[] keys = new double[n];
    double[] values = new double[n * nf];
    int i = 0;
    int j = 0;
    for (int k = 0; k < n; k++) {
      boolean fromA = j == b.keys().length || i < a.keys().length && compare(a, i, b, j, nf) <= 0;
      Sampled s = fromA ? a : b;
      int at = fromA ? i++ : j++;
      keys[k] = s.keys()[at];
      System.arraycopy(s.values(), at * nf, values, k * nf, nf);
    }
    return new Sampled(keys, values, 0);
  }

  private static int compare(Sampled a, int i, Sampled b, int j, int nf) {
    int c = Double.compare(a.keys()[i], b.keys()[j]);
    return c != 0
        ? c
        : Arrays.compare(a.values(), i * nf, (i + 1) * nf, b.values(), j * nf, (j + 1) * nf);
  }

  private double[] read(InternalRow r, int f) {
    double[] v = new double[f];
    for (int j = 0; j < f; j++) {
      double x = r.isNullAt(j) ? Double.NaN : r.getDouble(j);
      v[j] = Double.isFinite(x) ? x : fills[j];
    }
    return v;
  }

  /** Rows passed over before the next one whose key would fall below w: geometric(w). */
  private static long skip(SplittableRandom rng, double w) {
    if (w >= 1) {
      return 0;
    }
    double u = 1.0 - rng.nextDouble();
    double s = Math.floor(Math.log(u) / Math.log1p(-w));
    return s >= 1e15 ? (long) 1e15 : (long) s;
  }

  private static void heapifyMax(double[] k, double[][] v) {
    for (int i = k.length / 2 - 1; i >= 0; i--) {
      siftDownMax(k, v, i, k.length);
    }
  }

  private static void siftDownMax(double[] k, double[][] v, int i, int n) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int c = l + 1 < n && k[l + 1] > k[l] ? l + 1 : l;
      if (k[c] <= k[i]) {
        return;
      }
      double tk = k[i];
      k[i] = k[c];
      k[c] = tk;
      double[] tv = v[i];
      v[i] = v[c];
      v[c] = tv;
      i = c;
    }
  }

  private static void heapifyMin(int[] h, long[] next) {
    for (int i = h.length / 2 - 1; i >= 0; i--) {
      siftDownMin(h, next, i, h.length);
    }
  }

  private static void siftDownMin(int[] h, long[] next, int i, int n) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= n) {
        return;
      }
      int c = l + 1 < n && next[h[l + 1]] < next[h[l]] ? l + 1 : l;
      if (next[h[c]] >= next[h[i]]) {
        return;
      }
      int t = h[i];
      h[i] = h[c];
      h[c] = t;
      i = c;
    }
  }
}
