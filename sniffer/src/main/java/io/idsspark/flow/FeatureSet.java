package io.idsspark.flow;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The named feature sets of the flow schema; membership lives in {@link FlowSchema}'s column roles.
 */
public enum FeatureSet {
  /** Counts, bytes, duration, mean sizes, rates and mean inter-arrival time. */
  MINIMAL,
  /** Minimal plus size and timing statistics, TCP flags, windows and activity periods. */
  EXTENDED;

  /** Lower-case name used in config files and on the command line. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True if the column belongs to this set. */
  public boolean contains(FlowColumn c) {
    return switch (this) {
      case MINIMAL -> c.role() == FlowColumn.Role.MINIMAL;
      case EXTENDED -> c.isFeature();
    };
  }

  /** Feature column names of this set, in schema order. */
  public List<String> featureNames() {
    return FlowSchema.featureNames(this);
  }

  /**
   * Parses {@code minimal} or {@code extended} (any case).
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static FeatureSet parse(String s) {
    for (FeatureSet f : values()) {
      if (f.configName().equalsIgnoreCase(s == null ? "" : s.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown feature set '"
            + s
            + "' (valid: "
            + String.join(", ", Arrays.stream(values()).map(FeatureSet::configName).toList())
            + ")");
  }
}
