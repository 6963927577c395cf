package io.idsspark.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
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
@JsonPropertyOrder({"format_version", "yellow", "red", "rule"})
@JsonIgnoreProperties(value = "format_version", allowGetters = true)
public record Thresholds(
    @JsonProperty(required = true) double yellow,
    @JsonProperty(required = true) double red,
    String rule)
    implements Serializable {
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

  /** Written first in {@code thresholds.json}; checked before the rest is read. */
  @JsonProperty("format_version")
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  /** The {@code thresholds.json} document (Jackson databind). */
  public ObjectNode toJson() {
    return Json.tree(this);
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
    Thresholds t = Json.read(o, Thresholds.class, where);
    return t.rule() == null ? new Thresholds(t.yellow(), t.red(), "") : t;
  }
}
