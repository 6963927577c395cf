package io.idsspark.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertFormats;
import io.idsspark.alerts.TopFeature;
import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.CsvLine;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /** Column name -> field index in the header, built once. */
  private final Map<String, Integer> index;

  private final String modelVersion;
  private transient CsvLine csv;
  private transient ObjectMapper json;

  /**
   * @param header the CSV file's columns, or null for JSON lines
   * @param modelVersion the model version for rows that do not name theirs (score output)
   */
  AlertInput(List<String> header, String modelVersion) {
    this.header = header == null ? null : List.copyOf(header);
    this.index = new HashMap<>();
    if (header != null) {
      for (int i = header.size() - 1; i >= 0; i--) {
        index.put(header.get(i), i); // the first of a repeated name, as indexOf gave
      }
    }
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

  private Parsed json(String line) {
    if (json == null) {
      json = new ObjectMapper();
    }
    JsonNode n;
    try {
      n = json.readTree(line);
    } catch (java.io.IOException e) {
      return new Parsed(null, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    try {
      return new Parsed(AlertFormats.fromJson(n), null);
    } catch (IllegalArgumentException e) {
      return new Parsed(null, e.getMessage());
    }
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
    if (FlowSchema.TIMESTAMP_COL.equals(field(FlowSchema.TIMESTAMP_COL))) {
      return Parsed.SKIP; // a header repeated inside the file (concatenated files)
    }
    String level = field(AlertFormats.LEVEL);
    if ("normal".equals(level)) {
      return Parsed.SKIP;
    }
    if (!Alert.RED.equals(level) && !Alert.YELLOW.equals(level)) {
      return new Parsed(null, "level: not yellow, red or normal: '" + level + "'");
    }
    List<TopFeature> top = TopFeature.parseCsv(field(AlertFormats.TOP_FEATURES));
    if (top == null) {
      return new Parsed(null, "top_features: not 'name=value (typical low..high)' items");
    }
    String kind = field(AlertFormats.INCIDENT_KEY_KIND);
    if (kind == null) {
      List<String> in = IncidentKey.KIND_INPUTS;
      kind = IncidentKey.kindFor(number(in.get(0)), number(in.get(1)), number(in.get(2)));
    }
    String version = field(AlertFormats.MODEL_VERSION);
    return new Parsed(
        new Alert(
            field(FlowSchema.TIMESTAMP_COL),
            field(FlowSchema.SRC_IP),
            field(FlowSchema.DST_IP),
            intField(FlowSchema.SRC_PORT),
            intField(FlowSchema.DST_PORT),
            intField(FlowSchema.PROTOCOL),
            Double.parseDouble(field(AlertFormats.SCORE)),
            level,
            version != null ? version : modelVersion,
            top,
            total(AlertFormats.BYTES, FlowSchema.TOTLEN_FWD_PKTS, FlowSchema.TOTLEN_BWD_PKTS),
            total(AlertFormats.PACKETS, FlowSchema.TOT_FWD_PKTS, FlowSchema.TOT_BWD_PKTS),
            kind),
        null);
  }

  /**
   * The column's text in the current line; null when the file has no such column or it is empty.
   */
  private String field(String column) {
    Integer i = index.get(column);
    if (i == null) {
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
}
