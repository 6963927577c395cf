package io.idsspark.incidents;

import java.util.List;

/**
 * One line of {@code incidents.csv} / {@code incidents.jsonl}: an incident as it stands when it
 * opened, grew or closed (docs/incidents.md).
 *
 * @param incidentId deterministic: a hash of key kind, key and the first alert's id
 * @param status {@code open}, {@code update} or {@code closed}
 * @param start earliest alert's flow start, ISO-8601 UTC
 * @param end latest alert's flow start, ISO-8601 UTC
 * @param keyKind {@code source} or {@code service}
 * @param key the address or service
 * @param severity highest level among its alerts, {@code yellow} or {@code red}
 * @param alerts alerts (one per flow)
 * @param redAlerts of which red
 * @param sources distinct source addresses (estimate above a few hundred)
 * @param destinations distinct destination addresses
 * @param destinationPorts distinct destination ports
 * @param bytes payload bytes of the alerted flows, both directions
 * @param packets packets of the alerted flows, both directions
 * @param maxScore highest alert score
 * @param topFeatures the features that most often drove its alerts, with their direction
 * @param firstAlertIds the ids of its first alerts
 * @param summary one sentence for a person
 */
public record IncidentRecord(
    String incidentId,
    String status,
    String start,
    String end,
    String keyKind,
    String key,
    String severity,
    long alerts,
    long redAlerts,
    long sources,
    long destinations,
    long destinationPorts,
    long bytes,
    long packets,
    double maxScore,
    List<FeatureTally> topFeatures,
    List<String> firstAlertIds,
    String summary) {

  public static final String OPEN = "open";
  public static final String UPDATE = "update";
  public static final String CLOSED = "closed";

  public IncidentRecord {
    topFeatures = List.copyOf(topFeatures);
    firstAlertIds = List.copyOf(firstAlertIds);
  }
}
