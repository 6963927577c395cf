package io.idsspark.incidents;

import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertFormats;
import io.idsspark.context.ContextColumn;
import java.util.List;

/**
 * What an incident is about: its attacker (the source address) or, when many sources hit one
 * service (spoofed floods, distributed attacks), its victim (destination address, port and
 * protocol). The rule (docs/incidents.md): an alert is grouped by its service when, in its flow's
 * host context, the service had flows from more than one source address and either the alert's flow
 * is the first of its source (nothing else is known about that source: the sources of a spoofed
 * flood send one flow each) or the service had flows from at least {@link #MIN_SERVICE_SOURCES}
 * sources and the alert's source sent less than {@link #MAX_SOURCE_SHARE} of them; else by its
 * source. It is decided where the alert is made (the flow's context is there) and written with the
 * alert ({@code incident_key_kind}), so an alerts file alone groups the same way again. Without
 * context (a model trained without it) every alert is grouped by its source.
 *
 * @param kind {@link Alert#BY_SOURCE} or {@link Alert#BY_SERVICE}
 * @param key the source address ({@code 10.0.0.5}) or the service ({@code 10.0.0.2:80/tcp}); {@link
 *     #UNKNOWN} when the alert lacks what the key is made of
 */
public record IncidentKey(String kind, String key) {
  /** Distinct sources of a service (over 30-60 s) from which its alerts group by service. */
  public static final double MIN_SERVICE_SOURCES = 20;

  /**
   * Largest share of a service's flows that a source may send for its alerts to group by service.
   */
  public static final double MAX_SOURCE_SHARE = 0.05;

  /**
   * The context columns {@link #kindFor} reads, in its argument order: the service's distinct
   * sources, the source's flows and the service's flows (all over 60 s).
   */
  public static final List<String> KIND_INPUTS =
      List.of(
          ContextColumn.SVC_SRC_HOSTS_60S.columnName(),
          ContextColumn.SRC_FLOWS_60S.columnName(),
          ContextColumn.SVC_FLOWS_60S.columnName());

  /** The key of alerts that lack the addresses (or port, protocol) their key is made of. */
  public static final String UNKNOWN = "unknown";

  /**
   * The kind of key for an alert from its flow's context: {@code svc_src_hosts_60s}, {@code
   * src_flows_60s}, {@code svc_flows_60s} (NaN when the flow has no context).
   */
  public static String kindFor(double serviceSources, double sourceFlows, double serviceFlows) {
    // the damped 60 s count is exactly 1 for a source's first flow (within its 300 s expiry)
    boolean firstOfSource = sourceFlows <= 1.0;
    boolean smallPart =
        serviceSources >= MIN_SERVICE_SOURCES && sourceFlows < MAX_SOURCE_SHARE * serviceFlows;
    return serviceSources >= 2 && (firstOfSource || smallPart) ? Alert.BY_SERVICE : Alert.BY_SOURCE;
  }

  /** The key of an alert, by the kind it carries. */
  public static IncidentKey of(Alert a) {
    if (Alert.BY_SERVICE.equals(a.incidentKeyKind())) {
      boolean known = a.dstIp() != null && a.dstPort() != null && a.protocol() != null;
      return new IncidentKey(Alert.BY_SERVICE, known ? service(a) : UNKNOWN);
    }
    String src = a.srcIp();
    return new IncidentKey(Alert.BY_SOURCE, src == null || src.isBlank() ? UNKNOWN : src);
  }

  /** {@code 10.0.0.2:80/tcp} ({@code [2001:db8::1]:80/tcp} for IPv6). */
  static String service(Alert a) {
    String host = a.dstIp().indexOf(':') >= 0 ? "[" + a.dstIp() + "]" : a.dstIp();
    return host + ":" + a.dstPort() + "/" + AlertFormats.transport(a.protocol());
  }

  /** Whether the key is {@link #UNKNOWN}. */
  public boolean unknown() {
    return UNKNOWN.equals(key);
  }
}
