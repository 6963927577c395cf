package io.idsspark.forest;

/**
 * c(n): the average path length of an unsuccessful search in a binary search tree of n points (Liu,
 * Ting, Zhou 2008), used to normalise path lengths and to credit unsplit points at a leaf. c(n) = 2
 * H(n-1) - 2 (n-1) / n for n > 2, c(2) = 1, c(0) = c(1) = 0, where H is the harmonic number: summed
 * exactly up to {@link #EXACT_LIMIT}, beyond by its asymptotic expansion (error below 1e-15
 * relative).
 */
final class PathLength {
  private static final double EULER_GAMMA = 0.5772156649015329;
  static final int EXACT_LIMIT = 4096;
  private static final double[] HARMONIC = new double[EXACT_LIMIT + 1];

  static {
    double h = 0;
    for (int i = 1; i <= EXACT_LIMIT; i++) {
      h += 1.0 / i;
      HARMONIC[i] = h;
    }
  }

  private PathLength() {}

  /** The harmonic number H(i) = 1 + 1/2 + ... + 1/i. */
  static double harmonic(long i) {
    if (i <= 0) {
      return 0;
    }
    if (i <= EXACT_LIMIT) {
      return HARMONIC[(int) i];
    }
    double x = i;
    return Math.log(x) + EULER_GAMMA + 1 / (2 * x) - 1 / (12 * x * x) + 1 / (120 * x * x * x * x);
  }

  /** c(n) as in the class comment. */
  static double c(long n) {
    if (n <= 1) {
      return 0;
    }
    if (n == 2) {
      return 1;
    }
    return 2 * harmonic(n - 1) - 2.0 * (n - 1) / n;
  }

  /** Height limit of a tree on a sample of n points: ceil(log2 n), at least 1. */
  static int heightLimit(long n) {
    int h = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
    return Math.max(1, h);
  }
}
