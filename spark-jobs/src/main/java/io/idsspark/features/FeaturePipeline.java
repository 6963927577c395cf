package io.idsspark.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.spark.Sparks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The preprocessing saved inside {@code model.json} and applied identically by train, score and
 * detect: the feature columns in order, and per column a fill value for missing or non-finite input
 * (null, NaN, +-Infinity), a transform, and the typical range p5..p95 of the raw training values
 * (used to explain alerts).
 *
 * <p>A row becomes a model vector in two steps: {@link #read} (raw values, fill applied; what
 * alerts show) then {@link #transformInPlace} (what the trees see). New transforms are new {@link
 * Transform} constants; the JSON names them, so an older reader rejects a model using one it does
 * not know.
 *
 * <p>A feature may also be derived from input columns instead of read from one: a {@link
 * RarityFeature} (how rare the value of, e.g., the destination port's service was in training)
 * carries its counts in the JSON, so score and detect compute it exactly as train did. A pipeline
 * with derived features is written as format version 2 (version-1 readers refuse it); one without
 * stays version 1.
 *
 * <pre>
 * "pipeline": {"format_version": 1, "features": [
 *   {"name": "flow_duration", "fill": 0.0, "transform": "SIGNED_LOG1P",
 *    "typical_low": 1.2E-5, "typical_high": 31.7}, ...,
 *   {"name": "dst_service_rarity", "fill": 0.0, "transform": "NONE", ...,
 *    "rarity": {"name": "dst_service_rarity", "inputs": ["dst_port"], "parts": ["SERVICE"],
 *               "total": 1250, "counts": {"dns": 520, "http": 118, ...}}}]}
 * </pre>
 */
public final class FeaturePipeline implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Version of the pipeline's JSON; a reader refuses a newer one. */
  public static final int FORMAT_VERSION = 2;

  /** Version written when no feature is derived (models stay readable by version-1 readers). */
  private static final int PLAIN_FORMAT_VERSION = 1;

  /** Per-column transform applied after the fill. */
  public enum Transform {
    /** The value as is. */
    NONE {
      @Override
      public double apply(double x) {
        return x;
      }
    },
    /** sign(x) * ln(1 + |x|): tames heavy-tailed counts, byte totals and rates. */
    SIGNED_LOG1P {
      @Override
      public double apply(double x) {
        return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
      }
    };

    /** Transforms one filled (finite) raw value. */
    public abstract double apply(double x);
  }

  /**
   * One feature column.
   *
   * @param name input column name
   * @param fill raw value used for null, NaN and +-Infinity
   * @param transform applied after the fill
   * @param typicalLow 5th percentile of the filled raw training values (NaN when not computed)
   * @param typicalHigh 95th percentile of the filled raw training values (NaN when not computed)
   * @param rarity when not null, the feature is not an input column but this rarity of its input
   *     columns (pipeline format version 2; {@code name} is then the derived column's name)
   * @param weight how many times as often as a feature of weight 1 the forest's trees pick it to
   *     split on (at least 1; training only, scoring does not read it): an anomaly that shows in
   *     one feature out of fifty is isolated only in the trees that split on that feature early
   */
  public record Feature(
      String name,
      double fill,
      Transform transform,
      double typicalLow,
      double typicalHigh,
      RarityFeature rarity,
      int weight)
      implements Serializable {

    /** A feature read from the input column {@code name}. */
    public Feature(
        String name, double fill, Transform transform, double typicalLow, double typicalHigh) {
      this(name, fill, transform, typicalLow, typicalHigh, null, 1);
    }

    /** A feature of weight 1. */
    public Feature(
        String name,
        double fill,
        Transform transform,
        double typicalLow,
        double typicalHigh,
        RarityFeature rarity) {
      this(name, fill, transform, typicalLow, typicalHigh, rarity, 1);
    }

    /** The same feature with {@code w} as its weight. */
    public Feature withWeight(int w) {
      return new Feature(name, fill, transform, typicalLow, typicalHigh, rarity, w);
    }
  }

  private final List<Feature> features;
  private final String[] names;
  private final double[] fills;
  private final Transform[] transforms;
  // the distinct input columns the features are computed from, and where each feature finds its
  // value(s) among them: computed once here so that scoring reads a row with index look-ups only
  private final String[] inputs;
  private final int[] plainInput;
  private final int[][] rarityInputs;

  /** A pipeline over these features, in this order (names must be distinct). */
  public FeaturePipeline(List<Feature> features) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a feature pipeline needs at least one column");
    }
    this.features = List.copyOf(features);
    int n = features.size();
    names = new String[n];
    fills = new double[n];
    transforms = new Transform[n];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Feature f = features.get(i);
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("feature column '" + f.name() + "' given twice");
      }
      if (!Double.isFinite(f.fill())) {
        throw new IllegalArgumentException("fill of '" + f.name() + "' must be finite");
      }
      if (f.weight() < 1) {
        throw new IllegalArgumentException("weight of '" + f.name() + "' must be at least 1");
      }
      names[i] = f.name();
      fills[i] = f.fill();
      transforms[i] = f.transform();
    }
    List<String> in = new ArrayList<>();
    plainInput = new int[n];
    rarityInputs = new int[n][];
    for (int i = 0; i < n; i++) {
      RarityFeature r = features.get(i).rarity();
      if (r == null) {
        plainInput[i] = inputIndex(in, names[i]);
      } else {
        plainInput[i] = -1;
        rarityInputs[i] = new int[r.inputs().size()];
        for (int j = 0; j < rarityInputs[i].length; j++) {
          rarityInputs[i][j] = inputIndex(in, r.inputs().get(j));
        }
      }
    }
    inputs = in.toArray(new String[0]);
  }

  private static int inputIndex(List<String> in, String column) {
    int at = in.indexOf(column);
    if (at < 0) {
      in.add(column);
      at = in.size() - 1;
    }
    return at;
  }

  /** Columns with fill 0, one transform for all, ranges not yet computed. */
  public static FeaturePipeline of(List<String> columns, Transform transform) {
    List<Feature> fs = new ArrayList<>();
    for (String c : columns) {
      fs.add(new Feature(c, 0.0, transform, Double.NaN, Double.NaN));
    }
    return new FeaturePipeline(fs);
  }

  public List<Feature> features() {
    return features;
  }

  /** Feature column names in model order. */
  public List<String> columnNames() {
    return Arrays.asList(names.clone());
  }

  public int size() {
    return names.length;
  }

  /** Index of a feature column, or -1. */
  public int indexOf(String column) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** The same pipeline with typical ranges set ({@code low[i]..high[i]} for feature i). */
  public FeaturePipeline withTypicalRanges(double[] low, double[] high) {
    List<Feature> fs = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      Feature f = features.get(i);
      fs.add(
          new Feature(f.name(), f.fill(), f.transform(), low[i], high[i], f.rarity(), f.weight()));
    }
    return new FeaturePipeline(fs);
  }

  /**
   * The distinct input columns the features are computed from (a plain feature's own column, a
   * derived feature's inputs), in first-use order: the elements of {@link #inputArray}.
   */
  public List<String> inputColumnNames() {
    return List.of(inputs);
  }

  /**
   * The {@link #inputColumnNames} cast to double, as one array column: what the scoring UDFs take.
   * An array of doubles reaches a UDF without per-field type dispatch (a struct costs a conversion
   * per field and row), and derived features are computed inside the UDF from it.
   *
   * @throws IdsException (exit 3) naming every missing column
   */
  public Column inputArray(Dataset<Row> data) {
    requireColumns(data);
    Column[] cols = new Column[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      // try_cast: text that is not a number must not fail the task (callers quarantine such rows)
      cols[i] = Sparks.column(inputs[i]).try_cast("double");
    }
    return functions.array(cols);
  }

  /**
   * Reads one {@link #inputArray} value into {@code in} (null -> NaN), then the features into
   * {@code out} as filled raw values (derived features computed from their inputs).
   */
  public void read(scala.collection.Seq<Object> array, double[] in, double[] out) {
    for (int j = 0; j < in.length; j++) {
      in[j] = array.apply(j) instanceof Double d ? d : Double.NaN;
    }
    features(in, out);
  }

  /**
   * Filled raw feature values from input values in {@link #inputColumnNames} order (NaN = null).
   */
  public void features(double[] in, double[] out) {
    for (int i = 0; i < names.length; i++) {
      int p = plainInput[i];
      out[i] = fill(i, p >= 0 ? in[p] : features.get(i).rarity().rarity(in, rarityInputs[i]));
    }
  }

  /** Number of {@link #inputColumnNames}. */
  public int inputCount() {
    return inputs.length;
  }

  /** The feature columns cast to double, in model order, named as in the pipeline. */
  public Column[] inputColumns(Dataset<Row> data) {
    requireColumns(data);
    Column[] cols = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      cols[i] = valueColumn(i).as(names[i]);
    }
    return cols;
  }

  /** Feature i as a double column: the input column, or the derived value computed from inputs. */
  private Column valueColumn(int i) {
    RarityFeature r = features.get(i).rarity();
    return r != null ? r.column() : Sparks.column(names[i]).cast("double");
  }

  /**
   * Fails with one line naming the model's feature columns the data lacks.
   *
   * @throws IdsException (exit 3)
   */
  public void requireColumns(Dataset<Row> data) {
    Set<String> have = new HashSet<>(Arrays.asList(data.columns()));
    List<String> missing = new ArrayList<>();
    for (Feature f : features) {
      for (String n : f.rarity() != null ? f.rarity().inputs() : List.of(f.name())) {
        if (!have.contains(n) && !missing.contains(n)) {
          missing.add(n);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw IdsException.input(
          "input lacks "
              + missing.size()
              + " feature column(s) the model needs: "
              + String.join(", ", missing));
    }
  }

  /** Raw value of feature i with the fill applied to null (NaN here) and non-finite values. */
  public double fill(int i, double raw) {
    return Double.isFinite(raw) ? raw : fills[i];
  }

  /** Applies each column's transform to filled raw values, in place. */
  public void transformInPlace(double[] x) {
    for (int i = 0; i < names.length; i++) {
      x[i] = transforms[i].apply(x[i]);
    }
  }

  // ---- JSON (PipelineJson) ----

  /** The pipeline as JSON (see the class comment). */
  public ObjectNode toJson() {
    return PipelineJson.write(this, FORMAT_VERSION, PLAIN_FORMAT_VERSION);
  }

  /**
   * Reads {@link #toJson} output.
   *
   * @throws IdsException (exit 4) naming {@code where} and the bad field
   */
  public static FeaturePipeline fromJson(JsonNode o, String where) {
    return PipelineJson.read(o, where, FORMAT_VERSION);
  }
}
