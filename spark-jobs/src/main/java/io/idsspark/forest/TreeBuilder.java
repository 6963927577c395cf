package io.idsspark.forest;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds one isolation tree from its sample (already transformed by the feature pipeline) into a
 * {@link FlatTree}. Standard mode: a random non-constant feature of the tree's feature subset, a
 * threshold uniform in [min, max) of the node's points, "<= threshold" goes left. Extended mode
 * (Hariri et al. 2019): a random normal with {@code extensionLevel + 1} non-zero N(0,1) components
 * and an intercept uniform in the node's bounding box, computed on features scaled to [0, 1] by the
 * tree's sample range (hyperplanes are not scale-invariant, axis splits are); the scaling is folded
 * into the stored weights and threshold, so scoring works on unscaled values. In range-aware trees
 * an axis split also keeps the node's [min, max] on its feature, so that scoring knows how far
 * beyond the data a new value lies ({@link FlatForest}).
 */
final class TreeBuilder {
  private static final int HYPERPLANE_TRIES = 10;

  private final double[][] x;
  private final int[] subset;
  private final boolean extended;
  private final boolean rangeAware;
  private final int nonZero;
  private final int heightLimit;
  private final SplittableRandom rng;
  private final double[] lo;
  private final double[] range;

  private int[] feature = new int[64];
  private double[] threshold = new double[64];
  private int[] left = new int[64];
  private int[] right = new int[64];
  private double[] leafValue = new double[64];
  private double[] splitMin = new double[64];
  private double[] splitMax = new double[64];
  private int nodes;
  private int[] hpOffset = new int[65];
  private int[] hpFeature = new int[64];
  private double[] hpWeight = new double[64];
  private int terms;

  /**
   * @param x the sample rows, transformed
   * @param subset feature indices this tree may split on
   * @param extended hyperplane splits
   * @param extensionLevel non-zero components per normal minus one (extended only)
   * @param rangeAware keep each axis split's range (standard mode only)
   * @param rng the tree's own generator
   */
  TreeBuilder(
      double[][] x,
      int[] subset,
      boolean extended,
      int extensionLevel,
      boolean rangeAware,
      SplittableRandom rng) {
    this.x = x;
    this.subset = subset.clone();
    this.extended = extended;
    this.rangeAware = rangeAware && !extended;
    this.nonZero = Math.max(1, Math.min(extensionLevel + 1, subset.length));
    this.heightLimit = PathLength.heightLimit(x.length);
    this.rng = rng;
    int f = x.length == 0 ? 0 : x[0].length;
    lo = new double[f];
    range = new double[f];
    if (extended) {
      Arrays.fill(lo, Double.POSITIVE_INFINITY);
      double[] hi = new double[f];
      Arrays.fill(hi, Double.NEGATIVE_INFINITY);
      for (double[] row : x) {
        for (int j = 0; j < f; j++) {
          lo[j] = Math.min(lo[j], row[j]);
          hi[j] = Math.max(hi[j], row[j]);
        }
      }
      for (int j = 0; j < f; j++) {
        range[j] = hi[j] > lo[j] ? hi[j] - lo[j] : 1.0;
      }
    }
  }

  FlatTree build() {
    int[] idx = new int[x.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    grow(idx, 0, idx.length, 0);
    return new FlatTree(
        Arrays.copyOf(feature, nodes),
        Arrays.copyOf(threshold, nodes),
        Arrays.copyOf(left, nodes),
        Arrays.copyOf(right, nodes),
        Arrays.copyOf(leafValue, nodes),
        rangeAware ? Arrays.copyOf(splitMin, nodes) : null,
        rangeAware ? Arrays.copyOf(splitMax, nodes) : null,
        extended ? Arrays.copyOf(hpOffset, nodes + 1) : null,
        extended ? Arrays.copyOf(hpFeature, terms) : null,
        extended ? Arrays.copyOf(hpWeight, terms) : null);
  }

  private int grow(int[] idx, int from, int to, int depth) {
    int node = newNode();
    int n = to - from;
    if (depth >= heightLimit || n <= 1) {
      return leaf(node, n, depth);
    }
    int mid = extended ? splitHyperplane(node, idx, from, to) : splitAxis(node, idx, from, to);
    if (mid < 0) {
      return leaf(node, n, depth);
    }
    // Children first, into locals: growing the node arrays replaces them, so "left[node] =
    // grow(..)" would store into the old array.
    int l = grow(idx, from, mid, depth + 1);
    int r = grow(idx, mid, to, depth + 1);
    left[node] = l;
    right[node] = r;
    return node;
  }

  private int newNode() {
    if (nodes == feature.length) {
      int cap = nodes * 2;
      feature = Arrays.copyOf(feature, cap);
      threshold = Arrays.copyOf(threshold, cap);
      left = Arrays.copyOf(left, cap);
      right = Arrays.copyOf(right, cap);
      leafValue = Arrays.copyOf(leafValue, cap);
      splitMin = Arrays.copyOf(splitMin, cap);
      splitMax = Arrays.copyOf(splitMax, cap);
      hpOffset = Arrays.copyOf(hpOffset, cap + 1);
    }
    int node = nodes++;
    hpOffset[node + 1] = terms;
    return node;
  }

  private int leaf(int node, int n, int depth) {
    feature[node] = FlatTree.LEAF;
    left[node] = -1;
    right[node] = -1;
    leafValue[node] = depth + PathLength.c(n);
    return node;
  }

  /** Axis split; returns the partition point, or -1 if every feature is constant here. */
  private int splitAxis(int node, int[] idx, int from, int to) {
    int[] order = subset.clone();
    for (int k = 0; k < order.length; k++) {
      int pick = k + rng.nextInt(order.length - k);
      int f = order[pick];
      order[pick] = order[k];
      order[k] = f;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = from; i < to; i++) {
        double v = x[idx[i]][f];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (max > min) {
        double t = min + rng.nextDouble() * (max - min);
        if (t >= max) {
          t = min;
        }
        feature[node] = f;
        threshold[node] = t;
        // the node's range on f, for scoring values beyond it (FlatForest, range-aware path)
        splitMin[node] = min;
        splitMax[node] = max;
        return partition(idx, from, to, f, t);
      }
    }
    return -1;
  }

  private int partition(int[] idx, int from, int to, int f, double t) {
    int i = from;
    int j = to - 1;
    while (i <= j) {
      if (x[idx[i]][f] <= t) {
        i++;
      } else {
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j--] = tmp;
      }
    }
    return i;
  }

  /** Hyperplane split; -1 when no try separated the points. */
  private int splitHyperplane(int node, int[] idx, int from, int to) {
    int[] dims = new int[nonZero];
    double[] w = new double[nonZero];
    for (int attempt = 0; attempt < HYPERPLANE_TRIES; attempt++) {
      int[] order = subset.clone();
      double thr = 0;
      for (int k = 0; k < nonZero; k++) {
        int pick = k + rng.nextInt(order.length - k);
        int f = order[pick];
        order[pick] = order[k];
        order[k] = f;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
          double v = (x[idx[i]][f] - lo[f]) / range[f];
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        double normal = gaussian();
        double p = min + rng.nextDouble() * (max - min);
        dims[k] = f;
        w[k] = normal / range[f];
        thr += normal * (lo[f] / range[f] + p);
      }
      int mid = partitionPlane(idx, from, to, dims, w, thr);
      if (mid > from && mid < to) {
        feature[node] = FlatTree.HYPERPLANE;
        threshold[node] = thr;
        if (terms + nonZero > hpFeature.length) {
          hpFeature = Arrays.copyOf(hpFeature, (terms + nonZero) * 2);
          hpWeight = Arrays.copyOf(hpWeight, (terms + nonZero) * 2);
        }
        for (int k = 0; k < nonZero; k++) {
          hpFeature[terms] = dims[k];
          hpWeight[terms++] = w[k];
        }
        hpOffset[node + 1] = terms;
        return mid;
      }
    }
    return -1;
  }

  private int partitionPlane(int[] idx, int from, int to, int[] dims, double[] w, double thr) {
    int i = from;
    int j = to - 1;
    while (i <= j) {
      double[] row = x[idx[i]];
      double s = 0;
      for (int k = 0; k < dims.length; k++) {
        s += w[k] * row[dims[k]];
      }
      if (s <= thr) {
        i++;
      } else {
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j--] = tmp;
      }
    }
    return i;
  }

  /** Standard normal by Box-Muller from the tree's own generator (reproducible). */
  private double gaussian() {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
