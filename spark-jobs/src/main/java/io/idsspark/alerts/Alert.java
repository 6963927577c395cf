package io.idsspark.alerts;

import java.util.List;
import java.util.Objects;

/**
 * One alert: a flow whose score reached the yellow or red threshold, with the model that scored it
 * and the features that explain it.
 *
 * @param timestamp flow start, ISO-8601 UTC with {@code Z} (the flow's {@code timestamp} column)
 * @param srcIp source address
 * @param dstIp destination address
 * @param srcPort source port (0 when the protocol has none), null if unknown
 * @param dstPort destination port, null if unknown
 * @param protocol IANA protocol number, null if unknown
 * @param score anomaly score in (0, 1], higher = more anomalous
 * @param level {@code yellow} or {@code red}
 * @param modelVersion version folder name of the model that scored the flow
 * @param topFeatures the features that drove the score, most important first
 */
public record Alert(
    String timestamp,
    String srcIp,
    String dstIp,
    Integer srcPort,
    Integer dstPort,
    Integer protocol,
    double score,
    String level,
    String modelVersion,
    List<TopFeature> topFeatures) {

  /** Level names, as in thresholds.json. */
  public static final String YELLOW = "yellow";

  public static final String RED = "red";

  public Alert {
    Objects.requireNonNull(level, "level");
    topFeatures = topFeatures == null ? List.of() : List.copyOf(topFeatures);
  }

  /** ECS {@code event.severity}: 3 for red, 2 for yellow. */
  public int severity() {
    return RED.equals(level) ? 3 : 2;
  }
}
