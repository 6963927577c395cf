package io.idsspark.forest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;
import java.io.Serializable;

/**
 * One isolation tree as parallel primitive arrays, nodes in preorder (a child's index is always
 * greater than its parent's). Node {@code i} is a leaf when {@code feature[i] == LEAF}, an
 * axis-parallel split "x[feature] <= threshold goes left" when {@code feature[i] >= 0}, and a
 * hyperplane split "sum of weight * x[hpFeature] <= threshold goes left" when {@code feature[i] ==
 * HYPERPLANE}, with its terms at {@code hpOffset[i] .. hpOffset[i + 1]}. A leaf's {@code leafValue}
 * is its path length: depth + c(leaf size). An axis split may carry {@code splitMin} and {@code
 * splitMax}, the range of its feature over the node's training points (null in models from before
 * they were kept; 0 at leaves).
 */
final class FlatTree implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int LEAF = -1;
  static final int HYPERPLANE = -2;

  final int[] feature;
  final double[] threshold;
  final int[] left;
  final int[] right;
  final double[] leafValue;

  /** Standard mode, range-aware trees only (else null): the split feature's range at the node. */
  final double[] splitMin;

  final double[] splitMax;

  /** Extended mode only (else null): CSR offsets (length nodes + 1), term features, weights. */
  final int[] hpOffset;

  final int[] hpFeature;
  final double[] hpWeight;

  FlatTree(
      int[] feature,
      double[] threshold,
      int[] left,
      int[] right,
      double[] leafValue,
      double[] splitMin,
      double[] splitMax,
      int[] hpOffset,
      int[] hpFeature,
      double[] hpWeight) {
    this.feature = feature;
    this.threshold = threshold;
    this.left = left;
    this.right = right;
    this.leafValue = leafValue;
    this.splitMin = splitMin;
    this.splitMax = splitMax;
    this.hpOffset = hpOffset;
    this.hpFeature = hpFeature;
    this.hpWeight = hpWeight;
  }

  int size() {
    return feature.length;
  }

  /** One tree as {@code model.json} holds it (Jackson databind; arrays, hyperplane ones if any). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "feature",
    "threshold",
    "left",
    "right",
    "leaf_value",
    "split_min",
    "split_max",
    "hp_offset",
    "hp_feature",
    "hp_weight"
  })
  record TreeJson(
      @JsonProperty(value = "feature", required = true) int[] feature,
      @JsonProperty(value = "threshold", required = true) double[] threshold,
      @JsonProperty(value = "left", required = true) int[] left,
      @JsonProperty(value = "right", required = true) int[] right,
      @JsonProperty(value = "leaf_value", required = true) double[] leafValue,
      @JsonProperty("split_min") double[] splitMin,
      @JsonProperty("split_max") double[] splitMax,
      @JsonProperty("hp_offset") int[] hpOffset,
      @JsonProperty("hp_feature") int[] hpFeature,
      @JsonProperty("hp_weight") double[] hpWeight) {}

  ObjectNode toJson() {
    return Json.tree(
        new TreeJson(
            feature, threshold, left, right, leafValue, splitMin, splitMax, hpOffset, hpFeature,
            hpWeight));
  }

  private static void requireFinite(double[] a, String field, String where) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw IdsException.model(where + ": " + field + "[" + i + "] must be a finite number");
      }
    }
  }

  /**
   * Reads and validates one tree: array lengths agree, child indices point forward and inside the
   * tree, every node but the root has exactly one parent, feature indices are in range, numbers are
   * finite. A tampered tree is refused here rather than failing (or looping) while scoring.
   */
  static FlatTree fromJson(JsonNode o, int numFeatures, boolean extended, String where) {
    if (o == null || !o.isObject()) {
      throw IdsException.model(where + ": must be an object");
    }
    TreeJson t = Json.read(o, TreeJson.class, where);
    if (t.feature() == null
        || t.threshold() == null
        || t.left() == null
        || t.right() == null
        || t.leafValue() == null) {
      throw IdsException.model(
          where + ": 'feature', 'threshold', 'left', 'right' and 'leaf_value' must be arrays");
    }
    int[] feature = t.feature();
    double[] threshold = t.threshold();
    int[] left = t.left();
    int[] right = t.right();
    double[] leafValue = t.leafValue();
    requireFinite(threshold, "threshold", where);
    requireFinite(leafValue, "leaf_value", where);
    int n = feature.length;
    if (n == 0) {
      throw IdsException.model(where + ": tree has no nodes");
    }
    if (threshold.length != n || left.length != n || right.length != n || leafValue.length != n) {
      throw IdsException.model(
          where + ": arrays feature/threshold/left/right/leaf_value differ in length");
    }
    double[] splitMin = t.splitMin();
    double[] splitMax = t.splitMax();
    if ((splitMin == null) != (splitMax == null)) {
      throw IdsException.model(where + ": 'split_min' and 'split_max' come together or not at all");
    }
    if (splitMin != null) {
      if (extended) {
        throw IdsException.model(where + ": an extended tree has no 'split_min'/'split_max'");
      }
      if (splitMin.length != n || splitMax.length != n) {
        throw IdsException.model(where + ": split_min/split_max differ in length from feature");
      }
      requireFinite(splitMin, "split_min", where);
      requireFinite(splitMax, "split_max", where);
      for (int i = 0; i < n; i++) {
        if (feature[i] >= 0 && !(splitMin[i] <= threshold[i] && threshold[i] <= splitMax[i])) {
          throw IdsException.model(
              where + ": node " + i + ": threshold must lie in [split_min, split_max]");
        }
      }
    }
    int[] hpOffset = null;
    int[] hpFeature = null;
    double[] hpWeight = null;
    if (extended) {
      hpOffset = t.hpOffset();
      hpFeature = t.hpFeature();
      hpWeight = t.hpWeight();
      if (hpOffset == null || hpFeature == null || hpWeight == null) {
        throw IdsException.model(
            where + ": an extended tree needs 'hp_offset', 'hp_feature' and 'hp_weight'");
      }
      requireFinite(hpWeight, "hp_weight", where);
      if (hpOffset.length != n + 1 || hpFeature.length != hpWeight.length) {
        throw IdsException.model(where + ": hyperplane arrays have inconsistent lengths");
      }
      if (hpOffset[0] != 0 || hpOffset[n] != hpFeature.length) {
        throw IdsException.model(where + ": hp_offset must start at 0 and end at the term count");
      }
    }
    int[] parents = new int[n];
    for (int i = 0; i < n; i++) {
      String at = where + ": node " + i;
      int f = feature[i];
      if (f == LEAF) {
        if (left[i] != -1 || right[i] != -1) {
          throw IdsException.model(at + ": a leaf must have left = right = -1");
        }
        if (leafValue[i] < 0) {
          throw IdsException.model(at + ": leaf_value must be >= 0");
        }
        if (extended && hpOffset[i + 1] != hpOffset[i]) {
          throw IdsException.model(at + ": a leaf must have no hyperplane terms");
        }
        continue;
      }
      if (extended) {
        if (f != HYPERPLANE) {
          throw IdsException.model(at + ": feature must be -1 (leaf) or -2 (hyperplane)");
        }
        if (hpOffset[i + 1] <= hpOffset[i]) {
          throw IdsException.model(at + ": a hyperplane needs at least one term");
        }
        for (int k = hpOffset[i]; k < hpOffset[i + 1]; k++) {
          if (hpFeature[k] < 0 || hpFeature[k] >= numFeatures) {
            throw IdsException.model(
                at + ": hp_feature " + hpFeature[k] + " out of range 0.." + (numFeatures - 1));
          }
        }
      } else if (f < 0 || f >= numFeatures) {
        throw IdsException.model(
            at + ": feature index " + f + " out of range 0.." + (numFeatures - 1));
      }
      if (left[i] != i + 1) {
        throw IdsException.model(
            at + ": left child must be node " + (i + 1) + " (preorder), got " + left[i]);
      }
      for (int c : new int[] {left[i], right[i]}) {
        if (c <= i || c >= n) {
          throw IdsException.model(
              at + ": child index " + c + " out of range " + (i + 1) + ".." + (n - 1));
        }
        if (++parents[c] > 1) {
          throw IdsException.model(at + ": node " + c + " has two parents");
        }
      }
    }
    for (int i = 1; i < n; i++) {
      if (parents[i] != 1) {
        throw IdsException.model(where + ": node " + i + " is unreachable");
      }
    }
    return new FlatTree(
        feature, threshold, left, right, leafValue, splitMin, splitMax, hpOffset, hpFeature,
        hpWeight);
  }
}
