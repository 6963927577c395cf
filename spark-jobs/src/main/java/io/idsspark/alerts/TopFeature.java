package io.idsspark.alerts;

/**
 * One feature that drove an alert's score: its value in the flow and the typical (p5..p95) range of
 * that feature in the model's training data, all in the flow schema's units.
 *
 * @param name flow-schema column name, e.g. {@code syn_flag_cnt}
 * @param value the flow's value; null when the flow had none
 * @param typicalLow 5th percentile in the training data
 * @param typicalHigh 95th percentile in the training data
 */
public record TopFeature(String name, Double value, double typicalLow, double typicalHigh) {

  /**
   * The CSV form: {@code name=value (typical p5..p95)}, e.g. {@code syn_flag_cnt=1 (typical 0..0)}.
   */
  public String toCsvItem() {
    return name
        + "="
        + (value == null ? "null" : Numbers.compact(value))
        + " (typical "
        + Numbers.compact(typicalLow)
        + ".."
        + Numbers.compact(typicalHigh)
        + ")";
  }
}
