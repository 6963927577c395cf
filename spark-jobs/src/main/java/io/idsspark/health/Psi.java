package io.idsspark.health;

/**
 * The population stability index of a feature: {@code sum((a - e) * ln(a / e))} over its bins,
 * {@code e} the training share of a bin and {@code a} the live share, both floored at {@link
 * #FLOOR} so that an empty bin does not make it infinite. Read as the industry does: below 0.1
 * stable, 0.1 to 0.25 a moderate shift, above 0.25 a major one ({@code drift_psi_level}).
 */
public final class Psi {
  /** Smallest share a bin counts with. */
  static final double FLOOR = 1e-4;

  private Psi() {}

  /** PSI of live {@code counts} against reference {@code shares}; NaN with no live row. */
  public static double of(double[] shares, long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < shares.length; i++) {
      double e = Math.max(shares[i], FLOOR);
      double a = Math.max(counts[i] / (double) total, FLOOR);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** Counts as shares of their total (zeros when there is none). */
  static double[] shares(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] s = new double[counts.length];
    for (int i = 0; i < s.length && total > 0; i++) {
      s[i] = counts[i] / (double) total;
    }
    return s;
  }
}
