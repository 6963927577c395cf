package io.idsspark.forest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained Isolation Forest with its feature pipeline: a Spark ML {@link Model}. {@link
 * #transform} adds a {@code score} column (batch and streaming DataFrames alike); {@link
 * #topFeatures} explains one row. Saved as {@code model.json} (by {@code ModelStore} with
 * thresholds and card, or by {@link #write()} as a Pipeline stage).
 *
 * <pre>
 * Dataset&lt;Row&gt; scored = model.transform(flows);      // + score, in (0, 1], higher = more anomalous
 * double s = model.score(new double[] {0.5, 12, 3});   // raw values in pipeline order
 * model.topFeatures(raw, 3);                           // [{name, value, typical_low, typical_high, contribution}]
 * </pre>
 */
public final class IsolationForestModel extends Model<IsolationForestModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  /** Version of the {@code model.json} layout this class writes; newer ones are refused. */
  public static final int FORMAT_VERSION = 1;

  /** Type of the {@link #topFeaturesColumn} elements. */
  public static final DataType TOP_FEATURE_TYPE =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("name", DataTypes.StringType, false),
              DataTypes.createStructField("value", DataTypes.DoubleType, false),
              DataTypes.createStructField("typical_low", DataTypes.DoubleType, true),
              DataTypes.createStructField("typical_high", DataTypes.DoubleType, true),
              DataTypes.createStructField("contribution", DataTypes.DoubleType, false)));

  /**
   * One feature's part in a row's anomaly.
   *
   * @param name feature column
   * @param value the row's raw value (fill applied), in the input's units
   * @param typicalLow p5 of the training values
   * @param typicalHigh p95 of the training values
   * @param contribution share of the isolation credited to this feature, in [0, 1]
   */
  public record FeatureContribution(
      String name, double value, double typicalLow, double typicalHigh, double contribution)
      implements java.io.Serializable {
    /** As a {@link #TOP_FEATURE_TYPE} row (a typical bound that is not finite is null). */
    public Row toRow() {
      return RowFactory.create(
          name,
          value,
          Double.isFinite(typicalLow) ? typicalLow : null,
          Double.isFinite(typicalHigh) ? typicalHigh : null,
          contribution);
    }
  }

  /** The file a saved model (in a Pipeline's stage folder) is written to. */
  static final String MODEL_FILE = "model.json";

  private final String uid;
  private final FeaturePipeline pipeline;
  private final FlatForest forest;
  private final ForestParams params;
  private final long trainingRows;
  private final double fitSeconds;
  private String scoreCol = "score";
  private transient Broadcast<IsolationForestModel> broadcast;
  private transient SparkContext broadcastContext;

  IsolationForestModel(
      String uid,
      FeaturePipeline pipeline,
      FlatForest forest,
      ForestParams params,
      long trainingRows,
      double fitSeconds) {
    this.uid = uid;
    this.pipeline = pipeline;
    this.forest = forest;
    this.params = params;
    this.trainingRows = trainingRows;
    this.fitSeconds = fitSeconds;
  }

  /** Name of the column {@link #transform} adds (default {@code score}). */
  public IsolationForestModel setScoreCol(String name) {
    scoreCol = name;
    return this;
  }

  public String scoreCol() {
    return scoreCol;
  }

  public FeaturePipeline pipeline() {
    return pipeline;
  }

  /** The forest's training parameters (as saved in model.json). */
  public ForestParams forestParams() {
    return params;
  }

  public int numTrees() {
    return forest.numTrees();
  }

  /** Rows each tree was grown on: min(maxSamples, training rows). */
  public int sampleSize() {
    return forest.sampleSize();
  }

  /** Rows in the training input (0 for a model read from disk without it). */
  public long trainingRows() {
    return trainingRows;
  }

  /** Seconds {@code fit} took (0 for a model read from disk). */
  public double fitSeconds() {
    return fitSeconds;
  }

  /** Nodes over all trees. */
  public int totalNodes() {
    return forest.totalNodes();
  }

  /** The same model with another pipeline of the same columns (e.g. typical ranges recomputed). */
  public IsolationForestModel withPipeline(FeaturePipeline p) {
    if (!p.columnNames().equals(pipeline.columnNames())) {
      throw new IllegalArgumentException("pipeline columns differ from the model's");
    }
    return new IsolationForestModel(uid, p, forest, params, trainingRows, fitSeconds)
        .setScoreCol(scoreCol);
  }

  /**
   * Adds the score column. Works on streaming DataFrames: a UDF over the feature columns reads each
   * row once into a double[] and walks the broadcast flat arrays.
   *
   * @throws IdsException (exit 3) naming the feature columns the data lacks
   */
  @Override
  public Dataset<Row> transform(Dataset<?> data) {
    return data.toDF().withColumn(scoreCol, scoreColumn(data));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return schema.add(scoreCol, DataTypes.DoubleType, false);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public IsolationForestModel copy(ParamMap extra) {
    IsolationForestModel c =
        new IsolationForestModel(uid, pipeline, forest, params, trainingRows, fitSeconds)
            .setScoreCol(scoreCol);
    return copyValues(c, extra).setParent(parent());
  }

  /** The score as a column expression over {@code data}'s feature columns. */
  public Column scoreColumn(Dataset<?> data) {
    Broadcast<IsolationForestModel> bc = broadcast(data.sparkSession().sparkContext());
    UDF1<scala.collection.Seq<Object>, Double> f = a -> bc.value().scoreInputs(a);
    UserDefinedFunction udf = functions.udf(f, DataTypes.DoubleType);
    return udf.apply(pipeline.inputArray(data.toDF()));
  }

  /**
   * The top {@code k} features of each row as an array of {@link #TOP_FEATURE_TYPE} structs (name,
   * value, typical_low, typical_high, contribution), most contributing first. Costs a walk of every
   * tree per row: use it on alert rows only (e.g. inside {@code when(level != normal)}).
   */
  public Column topFeaturesColumn(Dataset<?> data, int k) {
    Broadcast<IsolationForestModel> bc = broadcast(data.sparkSession().sparkContext());
    UDF1<scala.collection.Seq<Object>, List<Row>> f =
        a -> {
          IsolationForestModel m = bc.value();
          double[] raw = new double[m.pipeline.size()];
          m.pipeline.read(a, new double[m.pipeline.inputCount()], raw);
          List<Row> out = new ArrayList<>();
          for (FeatureContribution c : m.topFeatures(raw, k)) {
            out.add(c.toRow());
          }
          return out;
        };
    return functions
        .udf(f, DataTypes.createArrayType(TOP_FEATURE_TYPE, false))
        .apply(pipeline.inputArray(data.toDF()));
  }

  private synchronized Broadcast<IsolationForestModel> broadcast(SparkContext sc) {
    if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
      broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(this);
      broadcastContext = sc;
    }
    return broadcast;
  }

  private double scoreInputs(scala.collection.Seq<Object> inputs) {
    double[] x = new double[pipeline.size()];
    pipeline.read(inputs, new double[pipeline.inputCount()], x);
    pipeline.transformInPlace(x);
    return forest.score(x);
  }

  /**
   * Score of one row given as raw values in pipeline order (null-like values: NaN; the fill and
   * transforms are applied here).
   */
  public double score(double[] raw) {
    double[] x = prepared(raw);
    return forest.score(x);
  }

  private double[] prepared(double[] raw) {
    if (raw.length != pipeline.size()) {
      throw new IllegalArgumentException(
          "expected " + pipeline.size() + " values, got " + raw.length);
    }
    double[] x = new double[raw.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = pipeline.fill(i, raw[i]);
    }
    pipeline.transformInPlace(x);
    return x;
  }

  /**
   * Each feature's share of the row's isolation (sums to 1), in pipeline order: every split on the
   * row's path in every tree credits its feature with 1 / (that tree's path length for the row), so
   * features whose splits isolate the row at shallow depth weigh most.
   */
  public double[] contributions(double[] raw) {
    double[] out = new double[pipeline.size()];
    forest.contributions(prepared(raw), out);
    return out;
  }

  /**
   * The {@code k} features that explain a row (raw values in pipeline order): those whose value is
   * outside its typical range (p5..p95 of training) first, each group most contributing first.
   * Contributions alone favour features the trees split on often, whatever the row's value (a
   * feature of weight 6 is picked 6 times as often), so a SYN flood came explained by a value
   * inside its typical range; an operator acts on what is unusual.
   */
  public List<FeatureContribution> topFeatures(double[] raw, int k) {
    double[] c = contributions(raw);
    List<FeaturePipeline.Feature> features = pipeline.features();
    double[] v = new double[c.length];
    boolean[] unusual = new boolean[c.length];
    for (int i = 0; i < c.length; i++) {
      FeaturePipeline.Feature f = features.get(i);
      v[i] = pipeline.fill(i, raw[i]);
      // no typical range known: nothing says the value is usual
      unusual[i] = !(v[i] >= f.typicalLow() && v[i] <= f.typicalHigh());
    }
    int[] order = TopFeatures.order(c, unusual, k);
    int n = order.length;
    List<FeatureContribution> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      int i = order[r];
      FeaturePipeline.Feature f = features.get(i);
      out.add(new FeatureContribution(f.name(), v[i], f.typicalLow(), f.typicalHigh(), c[i]));
    }
    return out;
  }

  // ---- model.json ----

  /** The whole model as the {@code model.json} document. */
  public ObjectNode toJson() {
    return Json.tree(
        new ModelJson(
            FORMAT_VERSION,
            "isolation_forest",
            pipeline.toJson(),
            params.toJson(),
            trainingRows,
            forest.toJson()));
  }

  /**
   * Reads and validates a {@code model.json} document.
   *
   * @param where the file name, for messages
   * @throws IdsException (exit 4) naming the file and what is wrong
   */
  public static IsolationForestModel fromJson(JsonNode o, String where) {
    if (o == null || !o.isObject()) {
      throw IdsException.model(where + ": expected a JSON object");
    }
    int version =
        Json.requireFormatVersion(
            o, where, where, "format_version", FORMAT_VERSION, "upgrade ids-spark or retrain");
    if (version < 1) {
      throw IdsException.model(where + ": format_version must be >= 1, got " + version);
    }
    ModelJson m = Json.read(o, ModelJson.class, where);
    if (!"isolation_forest".equals(m.modelType())) {
      throw IdsException.model(where + ": unknown model_type '" + m.modelType() + "'");
    }
    FeaturePipeline p = FeaturePipeline.fromJson(m.pipeline(), where);
    ForestParams params = ForestParams.fromJson(m.params(), where);
    FlatForest forest = FlatForest.fromJson(m.forest(), p.size(), where);
    if (forest.extended() != params.extended()) {
      throw IdsException.model(where + ": params.extended disagrees with forest.extended");
    }
    return new IsolationForestModel(
        Identifiable$.MODULE$.randomUID("isolationForestModel"),
        p,
        forest,
        params,
        m.trainingRows(),
        0);
  }

  // ---- Spark ML persistence, in the same model.json format ----

  /**
   * Saves {@code path/model.json} and Spark's stage metadata (what a saved {@code PipelineModel}
   * holds for this stage). Thresholds and the model card are {@code ModelStore}'s.
   */
  @Override
  public MLWriter write() {
    IsolationForestModel model = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        // Spark's stage metadata (class, uid) lets PipelineModel.load find this class
        DefaultParamsWriter.saveMetadata(model, path, sparkSession());
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
        try {
          FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
          try (OutputStream out = fs.create(file, true)) {
            out.write(Json.write(model.toJson()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** Reads a model saved by {@link #write()} (also what {@code PipelineModel.load} calls). */
  public static MLReader<IsolationForestModel> read() {
    return new MLReader<>() {
      @Override
      public IsolationForestModel load(String path) {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path, MODEL_FILE);
        try {
          FileSystem fs = file.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
          String text;
          try (InputStream in = fs.open(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          IsolationForestModel m = fromJson(Json.parse(text, file.toString()), file.toString());
          String uid =
              DefaultParamsReader.loadMetadata(
                      path, sparkSession(), IsolationForestModel.class.getName())
                  .uid();
          return new IsolationForestModel(uid, m.pipeline, m.forest, m.params, m.trainingRows, 0);
        } catch (IOException e) {
          throw IdsException.model(file + ": cannot read: " + e.getMessage());
        }
      }
    };
  }

  public static IsolationForestModel load(String path) {
    return read().load(path);
  }
}
