package io.idsspark.flow;

/**
 * Running count, sum, min, max, mean and sum of squared deviations (Welford), for sample standard
 * deviations without keeping the values.
 */
final class Stats {
  long n;
  long sum;
  long min = Long.MAX_VALUE;
  long max = Long.MIN_VALUE;
  double mean;
  double m2;

  void add(long v) {
    n++;
    sum += v;
    if (v < min) {
      min = v;
    }
    if (v > max) {
      max = v;
    }
    double d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }

  static double mean(Stats s) {
    return s == null || s.n == 0 ? 0.0 : (double) s.sum / s.n;
  }

  static double min(Stats s) {
    return s == null || s.n == 0 ? 0.0 : s.min;
  }

  static double max(Stats s) {
    return s == null || s.n == 0 ? 0.0 : s.max;
  }

  /** Sample variance (n - 1); 0 for fewer than two values, as Commons Math gives CICFlowMeter. */
  static double variance(Stats s) {
    return s == null || s.n < 2 ? 0.0 : Math.max(0.0, s.m2 / (s.n - 1));
  }

  static double std(Stats s) {
    return Math.sqrt(variance(s));
  }

  /** The statistics of both inputs' values together (Chan et al.'s pairwise combination). */
  static Stats combine(Stats a, Stats b) {
    Stats out = new Stats();
    for (Stats s : new Stats[] {a, b}) {
      if (s == null || s.n == 0) {
        continue;
      }
      if (out.n == 0) {
        out.n = s.n;
        out.sum = s.sum;
        out.min = s.min;
        out.max = s.max;
        out.mean = s.mean;
        out.m2 = s.m2;
        continue;
      }
      long n = out.n + s.n;
      double delta = s.mean - out.mean;
      out.m2 = out.m2 + s.m2 + delta * delta * out.n * s.n / n;
      out.mean = out.mean + delta * s.n / n;
      out.n = n;
      out.sum += s.sum;
      out.min = Math.min(out.min, s.min);
      out.max = Math.max(out.max, s.max);
    }
    return out;
  }
}
