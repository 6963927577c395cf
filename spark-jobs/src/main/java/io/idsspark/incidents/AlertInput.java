package io.idsspark.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.TopFeature;
import io.idsspark.context.ContextColumn;
import io.idsspark.spark.CsvLine;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads alerts back from the files that hold them, one line at a time: {@code alerts.jsonl}, {@code
 * alerts.csv} (this layout or the one before alert ids, grouped by source then) and {@code score}
 * output (flow columns, context columns when the model used them, {@code score}, {@code level},
 * {@code top_features}; {@code normal} rows are skipped). A line that cannot be read gives a reason
 * instead of an alert.
 */
final class AlertInput implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What one line gave: an alert, nothing (a normal row, a header, a blank), or a reason. */
  record Parsed(Alert alert, String reason) {
    static final Parsed SKIP = new Parsed(null, null);
  }

  private final List<String> header;
  private final String modelVersion;
  private transient CsvLine csv;
  private transient ObjectMapper json;

  /**
   * @param header the CSV file's columns, or null for JSON lines
   * @param modelVersion the model version for rows that do not name theirs (score output)
   */
  AlertInput(List<String> header, String modelVersion) {
    this.header = header == null ? null : List.copyOf(header);
    this.modelVersion = modelVersion;
  }

  Parsed parse(String line) {
    if (line == null || line.isBlank()) {
      return Parsed.SKIP;
    }
    try {
      return header == null ? json(line) : csv(line);
    } catch (RuntimeException e) {
      return new Parsed(null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Parsed json(String line) throws RuntimeException {
    if (json == null) {
      json = new ObjectMapper();
    }
    JsonNode n;
    try {
      n = json.readTree(line);
    } catch (java.io.IOException e) {
      return new Parsed(null, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    String level = text(n.at("/ids/level"));
    if (level == null || !(level.equals(Alert.RED) || level.equals(Alert.YELLOW))) {
      return new Parsed(null, "no ids.level yellow or red");
    }
    List<TopFeature> top = new ArrayList<>();
    for (JsonNode f : n.at("/ids/top_features")) {
      top.add(
          new TopFeature(
              text(f.path("name")),
              f.path("value").isNumber() ? f.path("value").asDouble() : null,
              f.path("typical_low").asDouble(Double.NaN),
              f.path("typical_high").asDouble(Double.NaN)));
    }
    String iana = text(n.at("/network/iana_number"));
    return new Parsed(
        new Alert(
            text(n.path("@timestamp")),
            text(n.at("/source/ip")),
            text(n.at("/destination/ip")),
            integer(n.at("/source/port")),
            integer(n.at("/destination/port")),
            iana == null ? null : Integer.valueOf(iana),
            n.at("/ids/score").asDouble(Double.NaN),
            level,
            text(n.at("/ids/model_version")),
            top,
            n.at("/network/bytes").isNumber() ? n.at("/network/bytes").asLong() : null,
            n.at("/network/packets").isNumber() ? n.at("/network/packets").asLong() : null,
            text(n.at("/ids/incident_key_kind"))),
        null);
  }

  private Parsed csv(String line) {
    if (csv == null) {
      csv = new CsvLine();
    }
    if (!csv.split(line)) {
      return new Parsed(null, "unclosed quote");
    }
    if (csv.count() != header.size()) {
      return new Parsed(null, csv.count() + " fields where the header has " + header.size());
    }
    if (field("timestamp") != null && field("timestamp").equals("timestamp")) {
      return Parsed.SKIP; // a header repeated inside the file (concatenated files)
    }
    String level = field("level");
    if ("normal".equals(level)) {
      return Parsed.SKIP;
    }
    if (!Alert.RED.equals(level) && !Alert.YELLOW.equals(level)) {
      return new Parsed(null, "level: not yellow, red or normal: '" + level + "'");
    }
    List<TopFeature> top = TopFeature.parseCsv(field("top_features"));
    if (top == null) {
      return new Parsed(null, "top_features: not 'name=value (typical low..high)' items");
    }
    String kind = field("incident_key_kind");
    if (kind == null) {
      kind =
          IncidentKey.kindFor(
              number(ContextColumn.SVC_SRC_HOSTS_60S.columnName()),
              number(ContextColumn.SRC_FLOWS_60S.columnName()),
              number(ContextColumn.SVC_FLOWS_60S.columnName()));
    }
    String version = field("model_version");
    return new Parsed(
        new Alert(
            field("timestamp"),
            field("src_ip"),
            field("dst_ip"),
            intField("src_port"),
            intField("dst_port"),
            intField("protocol"),
            Double.parseDouble(field("score")),
            level,
            version != null ? version : modelVersion,
            top,
            total("bytes", "totlen_fwd_pkts", "totlen_bwd_pkts"),
            total("packets", "tot_fwd_pkts", "tot_bwd_pkts"),
            kind),
        null);
  }

  /**
   * The column's text in the current line; null when the file has no such column or it is empty.
   */
  private String field(String column) {
    int i = header.indexOf(column);
    if (i < 0) {
      return null;
    }
    String t = csv.text(i).strip();
    return t.isEmpty() ? null : t;
  }

  private Integer intField(String column) {
    String t = field(column);
    return t == null ? null : (int) Double.parseDouble(t);
  }

  private double number(String column) {
    String t = field(column);
    return t == null ? Double.NaN : Double.parseDouble(t);
  }

  /** The alert file's own column, else the sum of the flow's two direction columns. */
  private Long total(String own, String fwd, String bwd) {
    String t = field(own);
    if (t != null) {
      return (long) Double.parseDouble(t);
    }
    String f = field(fwd);
    String b = field(bwd);
    return f == null || b == null
        ? null
        : (long) Double.parseDouble(f) + (long) Double.parseDouble(b);
  }

  private static String text(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
  }

  private static Integer integer(JsonNode n) {
    return n.isNumber() ? n.asInt() : null;
  }
}
