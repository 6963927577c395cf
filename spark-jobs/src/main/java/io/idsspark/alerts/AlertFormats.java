package io.idsspark.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two alert file formats.
 *
 * <p>{@code alerts.csv} (the original tool's columns first):
 *
 * <pre>
 * timestamp,src_ip,dst_ip,src_port,dst_port,protocol,score,level,model_version,top_features,bytes,packets,incident_key_kind,alert_id
 * 2026-11-25T10:00:01.5Z,10.0.0.5,10.0.0.9,40001,22,6,0.731,red,20261125-100000-ab12cd,syn_flag_cnt=40 high (typical 0..1); ...,0,2,source,3f2a...
 * </pre>
 *
 * <p>{@code alerts.jsonl}: one ECS-style object per line, nested objects (not dotted keys):
 *
 * <pre>
 * {"@timestamp":"2026-11-25T10:00:01.5Z","event":{"kind":"alert","id":"3f2a...","severity":3,"created":"2026-11-25T10:00:03.2Z"},
 *  "source":{"ip":"10.0.0.5","port":40001},"destination":{"ip":"10.0.0.9","port":22},
 *  "network":{"transport":"tcp","iana_number":"6","community_id":"1:...","bytes":0,"packets":2},
 *  "ids":{"score":0.731,"level":"red","model_version":"...","incident_key_kind":"source",
 *         "top_features":[{"name":"syn_flag_cnt","value":40.0,"direction":"high","typical_low":0.0,"typical_high":1.0}]}}
 * </pre>
 */
public final class AlertFormats {
  /** Alert columns besides the flow's identity (FlowSchema.IDENTITY_COLUMNS). */
  public static final String SCORE = "score";

  public static final String LEVEL = "level";
  public static final String MODEL_VERSION = "model_version";
  public static final String TOP_FEATURES = "top_features";
  public static final String BYTES = "bytes";
  public static final String PACKETS = "packets";
  public static final String INCIDENT_KEY_KIND = "incident_key_kind";
  public static final String ALERT_ID = "alert_id";

  /** The CSV header, without the line end. */
  public static final List<String> CSV_COLUMNS =
      List.of(
          "timestamp",
          "src_ip",
          "dst_ip",
          "src_port",
          "dst_port",
          "protocol",
          SCORE,
          LEVEL,
          MODEL_VERSION,
          TOP_FEATURES,
          BYTES,
          PACKETS,
          INCIDENT_KEY_KIND,
          ALERT_ID);

  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertFormats() {}

  /** The header line, with {@code \n}. */
  public static String csvHeader() {
    return String.join(",", CSV_COLUMNS) + "\n";
  }

  /** One CSV line, with {@code \n}; fields quoted as RFC 4180 when they need it. */
  public static String csvLine(Alert a) {
    StringBuilder b = new StringBuilder(160);
    b.append(csvField(a.timestamp())).append(',');
    b.append(csvField(a.srcIp())).append(',');
    b.append(csvField(a.dstIp())).append(',');
    b.append(str(a.srcPort())).append(',');
    b.append(str(a.dstPort())).append(',');
    b.append(str(a.protocol())).append(',');
    b.append(Numbers.compact(a.score())).append(',');
    b.append(csvField(a.level())).append(',');
    b.append(csvField(a.modelVersion())).append(',');
    b.append(csvField(topFeaturesCsv(a.topFeatures()))).append(',');
    b.append(a.bytes() == null ? "" : a.bytes().toString()).append(',');
    b.append(a.packets() == null ? "" : a.packets().toString()).append(',');
    b.append(a.incidentKeyKind()).append(',');
    b.append(a.alertId());
    return b.append('\n').toString();
  }

  /** {@code name=value direction (typical p5..p95)} items joined by {@code "; "}. */
  public static String topFeaturesCsv(List<TopFeature> features) {
    return features.stream().map(TopFeature::toCsvItem).collect(Collectors.joining("; "));
  }

  /** One JSON line, with {@code \n}; {@code created} is the detection time. */
  public static String jsonLine(Alert a, Instant created) {
    ObjectNode root = JSON.createObjectNode();
    root.put("@timestamp", a.timestamp());
    ObjectNode event = root.putObject("event");
    String communityId = a.communityId();
    event.put("kind", "alert");
    event.put("id", a.alertId(communityId));
    event.put("severity", a.severity());
    event.put("created", created.toString());
    ObjectNode source = root.putObject("source");
    source.put("ip", a.srcIp());
    putInt(source, "port", a.srcPort());
    ObjectNode destination = root.putObject("destination");
    destination.put("ip", a.dstIp());
    putInt(destination, "port", a.dstPort());
    ObjectNode network = root.putObject("network");
    network.put("transport", transport(a.protocol()));
    network.put("iana_number", a.protocol() == null ? null : a.protocol().toString());
    network.put("community_id", communityId);
    putLong(network, "bytes", a.bytes());
    putLong(network, "packets", a.packets());
    ObjectNode ids = root.putObject("ids");
    ids.put("score", a.score());
    ids.put("level", a.level());
    ids.put("model_version", a.modelVersion());
    ids.put("incident_key_kind", a.incidentKeyKind());
    ArrayNode top = ids.putArray("top_features");
    for (TopFeature f : a.topFeatures()) {
      ObjectNode o = top.addObject();
      o.put("name", f.name());
      if (f.value() == null) {
        o.putNull("value");
      } else {
        putNumber(o, "value", f.value());
      }
      o.put("direction", f.direction());
      putNumber(o, "typical_low", f.typicalLow());
      putNumber(o, "typical_high", f.typicalHigh());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write alert as JSON", e);
    }
  }

  /**
   * Reads a {@link #jsonLine} back (the direction and ids are computed again).
   *
   * @throws IllegalArgumentException when the object has no {@code ids.level} yellow or red
   */
  public static Alert fromJson(JsonNode n) {
    String level = text(n.at("/ids/level"));
    if (!Alert.RED.equals(level) && !Alert.YELLOW.equals(level)) {
      throw new IllegalArgumentException("no ids.level yellow or red");
    }
    List<TopFeature> top = new java.util.ArrayList<>();
    for (JsonNode f : n.at("/ids/top_features")) {
      top.add(
          new TopFeature(
              text(f.path("name")),
              f.path("value").isNumber() ? f.path("value").asDouble() : null,
              f.path("typical_low").asDouble(Double.NaN),
              f.path("typical_high").asDouble(Double.NaN)));
    }
    String iana = text(n.at("/network/iana_number"));
    return new Alert(
        text(n.path("@timestamp")),
        text(n.at("/source/ip")),
        text(n.at("/destination/ip")),
        n.at("/source/port").isNumber() ? n.at("/source/port").asInt() : null,
        n.at("/destination/port").isNumber() ? n.at("/destination/port").asInt() : null,
        iana == null ? null : Integer.valueOf(iana),
        n.at("/ids/score").asDouble(Double.NaN),
        level,
        text(n.at("/ids/model_version")),
        top,
        n.at("/network/bytes").isNumber() ? n.at("/network/bytes").asLong() : null,
        n.at("/network/packets").isNumber() ? n.at("/network/packets").asLong() : null,
        text(n.at("/ids/incident_key_kind")));
  }

  private static String text(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  /** ECS {@code network.transport}: the IANA keyword in lower case, else the number. */
  public static String transport(Integer protocol) {
    if (protocol == null) {
      return null;
    }
    return switch (protocol) {
      case 1 -> "icmp";
      case 6 -> "tcp";
      case 17 -> "udp";
      case 58 -> "ipv6-icmp";
      case 132 -> "sctp";
      default -> Integer.toString(protocol);
    };
  }

  private static void putInt(ObjectNode o, String name, Integer v) {
    if (v == null) {
      o.putNull(name);
    } else {
      o.put(name, v.intValue());
    }
  }

  private static void putLong(ObjectNode o, String name, Long v) {
    if (v == null) {
      o.putNull(name);
    } else {
      o.put(name, v.longValue());
    }
  }

  /** NaN and infinities are not JSON numbers: written as null (alert and incident files). */
  public static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }

  private static String str(Integer v) {
    return v == null ? "" : v.toString();
  }

  /** A CSV field, quoted as RFC 4180 when it holds a comma, quote or line break; "" for null. */
  public static String csvField(String s) {
    if (s == null) {
      return "";
    }
    boolean quote = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
    if (!quote) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
