package io.idsspark.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.SortedMap;

/**
 * The {@code pipeline} object of {@code model.json} as Jackson binds it: the names and order that
 * format versions 1 and 2 have always had. Only shapes live here; {@link FeaturePipeline} and
 * {@link RarityFeature} check the values (finite fills, known transforms, counts not negative).
 */
final class PipelineJson {
  private PipelineJson() {}

  @JsonPropertyOrder({"format_version", "features"})
  record Pipeline(
      @JsonProperty(value = "format_version", required = true) int formatVersion,
      @JsonProperty(value = "features", required = true) List<Feature> features) {}

  /**
   * {@code typical_low}/{@code typical_high} are written as null when unknown; rarity omitted when
   * there is none, weight when it is 1 (so models of weight-1 features keep their bytes).
   */
  @JsonPropertyOrder({
    "name",
    "fill",
    "transform",
    "typical_low",
    "typical_high",
    "rarity",
    "weight"
  })
  record Feature(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "fill", required = true) double fill,
      @JsonProperty(value = "transform", required = true) String transform,
      @JsonProperty("typical_low") Double typicalLow,
      @JsonProperty("typical_high") Double typicalHigh,
      @JsonProperty("rarity") @JsonInclude(JsonInclude.Include.NON_NULL) Rarity rarity,
      @JsonProperty("weight") @JsonInclude(JsonInclude.Include.NON_NULL) Integer weight) {}

  /** Counts sorted by key, so the same model is the same bytes. */
  @JsonPropertyOrder({"name", "inputs", "parts", "total", "counts"})
  record Rarity(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "inputs", required = true) List<String> inputs,
      @JsonProperty(value = "parts", required = true) List<String> parts,
      @JsonProperty(value = "total", required = true) long total,
      @JsonProperty(value = "counts", required = true) SortedMap<String, Long> counts) {}
}
