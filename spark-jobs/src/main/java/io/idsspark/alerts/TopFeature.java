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
  /** {@link #direction} of a value above its typical range (or in its upper half). */
  public static final String HIGH = "high";

  /** {@link #direction} of a value below its typical range (or in its lower half). */
  public static final String LOW = "low";

  /**
   * Whether the value is {@code high} or {@code low} for this feature: above the typical range is
   * high, below it low; a value inside the range (a feature that drove the score together with
   * others) is high in the upper half of the range and low in the lower; null when the value or the
   * range is unknown.
   */
  public String direction() {
    if (value == null || !Double.isFinite(typicalLow) || !Double.isFinite(typicalHigh)) {
      return null;
    }
    if (value > typicalHigh) {
      return HIGH;
    }
    if (value < typicalLow) {
      return LOW;
    }
    return value >= (typicalLow + typicalHigh) / 2 ? HIGH : LOW;
  }

  /**
   * The CSV form: {@code name=value direction (typical p5..p95)}, e.g. {@code syn_flag_cnt=1 high
   * (typical 0..0)}; without the direction when it is unknown.
   */
  public String toCsvItem() {
    String d = direction();
    return name
        + "="
        + (value == null ? "null" : Numbers.compact(value))
        + (d == null ? "" : " " + d)
        + " (typical "
        + Numbers.compact(typicalLow)
        + ".."
        + Numbers.compact(typicalHigh)
        + ")";
  }

  private static final java.util.regex.Pattern CSV_ITEM =
      java.util.regex.Pattern.compile(
          "(\\S+)=(\\S+)(?: (?:high|low))? \\(typical (\\S+?)\\.\\.(\\S+)\\)");

  /**
   * Reads {@link #toCsvItem} items joined by {@code "; "} (with or without the direction, which is
   * computed again); null when the text is not in that form.
   */
  public static java.util.List<TopFeature> parseCsv(String text) {
    java.util.List<TopFeature> out = new java.util.ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String item : text.split("; ")) {
      java.util.regex.Matcher m = CSV_ITEM.matcher(item.strip());
      if (!m.matches()) {
        return null;
      }
      try {
        out.add(
            new TopFeature(
                m.group(1),
                m.group(2).equals("null") ? null : Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4))));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }
}
