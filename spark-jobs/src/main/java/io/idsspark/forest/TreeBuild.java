package io.idsspark.forest;

import io.idsspark.features.FeaturePipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What executors need to build one tree of {@link IsolationForest#fit} from its merged sample, and
 * the tree that comes back (with the rows of the first trees' samples, from which the driver takes
 * the features' typical ranges).
 */
record TreeBuild(
    FeaturePipeline pipeline,
    int maxSamples,
    double maxFeatures,
    boolean bootstrap,
    long seed,
    boolean extended,
    int extensionLevel,
    boolean rangeAware)
    implements java.io.Serializable {
  /** Trees whose samples are also returned to compute the pipeline's typical ranges. */
  static final int RANGE_TREES = 40;

  /** A built tree (or, for {@link ForestSampler#COUNT_KEY}, the total row count). */
  record BuiltTree(int treeId, FlatTree tree, int sampleSize, long count, List<double[]> rangeRows)
      implements java.io.Serializable {}

  /**
   * Builds tree {@code treeId} from its sample: the partitions' samples merged ({@link
   * ForestSampler#merge}), so at most {@code maxSamples} rows already in key order (values break
   * ties), whatever order the shuffle delivered them in.
   */
  BuiltTree build(int treeId, ForestSampler.Sampled sample) {
    int nf = pipeline.size();
    if (treeId == ForestSampler.COUNT_KEY) {
      return new BuiltTree(treeId, null, 0, sample.count(), List.of());
    }
    int n = Math.min(maxSamples, sample.keys().length);
    SplittableRandom rng = new SplittableRandom(ForestSampler.mix(seed ^ 0x5EED7EE5L, treeId));
    double[][] x = new double[n][];
    List<double[]> raw = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int row = bootstrap ? rng.nextInt(n) : i;
      double[] v = Arrays.copyOfRange(sample.values(), row * nf, (row + 1) * nf);
      if (treeId < RANGE_TREES) {
        raw.add(v);
      }
      double[] t = v.clone();
      pipeline.transformInPlace(t);
      x[i] = t;
    }
    int k = Math.max(1, (int) (maxFeatures * nf));
    int[] perm = new int[nf];
    for (int j = 0; j < nf; j++) {
      perm[j] = j;
    }
    for (int j = 0; j < k && k < nf; j++) {
      int pick = j + rng.nextInt(nf - j);
      int tmp = perm[pick];
      perm[pick] = perm[j];
      perm[j] = tmp;
    }
    int[] subset = Arrays.copyOf(perm, k);
    Arrays.sort(subset);
    if (!extended) {
      // a feature of weight w is w entries of the list the tree picks its axis splits from (a
      // hyperplane takes each of its features once)
      subset = weighted(subset);
    }
    FlatTree tree = new TreeBuilder(x, subset, extended, extensionLevel, rangeAware, rng).build();
    return new BuiltTree(treeId, tree, n, 0, raw);
  }

  /**
   * The feature indices a tree picks its splits from, each as many times as its weight ({@link
   * FeaturePipeline.Feature#weight}): {@code subset} with every index repeated.
   */
  private int[] weighted(int[] subset) {
    List<FeaturePipeline.Feature> fs = pipeline.features();
    int n = 0;
    for (int i : subset) {
      n += fs.get(i).weight();
    }
    int[] out = new int[n];
    int k = 0;
    for (int i : subset) {
      for (int w = 0; w < fs.get(i).weight(); w++) {
        out[k++] = i;
      }
    }
    return out;
  }
}
