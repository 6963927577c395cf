package io.idsspark.forest;

/** The order in which {@link IsolationForestModel#topFeatures} names a row's features. */
final class TopFeatures {
  private TopFeatures() {}

  /**
   * The indices of the first {@code k} features in the order a sort by (unusual first, larger
   * contribution first, lower index first) gives.
   *
   * @param c each feature's share of the row's isolation
   * @param unusual whether each feature's value is outside its typical range
   */
  static int[] order(double[] c, boolean[] unusual, int k) {
    // by selection of the first k: a boxed sort of all ~45 cost more than the contributions on
    // detect's hot path
    int n = Math.min(k, c.length);
    int[] order = new int[n];
    boolean[] taken = new boolean[c.length];
    for (int r = 0; r < n; r++) {
      int best = -1;
      for (int i = 0; i < c.length; i++) {
        if (!taken[i]
            && (best < 0
                || unusual[i] && !unusual[best]
                || unusual[i] == unusual[best] && Double.compare(-c[i], -c[best]) < 0)) {
          best = i;
        }
      }
      taken[best] = true;
      order[r] = best;
    }
    return order;
  }
}
