package io.idsspark.health;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * How far a shadow model agrees with the model in use, over the last {@code capacity} flows both
 * scored: alert overlap (flows either alerts on that both alert on; 1 when neither alerts), the
 * rank correlation of their scores (Spearman's, ties at their mean rank) and the ratio of their
 * alert counts (shadow over primary; NaN when the primary raised none).
 */
public final class ShadowAgreement {
  /** What the window says. */
  public record Stats(
      long flows,
      long primaryAlerts,
      long shadowAlerts,
      double alertOverlap,
      double rankCorrelation,
      double alertRateRatio) {}

  private record Pair(double primary, double shadow, boolean primaryAlert, boolean shadowAlert) {}

  private final int capacity;
  private final Deque<Pair> pairs = new ArrayDeque<>();

  public ShadowAgreement(int capacity) {
    this.capacity = capacity;
  }

  /** One flow scored by both. */
  public void add(double primary, boolean primaryAlert, double shadow, boolean shadowAlert) {
    pairs.addLast(new Pair(primary, shadow, primaryAlert, shadowAlert));
    if (pairs.size() > capacity) {
      pairs.removeFirst();
    }
  }

  public Stats stats() {
    int n = pairs.size();
    double[] a = new double[n];
    double[] b = new double[n];
    long pa = 0;
    long sa = 0;
    long both = 0;
    long either = 0;
    int i = 0;
    for (Pair p : pairs) {
      a[i] = p.primary();
      b[i] = p.shadow();
      i++;
      pa += p.primaryAlert() ? 1 : 0;
      sa += p.shadowAlert() ? 1 : 0;
      both += p.primaryAlert() && p.shadowAlert() ? 1 : 0;
      either += p.primaryAlert() || p.shadowAlert() ? 1 : 0;
    }
    return new Stats(
        n,
        pa,
        sa,
        either == 0 ? 1.0 : both / (double) either,
        spearman(a, b),
        pa == 0 ? Double.NaN : sa / (double) pa);
  }

  /** Spearman's rank correlation; NaN for fewer than 2 values or a constant side. */
  static double spearman(double[] a, double[] b) {
    if (a.length < 2) {
      return Double.NaN;
    }
    double[] ra = ranks(a);
    double[] rb = ranks(b);
    double ma = Arrays.stream(ra).average().orElse(0);
    double mb = Arrays.stream(rb).average().orElse(0);
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < ra.length; i++) {
      cov += (ra[i] - ma) * (rb[i] - mb);
      va += (ra[i] - ma) * (ra[i] - ma);
      vb += (rb[i] - mb) * (rb[i] - mb);
    }
    return va == 0 || vb == 0 ? Double.NaN : cov / Math.sqrt(va * vb);
  }

  /** Ranks from 1, ties at their mean rank. */
  private static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
    double[] r = new double[v.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = mean;
      }
      i = j + 1;
    }
    return r;
  }
}
