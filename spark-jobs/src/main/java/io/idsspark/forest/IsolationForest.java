package io.idsspark.forest;

import io.idsspark.errors.IdsException;
import io.idsspark.features.FeaturePipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Isolation Forest estimator (Liu, Ting, Zhou 2008) for Spark DataFrames, with the extended
 * hyperplane variant (Hariri, Kind, Brunner 2019) as an option.
 *
 * <pre>
 * IsolationForestModel model = new IsolationForest()
 *     .setNumTrees(100).setMaxSamples(256).setMaxFeatures(1.0).setBootstrap(false)
 *     .setSeed(1).setContamination(0.02)
 *     .setFeatureCols("flow_duration", "tot_fwd_pkts")   // or setPipeline(...); default: numeric columns
 *     .fit(flows);
 * Dataset&lt;Row&gt; scored = model.transform(flows);    // adds "score" in (0, 1]
 * </pre>
 *
 * <p>Training: one pass draws every tree's sample ({@link ForestSampler}), the samples are shuffled
 * by tree id, each tree is built on an executor, and only the small trees come back. Same seed,
 * same input and same input partitioning give the same model.
 */
public final class IsolationForest {
  /** Trees whose samples are also returned to compute the pipeline's typical ranges. */
  private static final int RANGE_TREES = 40;

  private int numTrees = 100;
  private int maxSamples = 256;
  private double maxFeatures = 1.0;
  private boolean bootstrap = false;
  private long seed = 1L;
  private double contamination = 0.02;
  private boolean extended = false;
  private int extensionLevel = -1;
  private List<String> featureCols;
  private FeaturePipeline pipeline;

  public IsolationForest setNumTrees(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("numTrees must be >= 1, got " + v);
    }
    numTrees = v;
    return this;
  }

  /** Rows drawn per tree (fewer when the data has fewer rows). */
  public IsolationForest setMaxSamples(int v) {
    if (v < 2) {
      throw new IllegalArgumentException("maxSamples must be >= 2, got " + v);
    }
    maxSamples = v;
    return this;
  }

  /** Share of the features each tree may split on, in (0, 1]. */
  public IsolationForest setMaxFeatures(double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException("maxFeatures must be in (0, 1], got " + v);
    }
    maxFeatures = v;
    return this;
  }

  /**
   * Draw each tree's rows with replacement. Done as a with-replacement resample of the tree's
   * without-replacement sample, which matches sampling from the data when maxSamples is small
   * against the row count.
   */
  public IsolationForest setBootstrap(boolean v) {
    bootstrap = v;
    return this;
  }

  public IsolationForest setSeed(long v) {
    seed = v;
    return this;
  }

  /**
   * Expected share of anomalies; recorded in the model, used by thresholding (not by the trees).
   */
  public IsolationForest setContamination(double v) {
    if (!(v > 0 && v < 0.5)) {
      throw new IllegalArgumentException("contamination must be in (0, 0.5), got " + v);
    }
    contamination = v;
    return this;
  }

  /** Random hyperplane splits (extended Isolation Forest). */
  public IsolationForest setExtended(boolean v) {
    extended = v;
    return this;
  }

  /** Non-zero components per hyperplane minus one; default (-1) = number of features - 1. */
  public IsolationForest setExtensionLevel(int v) {
    extensionLevel = v;
    return this;
  }

  /** Feature columns (each cast to double, fill 0, no transform). */
  public IsolationForest setFeatureCols(String... cols) {
    featureCols = List.of(cols);
    pipeline = null;
    return this;
  }

  /** Full preprocessing; its typical ranges are recomputed from the training sample. */
  public IsolationForest setPipeline(FeaturePipeline p) {
    pipeline = p;
    featureCols = null;
    return this;
  }

  /**
   * Trains on a batch DataFrame.
   *
   * @throws IdsException (exit 3) for missing feature columns or an input without rows
   */
  public IsolationForestModel fit(Dataset<Row> data) {
    long start = System.nanoTime();
    FeaturePipeline p =
        pipeline != null
            ? pipeline
            : FeaturePipeline.of(
                featureCols != null ? featureCols : columns(data), FeaturePipeline.Transform.NONE);
    int nf = p.size();
    int level = extensionLevel < 0 ? nf - 1 : extensionLevel;
    if (extended && level >= nf) {
      throw IdsException.usage(
          "extension level " + level + " must be below the number of features (" + nf + ")");
    }
    double[] fills = new double[nf];
    for (int j = 0; j < nf; j++) {
      fills[j] = p.features().get(j).fill();
    }
    JavaRDD<InternalRow> rows =
        data.select(p.inputColumns(data)).queryExecution().toRdd().toJavaRDD();
    ForestSampler sampler = new ForestSampler(numTrees, maxSamples, seed, fills);
    JavaPairRDD<Integer, ForestSampler.Sampled> samples =
        rows.mapPartitionsWithIndex((idx, it) -> sampler.sample(idx, it), false).mapToPair(t -> t);
    int parts =
        Math.max(
            1, Math.min(numTrees + 1, data.sparkSession().sparkContext().defaultParallelism() * 2));
    BuildSpec spec = new BuildSpec(p, maxSamples, maxFeatures, bootstrap, seed, extended, level);
    List<BuiltTree> built =
        new ArrayList<>(samples.groupByKey(parts).map(g -> spec.build(g._1(), g._2())).collect());
    built.sort(Comparator.comparingInt(BuiltTree::treeId));
    long count = 0;
    List<FlatTree> trees = new ArrayList<>();
    List<double[]> rangeRows = new ArrayList<>();
    int sampleSize = 0;
    for (BuiltTree b : built) {
      if (b.treeId() == ForestSampler.COUNT_KEY) {
        count = b.count();
      } else {
        trees.add(b.tree());
        sampleSize = b.sampleSize();
        rangeRows.addAll(b.rangeRows());
      }
    }
    if (count == 0 || trees.isEmpty()) {
      throw IdsException.input("no rows to train on");
    }
    FeaturePipeline withRanges =
        p.withTypicalRanges(quantiles(rangeRows, nf, 0.05), quantiles(rangeRows, nf, 0.95));
    ForestParams params =
        new ForestParams(
            numTrees,
            maxSamples,
            maxFeatures,
            bootstrap,
            seed,
            contamination,
            extended,
            extended ? level : -1);
    FlatForest forest = new FlatForest(trees, nf, sampleSize, extended);
    return new IsolationForestModel(
        withRanges, forest, params, count, (System.nanoTime() - start) / 1e9);
  }

  /** Numeric columns of the data, in order (the default feature columns). */
  private static List<String> columns(Dataset<Row> data) {
    List<String> out = new ArrayList<>();
    for (StructField f : data.schema().fields()) {
      if (f.dataType() instanceof NumericType) {
        out.add(f.name());
      }
    }
    if (out.isEmpty()) {
      throw IdsException.input("no numeric columns to train on");
    }
    return out;
  }

  /** Per-feature quantile q of the rows (sorted copy; rows are the small range sample). */
  private static double[] quantiles(List<double[]> rows, int nf, double q) {
    double[] out = new double[nf];
    double[] col = new double[rows.size()];
    for (int j = 0; j < nf; j++) {
      for (int i = 0; i < col.length; i++) {
        col[i] = rows.get(i)[j];
      }
      Arrays.sort(col);
      out[j] =
          col.length == 0
              ? Double.NaN
              : col[(int) Math.min(col.length - 1, Math.floor(q * col.length))];
    }
    return out;
  }

  /** A built tree (or, for {@link ForestSampler#COUNT_KEY}, the total row count). */
  record BuiltTree(int treeId, FlatTree tree, int sampleSize, long count, List<double[]> rangeRows)
      implements java.io.Serializable {}

  private record Keyed(double key, double[] values) {}

  /** What executors need to build a tree from its merged sample. */
  record BuildSpec(
      FeaturePipeline pipeline,
      int maxSamples,
      double maxFeatures,
      boolean bootstrap,
      long seed,
      boolean extended,
      int extensionLevel)
      implements java.io.Serializable {

    BuiltTree build(int treeId, Iterable<ForestSampler.Sampled> group) {
      int nf = pipeline.size();
      List<Keyed> all = new ArrayList<>();
      long count = 0;
      for (ForestSampler.Sampled s : group) {
        count += s.count();
        for (int i = 0; i < s.keys().length; i++) {
          all.add(new Keyed(s.keys()[i], Arrays.copyOfRange(s.values(), i * nf, (i + 1) * nf)));
        }
      }
      if (treeId == ForestSampler.COUNT_KEY) {
        return new BuiltTree(treeId, null, 0, count, List.of());
      }
      // Keys decide the sample; values break (practically impossible) ties, so the order of
      // shuffle blocks never changes the result.
      all.sort(
          (a, b) -> {
            int c = Double.compare(a.key(), b.key());
            return c != 0 ? c : Arrays.compare(a.values(), b.values());
          });
      int n = Math.min(maxSamples, all.size());
      SplittableRandom rng = new SplittableRandom(ForestSampler.mix(seed ^ 0x5EED7EE5L, treeId));
      double[][] x = new double[n][];
      List<double[]> raw = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double[] v = all.get(bootstrap ? rng.nextInt(n) : i).values();
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
      FlatTree tree = new TreeBuilder(x, subset, extended, extensionLevel, rng).build();
      return new BuiltTree(treeId, tree, n, 0, raw);
    }
  }
}
