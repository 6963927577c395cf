package io.idsspark.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertFormats;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two incident file formats, beside the alerts (docs/incidents.md has the field table).
 *
 * <p>{@code incidents.csv}:
 *
 * <pre>
 * incident_id,status,start,end,key_kind,key,severity,alerts,red_alerts,sources,destinations,destination_ports,bytes,packets,max_score,top_features,first_alert_ids,summary
 * 5e0c...,closed,2026-12-06T02:01:10.2Z,2026-12-06T02:01:25Z,source,10.200.0.66,red,15000,...,src_flows_2s high in 100% (mean 1890, typical 1..9); ...,a1b2... c3d4...,"10.200.0.66 -> 1 host, 1 port: ..."
 * </pre>
 *
 * <p>{@code incidents.jsonl}: the same fields at the top level (top features and alert ids as
 * arrays), ECS's {@code @timestamp} (the incident's start) and {@code event} ({@code kind} alert,
 * {@code type} start / info / end by status, {@code severity} 2 or 3, {@code created}).
 */
public final class IncidentFormats {
  public static final List<String> CSV_COLUMNS =
      List.of(
          "incident_id",
          "status",
          "start",
          "end",
          "key_kind",
          "key",
          "severity",
          "alerts",
          "red_alerts",
          "sources",
          "destinations",
          "destination_ports",
          "bytes",
          "packets",
          "max_score",
          "top_features",
          "first_alert_ids",
          "summary");

  private static final ObjectMapper JSON = new ObjectMapper();

  private IncidentFormats() {}

  public static String csvHeader() {
    return String.join(",", CSV_COLUMNS) + "\n";
  }

  public static String csvLine(IncidentRecord r) {
    StringBuilder b = new StringBuilder(400);
    b.append(r.incidentId()).append(',').append(r.status()).append(',');
    b.append(r.start()).append(',').append(r.end()).append(',');
    b.append(r.keyKind()).append(',').append(AlertFormats.csvField(r.key())).append(',');
    b.append(r.severity()).append(',');
    b.append(r.alerts()).append(',').append(r.redAlerts()).append(',');
    b.append(r.sources()).append(',').append(r.destinations()).append(',');
    b.append(r.destinationPorts()).append(',');
    b.append(r.bytes()).append(',').append(r.packets()).append(',');
    b.append(String.format(Locale.ROOT, "%.4f", r.maxScore())).append(',');
    b.append(AlertFormats.csvField(topFeaturesCsv(r.topFeatures()))).append(',');
    b.append(String.join(" ", r.firstAlertIds())).append(',');
    b.append(AlertFormats.csvField(r.summary()));
    return b.append('\n').toString();
  }

  /** {@code name direction in N alerts (mean v, typical lo..hi)} items joined by {@code "; "}. */
  static String topFeaturesCsv(List<FeatureTally> ts) {
    return ts.stream().map(t -> t.phrase(t.alerts() + " alerts")).collect(Collectors.joining("; "));
  }

  public static String jsonLine(IncidentRecord r, Instant created) {
    ObjectNode o = JSON.createObjectNode();
    o.put("@timestamp", r.start());
    ObjectNode event = o.putObject("event");
    event.put("kind", "alert");
    event.put("dataset", "ids.incident");
    event
        .putArray("type")
        .add(
            switch (r.status()) {
              case IncidentRecord.OPEN -> "start";
              case IncidentRecord.CLOSED -> "end";
              default -> "info";
            });
    event.put("severity", Alert.severityOf(r.severity()));
    event.put("created", created.toString());
    o.put("incident_id", r.incidentId());
    o.put("status", r.status());
    o.put("start", r.start());
    o.put("end", r.end());
    o.put("key_kind", r.keyKind());
    o.put("key", r.key());
    o.put("severity", r.severity());
    o.put("alerts", r.alerts());
    o.put("red_alerts", r.redAlerts());
    o.put("sources", r.sources());
    o.put("destinations", r.destinations());
    o.put("destination_ports", r.destinationPorts());
    o.put("bytes", r.bytes());
    o.put("packets", r.packets());
    o.put("max_score", r.maxScore());
    ArrayNode tf = o.putArray("top_features");
    for (FeatureTally t : r.topFeatures()) {
      ObjectNode f = tf.addObject();
      f.put("name", t.name());
      f.put("direction", t.direction());
      f.put("alerts", t.alerts());
      AlertFormats.putNumber(f, "mean", t.mean());
      AlertFormats.putNumber(f, "typical_low", t.typicalLow());
      AlertFormats.putNumber(f, "typical_high", t.typicalHigh());
    }
    ArrayNode ids = o.putArray("first_alert_ids");
    r.firstAlertIds().forEach(ids::add);
    o.put("summary", r.summary());
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write incident as JSON", e);
    }
  }
}
