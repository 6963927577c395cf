package io.idsspark.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;
import java.io.Serializable;

/**
 * Alert thresholds on the score, saved as {@code thresholds.json}: {@code {"format_version": 1,
 * "yellow": 0.61, "red": 0.68, "rule": "..."}}. A row is {@code red} at score >= red, {@code
 * yellow} at score >= yellow, else {@code normal}; red > yellow.
 *
 * @param yellow suspicious from this score on
 * @param red high confidence from this score on
 * @param rule how both were derived, for people reading the file
 */
public record Thresholds(double yellow, double red, String rule) implements Serializable {
  public static final int FORMAT_VERSION = 1;
  public static final String NORMAL = "normal";
  public static final String YELLOW = "yellow";
  public static final String RED = "red";

  public Thresholds {
    if (!(yellow > 0 && yellow <= 1 && red > yellow && red <= 1)) {
      throw new IllegalArgumentException(
          "thresholds need 0 < yellow < red <= 1, got yellow " + yellow + ", red " + red);
    }
  }

  /** The level of a score. */
  public String level(double score) {
    return score >= red ? RED : score >= yellow ? YELLOW : NORMAL;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format_version", FORMAT_VERSION);
    o.put("yellow", yellow);
    o.put("red", red);
    o.put("rule", rule);
    return o;
  }

  /**
   * Reads {@code thresholds.json}.
   *
   * @throws IdsException (exit 4) naming the file and the field
   */
  public static Thresholds fromJson(JsonNode o, String where) {
    if (o == null || !o.isObject()) {
      throw IdsException.model(where + ": expected a JSON object");
    }
    Json.requireFormatVersion(
        o, where, where, "format_version", FORMAT_VERSION, "upgrade ids-spark");
    double yellow = Json.requireDouble(o, "yellow", where);
    double red = Json.requireDouble(o, "red", where);
    String rule = o.hasNonNull("rule") ? o.get("rule").asText() : "";
    try {
      return new Thresholds(yellow, red, rule);
    } catch (IllegalArgumentException e) {
      throw IdsException.model(where + ": " + e.getMessage());
    }
  }
}
