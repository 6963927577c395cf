package io.idsspark.synthetic;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code generate} can make: benign traffic and five attacks. {@link #attackType()} is the
 * value written to {@code attack_type}; it is one of the canonical families that {@code
 * prepare-cic} maps CIC labels to (its {@code LabelFamilies}), so synthetic and CIC data share one
 * vocabulary.
 */
public enum FlowKind {
  BENIGN,
  SYN_FLOOD,
  PORT_SCAN,
  UDP_FLOOD,
  SLOW_HTTP,
  BRUTE_FORCE;

  /** {@code benign}, {@code syn_flood}, ...: the attack_type value and the CLI name. */
  public String attackType() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isAttack() {
    return this != BENIGN;
  }

  /** The attack kinds, in declaration order. */
  public static List<FlowKind> attacks() {
    return Arrays.stream(values()).filter(FlowKind::isAttack).toList();
  }

  /**
   * Parses {@code syn_flood}, {@code syn-flood} or {@code SYN_FLOOD}.
   *
   * @throws IllegalArgumentException naming the valid values
   */
  public static FlowKind parse(String s) {
    String k = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (FlowKind f : values()) {
      if (f.name().equals(k)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown attack '"
            + s
            + "' (valid: "
            + String.join(", ", attacks().stream().map(FlowKind::attackType).toList())
            + ")");
  }
}
