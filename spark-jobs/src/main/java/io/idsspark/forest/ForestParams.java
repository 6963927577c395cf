package io.idsspark.forest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.json.Json;
import java.io.Serializable;

/**
 * The parameters a forest was trained with, as saved in {@code model.json} under {@code params}.
 *
 * @param numTrees trees in the forest
 * @param maxSamples rows drawn per tree (requested; the forest's sample size may be smaller)
 * @param maxFeatures share of features each tree may split on
 * @param bootstrap rows drawn with replacement
 * @param seed random seed
 * @param contamination expected share of anomalies (for thresholds)
 * @param extended hyperplane splits
 * @param extensionLevel non-zero hyperplane components minus one; -1 in standard mode
 */
public record ForestParams(
    int numTrees,
    int maxSamples,
    double maxFeatures,
    boolean bootstrap,
    long seed,
    double contamination,
    boolean extended,
    int extensionLevel)
    implements Serializable {

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("num_trees", numTrees);
    o.put("max_samples", maxSamples);
    o.put("max_features", maxFeatures);
    o.put("bootstrap", bootstrap);
    o.put("seed", seed);
    o.put("contamination", contamination);
    o.put("extended", extended);
    o.put("extension_level", extensionLevel);
    return o;
  }

  static ForestParams fromJson(JsonNode o, String where) {
    String at = where + ": params";
    return new ForestParams(
        Json.requireInt(o, "num_trees", at),
        Json.requireInt(o, "max_samples", at),
        Json.requireDouble(o, "max_features", at),
        Json.requireBoolean(o, "bootstrap", at),
        Json.requireLong(o, "seed", at),
        Json.requireDouble(o, "contamination", at),
        Json.requireBoolean(o, "extended", at),
        Json.requireInt(o, "extension_level", at));
  }
}
