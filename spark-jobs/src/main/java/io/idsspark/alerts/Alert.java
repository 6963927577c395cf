package io.idsspark.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
 * @param bytes payload bytes of the flow, both directions; null if unknown
 * @param packets packets of the flow, both directions; null if unknown
 * @param incidentKeyKind which incident the alert belongs to: {@code source} (its source address)
 *     or {@code service} (its destination service, when many sources hit it); decided where the
 *     alert is made, from the flow's host context (the rule: IncidentKey, docs/incidents.md)
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
    List<TopFeature> topFeatures,
    Long bytes,
    Long packets,
    String incidentKeyKind) {

  /** Level names, as in thresholds.json. */
  public static final String YELLOW = "yellow";

  public static final String RED = "red";

  /** {@link #incidentKeyKind} values. */
  public static final String BY_SOURCE = "source";

  public static final String BY_SERVICE = "service";

  public Alert {
    Objects.requireNonNull(level, "level");
    topFeatures = topFeatures == null ? List.of() : List.copyOf(topFeatures);
    incidentKeyKind = BY_SERVICE.equals(incidentKeyKind) ? BY_SERVICE : BY_SOURCE;
  }

  /** An alert without flow totals, grouped by its source. */
  public Alert(
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
    this(
        timestamp,
        srcIp,
        dstIp,
        srcPort,
        dstPort,
        protocol,
        score,
        level,
        modelVersion,
        topFeatures,
        null,
        null,
        BY_SOURCE);
  }

  /** ECS {@code event.severity}: 3 for red, 2 for yellow. */
  public int severity() {
    return severityOf(level);
  }

  /** ECS {@code event.severity} of a level: 3 for red, 2 for yellow (alerts and incidents). */
  public static int severityOf(String level) {
    return RED.equals(level) ? 3 : 2;
  }

  /** The flow's Community ID (null for ICMP and unknown endpoints). */
  public String communityId() {
    return CommunityId.of(srcIp, dstIp, protocol, srcPort, dstPort);
  }

  /** {@link #alertId(String)} with this alert's community id. */
  public String alertId() {
    return alertId(communityId());
  }

  /**
   * The deterministic alert id (CONTRACTS: a hash of community id, flow start and model version):
   * the first 16 hex digits of SHA-256 over the three, joined by {@code |}; where a flow has no
   * community id (ICMP, unknown endpoints) its five-tuple as text stands in. The same flow scored
   * by the same model gets the same id in {@code detect}, {@code score} and {@code incidents}, so a
   * consumer can drop repeats.
   *
   * @param communityId this alert's {@link #communityId} (for a caller that has it already)
   */
  String alertId(String communityId) {
    String flow =
        communityId != null
            ? communityId
            : srcIp + "/" + srcPort + "-" + dstIp + "/" + dstPort + "/" + protocol;
    return shortHash(flow + "|" + timestamp + "|" + modelVersion);
  }

  /**
   * The first 16 hex digits of SHA-256 over {@code text} (UTF-8): the form of every deterministic
   * id of the alert and incident files.
   */
  public static String shortHash(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
