package io.idsspark.incidents;

import io.idsspark.alerts.Numbers;

/**
 * How often one feature, in one direction, was among an incident's alerts' top features, with the
 * mean of its values and the typical range the model gave.
 *
 * @param name feature name
 * @param direction {@code high} or {@code low} (null when the alerts did not say)
 * @param alerts alerts that named it so
 * @param rankSum sum of its places in those alerts' lists (0 = first), to order ties
 * @param valueSum sum of the named values (for the mean)
 * @param typicalLow the model's 5th percentile of the feature
 * @param typicalHigh the model's 95th percentile
 */
public record FeatureTally(
    String name,
    String direction,
    long alerts,
    long rankSum,
    double valueSum,
    double typicalLow,
    double typicalHigh) {

  /** The mean of the named values. */
  public double mean() {
    return alerts == 0 ? Double.NaN : valueSum / alerts;
  }

  /**
   * {@code name direction in HOW_MANY (mean v, typical lo..hi)}: the summary sentence's and the CSV
   * column's item ({@code howMany} a share or a count of alerts).
   */
  String phrase(String howMany) {
    return name
        + (direction == null ? "" : " " + direction)
        + " in "
        + howMany
        + " (mean "
        + Numbers.compact(mean())
        + ", typical "
        + Numbers.compact(typicalLow)
        + ".."
        + Numbers.compact(typicalHigh)
        + ")";
  }

  FeatureTally plus(int rank, double value) {
    return new FeatureTally(
        name,
        direction,
        alerts + 1,
        rankSum + rank,
        valueSum + (Double.isFinite(value) ? value : 0),
        typicalLow,
        typicalHigh);
  }
}
