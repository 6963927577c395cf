package io.idsspark.forest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code model.json} envelope; the three parts are bound by their own classes so that an error
 * names the part ({@code pipeline.features[3]}, {@code forest.trees[7]}). A model made before
 * {@code training_rows} existed reads as 0 rows.
 */
@JsonPropertyOrder({
  "format_version",
  "model_type",
  "pipeline",
  "params",
  "training_rows",
  "forest"
})
record ModelJson(
    @JsonProperty(value = "format_version", required = true) int formatVersion,
    @JsonProperty(value = "model_type", required = true) String modelType,
    @JsonProperty(value = "pipeline", required = true) JsonNode pipeline,
    @JsonProperty(value = "params", required = true) JsonNode params,
    @JsonProperty("training_rows") long trainingRows,
    @JsonProperty(value = "forest", required = true) JsonNode forest) {}
