package io.idsspark.forest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole forest as one set of flat primitive arrays (every tree's nodes concatenated, child
 * indices made absolute), which is what executors score with: no objects per node, no boxing, no
 * allocation per tree. Broadcast once per model.
 */
final class FlatForest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<FlatTree> trees;
  private final int numFeatures;
  private final int sampleSize;
  private final boolean extended;
  private final double norm;

  private final int[] root;
  // Hot layout: node n's feature (or LEAF / HYPERPLANE) at code[2n], its right child at code[2n+1]
  // (the left child is always n + 1: preorder); value[n] is the threshold of a split or the path
  // length of a leaf. Two arrays touched per visited node instead of five.
  private final int[] code;
  private final double[] value;
  private final int[] hpOffset;
  private final int[] hpFeature;
  private final double[] hpWeight;
  // Range-aware trees (every tree keeps its splits' ranges; else null): node n's feature range
  // over its training points.
  private final double[] lo;
  private final double[] hi;

  FlatForest(List<FlatTree> trees, int numFeatures, int sampleSize, boolean extended) {
    if (trees.isEmpty()) {
      throw new IllegalArgumentException("a forest needs at least one tree");
    }
    this.trees = List.copyOf(trees);
    this.numFeatures = numFeatures;
    this.sampleSize = sampleSize;
    this.extended = extended;
    this.norm = Math.max(PathLength.c(sampleSize), 1e-12);
    int total = 0;
    int totalTerms = 0;
    for (FlatTree t : trees) {
      total += t.size();
      totalTerms += extended ? t.hpFeature.length : 0;
    }
    root = new int[trees.size()];
    code = new int[2 * total];
    value = new double[total];
    hpOffset = extended ? new int[total + 1] : null;
    hpFeature = extended ? new int[totalTerms] : null;
    hpWeight = extended ? new double[totalTerms] : null;
    boolean ranges = !extended && trees.stream().allMatch(t -> t.splitMin != null);
    lo = ranges ? new double[total] : null;
    hi = ranges ? new double[total] : null;
    int base = 0;
    int termBase = 0;
    for (int k = 0; k < trees.size(); k++) {
      FlatTree t = trees.get(k);
      root[k] = base;
      for (int i = 0; i < t.size(); i++) {
        if (t.feature[i] != FlatTree.LEAF && t.left[i] != i + 1) {
          throw new IllegalArgumentException("left child of node " + i + " is not node " + (i + 1));
        }
        code[2 * (base + i)] = t.feature[i];
        code[2 * (base + i) + 1] = t.right[i] < 0 ? -1 : base + t.right[i];
        value[base + i] = t.feature[i] == FlatTree.LEAF ? t.leafValue[i] : t.threshold[i];
        if (extended) {
          hpOffset[base + i] = termBase + t.hpOffset[i];
        }
        if (ranges) {
          lo[base + i] = t.splitMin[i];
          hi[base + i] = t.splitMax[i];
        }
      }
      if (extended) {
        System.arraycopy(t.hpFeature, 0, hpFeature, termBase, t.hpFeature.length);
        System.arraycopy(t.hpWeight, 0, hpWeight, termBase, t.hpWeight.length);
        termBase += t.hpFeature.length;
      }
      base += t.size();
    }
    if (extended) {
      hpOffset[total] = termBase;
    }
  }

  int numTrees() {
    return root.length;
  }

  int numFeatures() {
    return numFeatures;
  }

  int sampleSize() {
    return sampleSize;
  }

  boolean extended() {
    return extended;
  }

  int totalNodes() {
    return value.length;
  }

  /** Whether the trees score values beyond their training range as isolated sooner. */
  boolean rangeAware() {
    return lo != null;
  }

  /**
   * Mean path length E[h(x)] of a transformed feature vector over all trees. In range-aware trees a
   * value outside the node's training range [a, b] on the split feature is isolated there with the
   * probability that a uniform split over the range the node would have had with the value among
   * its points ([x, b] or [a, x]) falls between the value and the points: (a - x) / (b - x) below,
   * (x - b) / (x - a) above; the path length is the expectation. Without it a value far beyond
   * anything seen in training scores exactly as the most extreme training point does (a login loop
   * answered identically 400 times, a spread of 0.07 where benign never went below 0.66, looked as
   * normal as that benign point). Values inside the range score as in the standard forest.
   */
  double meanPathLength(double[] x) {
    final int[] code = this.code;
    final double[] value = this.value;
    double sum = 0;
    if (lo != null) {
      for (int r : root) {
        sum += rangeAwarePath(r, x);
      }
    } else if (extended) {
      for (int r : root) {
        int n = r;
        while (code[2 * n] != FlatTree.LEAF) {
          n = planeSide(n, x) ? n + 1 : code[2 * n + 1];
        }
        sum += value[n];
      }
    } else {
      for (int r : root) {
        int n = r;
        int f;
        while ((f = code[2 * n]) >= 0) {
          n = x[f] <= value[n] ? n + 1 : code[2 * n + 1];
        }
        sum += value[n];
      }
    }
    return sum / root.length;
  }

  /** Chance that node n isolates x by lying beyond the node's range on its feature (0 inside). */
  private double beyond(int n, double v) {
    double a = lo[n];
    double b = hi[n];
    return v < a ? (a - v) / (b - v) : v > b ? (v - b) / (v - a) : 0;
  }

  private double rangeAwarePath(int root, double[] x) {
    double expected = 0;
    double reach = 1;
    int depth = 0;
    int n = root;
    int f;
    while ((f = code[2 * n]) >= 0) {
      double v = x[f];
      double p = beyond(n, v);
      if (p > 0) {
        expected += reach * p * (depth + 1);
        reach *= 1 - p;
      }
      n = v <= value[n] ? n + 1 : code[2 * n + 1];
      depth++;
    }
    return expected + reach * value[n];
  }

  private boolean planeSide(int n, double[] x) {
    double s = 0;
    for (int k = hpOffset[n]; k < hpOffset[n + 1]; k++) {
      s += hpWeight[k] * x[hpFeature[k]];
    }
    return s <= value[n];
  }

  /** The anomaly score 2^(-E[h(x)] / c(sampleSize)), in (0, 1], higher = more anomalous. */
  double score(double[] x) {
    return Math.pow(2.0, -meanPathLength(x) / norm);
  }

  /**
   * Adds each feature's share of the isolation of {@code x} to {@code out} (length numFeatures),
   * normalised to sum 1: in every tree, each split on the path credits its feature (a hyperplane
   * shares it equally among its terms) with 1 / h, h being the tree's path length for x. Features
   * that isolate the point in few splits, in trees where it is isolated early, get the most.
   */
  void contributions(double[] x, double[] out) {
    double total = 0;
    int[] path = new int[128];
    double[] credit = new double[128];
    for (int r : root) {
      int n = r;
      int len = 0;
      int f;
      while ((f = code[2 * n]) != FlatTree.LEAF) {
        if (len == path.length) {
          path = java.util.Arrays.copyOf(path, len * 2);
          credit = java.util.Arrays.copyOf(credit, len * 2);
        }
        path[len++] = n;
        boolean goLeft = f == FlatTree.HYPERPLANE ? planeSide(n, x) : x[f] <= value[n];
        n = goLeft ? n + 1 : code[2 * n + 1];
      }
      if (lo == null) {
        java.util.Arrays.fill(credit, 0, len, 1.0 / Math.max(value[n], 1e-9));
      } else {
        rangeAwareCredit(path, len, x, value[n], credit);
      }
      for (int k = 0; k < len; k++) {
        int node = path[k];
        if (extended) {
          int a = hpOffset[node];
          int b = hpOffset[node + 1];
          for (int t = a; t < b; t++) {
            out[hpFeature[t]] += credit[k] / (b - a);
          }
        } else {
          out[code[2 * node]] += credit[k];
        }
        total += credit[k];
      }
    }
    if (total > 0) {
      for (int j = 0; j < out.length; j++) {
        out[j] /= total;
      }
    }
  }

  /**
   * Credits of a range-aware path: the path may end at node k (isolated beyond its range, length k
   * + 1) or at the leaf; each possible end credits the nodes up to it with its probability over its
   * length, so a feature whose node is likely to isolate the value gets the most. Without any value
   * beyond a range this is 1 / leaf path length per node, as in the standard forest.
   */
  private void rangeAwareCredit(int[] path, int len, double[] x, double leafLength, double[] c) {
    double reach = 1;
    double[] endHere = new double[len];
    for (int k = 0; k < len; k++) {
      double p = beyond(path[k], x[code[2 * path[k]]]);
      endHere[k] = reach * p / (k + 1);
      reach *= 1 - p;
    }
    double suffix = reach / Math.max(leafLength, 1e-9);
    for (int k = len - 1; k >= 0; k--) {
      suffix += endHere[k];
      c[k] = suffix;
    }
  }

  /**
   * The {@code forest} object of {@code model.json}; trees bound one by one by {@link FlatTree}.
   */
  @JsonPropertyOrder({"num_features", "sample_size", "extended", "trees"})
  record ForestJson(
      @JsonProperty(value = "num_features", required = true) int numFeatures,
      @JsonProperty(value = "sample_size", required = true) int sampleSize,
      @JsonProperty(value = "extended", required = true) boolean extended,
      @JsonProperty(value = "trees", required = true) List<JsonNode> trees) {}

  ObjectNode toJson() {
    List<JsonNode> out = new ArrayList<>(trees.size());
    for (FlatTree t : trees) {
      out.add(t.toJson());
    }
    return Json.tree(new ForestJson(numFeatures, sampleSize, extended, out));
  }

  /** Reads and validates {@link #toJson} output; {@code expectedFeatures} from the pipeline. */
  static FlatForest fromJson(JsonNode o, int expectedFeatures, String where) {
    if (o == null || !o.isObject()) {
      throw IdsException.model(where + ": 'forest' is missing or not an object");
    }
    ForestJson f = Json.read(o, ForestJson.class, where + ": forest");
    int nf = f.numFeatures();
    if (nf != expectedFeatures) {
      throw IdsException.model(
          where
              + ": forest.num_features is "
              + nf
              + " but the pipeline has "
              + expectedFeatures
              + " feature columns");
    }
    if (f.sampleSize() < 1) {
      throw IdsException.model(where + ": forest.sample_size must be >= 1");
    }
    if (f.trees() == null || f.trees().isEmpty()) {
      throw IdsException.model(where + ": forest.trees must be a non-empty array");
    }
    List<FlatTree> trees = new ArrayList<>();
    for (int i = 0; i < f.trees().size(); i++) {
      trees.add(
          FlatTree.fromJson(
              f.trees().get(i), nf, f.extended(), where + ": forest.trees[" + i + "]"));
    }
    try {
      return new FlatForest(trees, nf, f.sampleSize(), f.extended());
    } catch (IllegalArgumentException e) {
      throw IdsException.model(where + ": forest: " + e.getMessage());
    }
  }
}
