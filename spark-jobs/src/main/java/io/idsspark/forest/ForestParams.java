package io.idsspark.forest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
 * @param rangeAware splits keep their ranges and score values beyond them (absent in models from
 *     before it: false)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({
  "num_trees",
  "max_samples",
  "max_features",
  "bootstrap",
  "seed",
  "contamination",
  "extended",
  "extension_level",
  "range_aware"
})
public record ForestParams(
    @JsonProperty(required = true) int numTrees,
    @JsonProperty(required = true) int maxSamples,
    @JsonProperty(required = true) double maxFeatures,
    @JsonProperty(required = true) boolean bootstrap,
    @JsonProperty(required = true) long seed,
    @JsonProperty(required = true) double contamination,
    @JsonProperty(required = true) boolean extended,
    @JsonProperty(required = true) int extensionLevel,
    @JsonProperty @JsonInclude(JsonInclude.Include.NON_NULL) Boolean rangeAware)
    implements Serializable {

  /** {@code range_aware} is written only when true: models without it keep their exact bytes. */
  public ForestParams {
    rangeAware = Boolean.TRUE.equals(rangeAware) ? Boolean.TRUE : null;
  }

  /** Whether the trees are range-aware ({@code range_aware}; absent = false). */
  public boolean withRanges() {
    return rangeAware != null;
  }

  /** The {@code params} object of {@code model.json} (Jackson databind, snake_case names). */
  public ObjectNode toJson() {
    return Json.tree(this);
  }

  static ForestParams fromJson(JsonNode o, String where) {
    return Json.read(o, ForestParams.class, where + ": params");
  }
}
