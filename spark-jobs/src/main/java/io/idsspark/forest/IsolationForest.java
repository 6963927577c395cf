package io.idsspark.forest;

import io.idsspark.errors.IdsException;
import io.idsspark.features.FeaturePipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Isolation Forest estimator (Liu, Ting, Zhou 2008) for Spark DataFrames, with the extended
 * hyperplane variant (Hariri, Kind, Brunner 2019) as an option. A Spark ML {@link Estimator} with
 * {@code Params}, so it works inside a {@code Pipeline}; its model is saved in the project's own
 * {@code model.json} format.
 *
 * <pre>
 * IsolationForestModel model = new IsolationForest()
 *     .setNumTrees(100).setMaxSamples(256).setMaxFeatures(1.0).setBootstrap(false)
 *     .setSeed(1).setContamination(0.02)
 *     .setFeatureCols("flow_duration", "tot_fwd_pkts")   // or setPipeline(...); default: numeric columns
 *     .fit(flows);
 * Dataset&lt;Row&gt; scored = model.transform(flows);    // adds "score" in (0, 1]
 *
 * PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {forest}).fit(flows);
 * </pre>
 *
 * <p>Training: one pass draws every tree's sample ({@link ForestSampler}), the samples are shuffled
 * by tree id, each tree is built on an executor, and only the small trees come back. Same seed,
 * same input and same input partitioning give the same model.
 */
public final class IsolationForest extends Estimator<IsolationForestModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  // the uid must exist before any Param is built: Params are created with this as parent
  private final String uid;
  private final IntParam numTrees;
  private final IntParam maxSamples;
  private final DoubleParam maxFeatures;
  private final BooleanParam bootstrap;
  private final LongParam seed;
  private final DoubleParam contamination;
  private final BooleanParam extended;
  private final IntParam extensionLevel;
  private final BooleanParam rangeAware;
  private final StringArrayParam featureCols;
  private FeaturePipeline pipeline;

  public IsolationForest() {
    this(Identifiable$.MODULE$.randomUID("isolationForest"));
  }

  public IsolationForest(String uid) {
    this.uid = uid;
    numTrees =
        new IntParam(this, "numTrees", "trees in the forest (>= 1)", ParamValidators.gtEq(1));
    maxSamples =
        new IntParam(
            this,
            "maxSamples",
            "rows drawn per tree (>= 2; fewer if the data has fewer)",
            ParamValidators.gtEq(2));
    maxFeatures =
        new DoubleParam(
            this,
            "maxFeatures",
            "share of the features each tree may split on, in (0, 1]",
            ParamValidators.inRange(0, 1, false, true));
    bootstrap = new BooleanParam(this, "bootstrap", "draw each tree's rows with replacement");
    seed = new LongParam(this, "seed", "random seed");
    contamination =
        new DoubleParam(
            this,
            "contamination",
            "expected share of anomalies, in (0, 0.5), for thresholds",
            ParamValidators.inRange(0, 0.5, false, false));
    extended = new BooleanParam(this, "extended", "random hyperplane splits (extended forest)");
    extensionLevel =
        new IntParam(
            this,
            "extensionLevel",
            "non-zero hyperplane components minus one; -1 = number of features - 1");
    rangeAware =
        new BooleanParam(
            this,
            "rangeAware",
            "score a value beyond a node's training range as isolated there with the chance a split"
                + " over the range including it would have had (standard splits only)");
    featureCols =
        new StringArrayParam(
            this, "featureCols", "feature columns (cast to double, fill 0); empty = numeric");
    setDefault(numTrees, 100);
    setDefault(maxSamples, 256);
    setDefault(maxFeatures, 1.0);
    setDefault(bootstrap, false);
    setDefault(seed, 1L);
    setDefault(contamination, 0.02);
    setDefault(extended, false);
    setDefault(extensionLevel, -1);
    setDefault(rangeAware, false);
    setDefault(featureCols, new String[0]);
  }

  @Override
  public String uid() {
    return uid;
  }

  // ---- Params: Spark finds them through these public no-argument methods ----

  public IntParam numTrees() {
    return numTrees;
  }

  public IntParam maxSamples() {
    return maxSamples;
  }

  public DoubleParam maxFeatures() {
    return maxFeatures;
  }

  public BooleanParam bootstrap() {
    return bootstrap;
  }

  public LongParam seed() {
    return seed;
  }

  public DoubleParam contamination() {
    return contamination;
  }

  public BooleanParam extended() {
    return extended;
  }

  public IntParam extensionLevel() {
    return extensionLevel;
  }

  public StringArrayParam featureCols() {
    return featureCols;
  }

  // ---- setters that chain from Java; bad values fail at once with the valid range ----

  public IsolationForest setNumTrees(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("numTrees must be >= 1, got " + v);
    }
    return (IsolationForest) set(numTrees, v);
  }

  /** Rows drawn per tree (fewer when the data has fewer rows). */
  public IsolationForest setMaxSamples(int v) {
    if (v < 2) {
      throw new IllegalArgumentException("maxSamples must be >= 2, got " + v);
    }
    return (IsolationForest) set(maxSamples, v);
  }

  /** Share of the features each tree may split on, in (0, 1]. */
  public IsolationForest setMaxFeatures(double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException("maxFeatures must be in (0, 1], got " + v);
    }
    return (IsolationForest) set(maxFeatures, v);
  }

  /**
   * Draw each tree's rows with replacement. Done as a with-replacement resample of the tree's
   * without-replacement sample, which matches sampling from the data when maxSamples is small
   * against the row count.
   */
  public IsolationForest setBootstrap(boolean v) {
    return (IsolationForest) set(bootstrap, v);
  }

  public IsolationForest setSeed(long v) {
    return (IsolationForest) set(seed, v);
  }

  /**
   * Expected share of anomalies; recorded in the model, used by thresholding (not by the trees).
   */
  public IsolationForest setContamination(double v) {
    if (!(v > 0 && v < 0.5)) {
      throw new IllegalArgumentException("contamination must be in (0, 0.5), got " + v);
    }
    return (IsolationForest) set(contamination, v);
  }

  /** Random hyperplane splits (extended Isolation Forest). */
  public IsolationForest setExtended(boolean v) {
    return (IsolationForest) set(extended, v);
  }

  /** Non-zero components per hyperplane minus one; default (-1) = number of features - 1. */
  public IsolationForest setExtensionLevel(int v) {
    return (IsolationForest) set(extensionLevel, v);
  }

  public BooleanParam rangeAware() {
    return rangeAware;
  }

  /**
   * Range-aware scoring (standard splits only): each split keeps its feature's range over the
   * node's training points, and a value beyond it is isolated there with the chance a uniform split
   * over the range including it would have had. Better where training and scoring data come from
   * one network (the improved CIC-IDS2018 toy set: AUROC 0.964-0.973 -> 0.974-0.976); worse under a
   * shift between them (synthetic training, a real capture: benign flows beyond the synthetic
   * ranges in harmless features get flagged). {@code docs/quality.md}, Host context.
   */
  public IsolationForest setRangeAware(boolean v) {
    return (IsolationForest) set(rangeAware, v);
  }

  /** Feature columns (each cast to double, fill 0, no transform). */
  public IsolationForest setFeatureCols(String... cols) {
    pipeline = null;
    return (IsolationForest) set(featureCols, cols);
  }

  /**
   * Full preprocessing; its typical ranges are recomputed from the training sample. Not a Spark
   * Param (a saved estimator keeps its feature columns, not a pipeline): set it from code.
   */
  public IsolationForest setPipeline(FeaturePipeline p) {
    pipeline = p;
    set(featureCols, new String[0]);
    return this;
  }

  @Override
  public IsolationForest copy(ParamMap extra) {
    IsolationForest c = (IsolationForest) defaultCopy(extra);
    c.pipeline = pipeline;
    return c;
  }

  /** The score column the model adds; its other columns pass through. */
  @Override
  public StructType transformSchema(StructType schema) {
    return schema.add("score", DataTypes.DoubleType, false);
  }

  /** For {@code Pipeline.load} and {@code IsolationForest.load(path)}. */
  public static MLReader<IsolationForest> read() {
    return new DefaultParamsReader<>();
  }

  public static IsolationForest load(String path) {
    return read().load(path);
  }

  /**
   * Trains on a batch DataFrame.
   *
   * @throws IdsException (exit 3) for missing feature columns or an input without rows
   */
  @Override
  public IsolationForestModel fit(Dataset<?> dataset) {
    long start = System.nanoTime();
    @SuppressWarnings("unchecked")
    Dataset<Row> data = (Dataset<Row>) dataset.toDF();
    int numTrees = (int) getOrDefault(this.numTrees);
    int maxSamples = (int) getOrDefault(this.maxSamples);
    double maxFeatures = (double) getOrDefault(this.maxFeatures);
    boolean bootstrap = (boolean) getOrDefault(this.bootstrap);
    long seed = (long) getOrDefault(this.seed);
    double contamination = (double) getOrDefault(this.contamination);
    boolean extended = (boolean) getOrDefault(this.extended);
    int extensionLevel = (int) getOrDefault(this.extensionLevel);
    boolean ranges = (boolean) getOrDefault(this.rangeAware) && !extended;
    String[] cols = getOrDefault(this.featureCols);
    FeaturePipeline p =
        pipeline != null
            ? pipeline
            : FeaturePipeline.of(
                cols.length > 0 ? List.of(cols) : columns(data), FeaturePipeline.Transform.NONE);
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
    TreeBuild spec =
        new TreeBuild(p, maxSamples, maxFeatures, bootstrap, seed, extended, level, ranges);
    int m = maxSamples;
    List<TreeBuild.BuiltTree> built =
        new ArrayList<>(
            samples
                .reduceByKey((a, b) -> ForestSampler.merge(a, b, m, nf), parts)
                .map(g -> spec.build(g._1(), g._2()))
                .collect());
    built.sort(Comparator.comparingInt(TreeBuild.BuiltTree::treeId));
    long count = 0;
    List<FlatTree> trees = new ArrayList<>();
    List<double[]> rangeRows = new ArrayList<>();
    int sampleSize = 0;
    for (TreeBuild.BuiltTree b : built) {
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
            extended ? level : -1,
            ranges);
    FlatForest forest = new FlatForest(trees, nf, sampleSize, extended);
    IsolationForestModel model =
        new IsolationForestModel(
            uid, withRanges, forest, params, count, (System.nanoTime() - start) / 1e9);
    model.setParent(this);
    return model;
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
}
