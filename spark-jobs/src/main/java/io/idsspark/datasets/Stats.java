package io.idsspark.datasets;

/**
 * Count, sum, min, max and sample variance (Welford) of a stream of values; all zero when empty, as
 * CICFlowMeter prints empty statistics.
 */
final class Stats {
  private long n;
  private double mean;
  private double m2;
  private double sum;
  private double min;
  private double max;

  void reset() {
    n = 0;
    mean = 0;
    m2 = 0;
    sum = 0;
    min = 0;
    max = 0;
  }

  void add(double x) {
    n++;
    sum += x;
    if (n == 1) {
      min = x;
      max = x;
    } else {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }

  long count() {
    return n;
  }

  double sum() {
    return sum;
  }

  double mean() {
    return n == 0 ? 0 : sum / n;
  }

  /** Sample variance (n - 1); 0 for fewer than two values. */
  double variance() {
    return n < 2 ? 0 : Math.max(0, m2 / (n - 1));
  }

  double std() {
    return Math.sqrt(variance());
  }

  double min() {
    return min;
  }

  double max() {
    return max;
  }
}
