package io.idsspark.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * The {@code pipeline} object of {@code model.json} as Jackson binds it: the names and order that
 * format versions 1 and 2 have always had, and the reading and writing of it: each value is checked
 * as it is read (finite fills, known transforms, weights of at least 1; {@link RarityFeature} its
 * counts), a bad one named by its place in the file.
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

  /**
   * {@link FeaturePipeline#toJson}: format {@code derived} with rarity features, else {@code
   * plain}.
   */
  static ObjectNode write(FeaturePipeline p, int derivedVersion, int plainVersion) {
    boolean derived = p.features().stream().anyMatch(f -> f.rarity() != null);
    List<Feature> out = new ArrayList<>();
    for (FeaturePipeline.Feature f : p.features()) {
      out.add(
          new Feature(
              f.name(),
              f.fill(),
              f.transform().name(),
              finiteOrNull(f.typicalLow()),
              finiteOrNull(f.typicalHigh()),
              f.rarity() == null ? null : f.rarity().toRecord(),
              f.weight() == 1 ? null : f.weight()));
    }
    return Json.tree(new Pipeline(derived ? derivedVersion : plainVersion, out));
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * {@link FeaturePipeline#fromJson}: reads {@link #write} output, up to {@code formatVersion}.
   *
   * @throws IdsException (exit 4) naming {@code where} and the bad field
   */
  static FeaturePipeline read(JsonNode o, String where, int formatVersion) {
    if (o == null || !o.isObject()) {
      throw IdsException.model(where + ": 'pipeline' is missing or not an object");
    }
    Json.requireFormatVersion(
        o,
        where,
        where + ": pipeline",
        "pipeline format_version",
        formatVersion,
        "upgrade ids-spark");
    Pipeline p = Json.read(o, Pipeline.class, where + ": pipeline");
    if (p.features() == null || p.features().isEmpty()) {
      throw IdsException.model(where + ": pipeline.features must be a non-empty array");
    }
    List<FeaturePipeline.Feature> fs = new ArrayList<>();
    for (int i = 0; i < p.features().size(); i++) {
      Feature f = p.features().get(i);
      String at = where + ": pipeline.features[" + i + "]";
      if (f == null || f.name() == null || f.transform() == null) {
        throw IdsException.model(at + ": 'name' and 'transform' must be strings");
      }
      if (!Double.isFinite(f.fill())) {
        throw IdsException.model(at + ": 'fill' must be a finite number");
      }
      FeaturePipeline.Transform tr;
      try {
        tr = FeaturePipeline.Transform.valueOf(f.transform().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw IdsException.model(
            at + ": unknown transform '" + f.transform() + "' (made by a newer ids-spark?)");
      }
      RarityFeature rarity =
          f.rarity() == null ? null : RarityFeature.fromRecord(f.rarity(), at + ".rarity");
      if (f.weight() != null && f.weight() < 1) {
        throw IdsException.model(at + ": 'weight' must be a whole number of at least 1");
      }
      fs.add(
          new FeaturePipeline.Feature(
              f.name(),
              f.fill(),
              tr,
              f.typicalLow() == null ? Double.NaN : f.typicalLow(),
              f.typicalHigh() == null ? Double.NaN : f.typicalHigh(),
              rarity,
              f.weight() == null ? 1 : f.weight()));
    }
    try {
      return new FeaturePipeline(fs);
    } catch (IllegalArgumentException e) {
      throw IdsException.model(where + ": pipeline: " + e.getMessage());
    }
  }
}
