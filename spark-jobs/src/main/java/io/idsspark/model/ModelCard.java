package io.idsspark.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;

/**
 * {@code model_card.json}: what a model is and how it was made (git commit, input, row count, data
 * fingerprint, feature set, params, chosen contamination, thresholds, validation metrics, training
 * time, Spark version, folder fallbacks), plus {@code model_sha256}, the SHA-256 of {@code
 * model.json}, which {@link ModelStore#load} checks. A free-form JSON object: the train job decides
 * the fields; this class only guards the few the store relies on.
 *
 * <p>Kept as a JSON tree on purpose, unlike the other model files (bound with Jackson databind): it
 * is a report for people, newer versions add fields to it, and loading a model must not refuse a
 * card for a field it does not know; its typed parts (params, thresholds, metrics) are written by
 * their own databind classes.
 */
public final class ModelCard {
  public static final int FORMAT_VERSION = 1;

  private final ObjectNode json;

  /** Wraps a card document (copied). */
  public ModelCard(ObjectNode json) {
    this.json = json.deepCopy();
  }

  /** An empty card with its format version. */
  public static ModelCard empty() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format_version", FORMAT_VERSION);
    return new ModelCard(o);
  }

  /** The card as JSON (a copy; edit and wrap again to change it). */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** A text field, or {@code ""}. */
  public String text(String field) {
    JsonNode n = json.get(field);
    return n == null || n.isNull() ? "" : n.asText();
  }

  static ModelCard fromJson(JsonNode o, String where) {
    if (o == null || !o.isObject()) {
      throw IdsException.model(where + ": expected a JSON object");
    }
    Json.requireFormatVersion(
        o, where, where, "format_version", FORMAT_VERSION, "upgrade ids-spark");
    return new ModelCard((ObjectNode) o);
  }
}
