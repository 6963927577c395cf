package io.idsspark.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;
import io.idsspark.spark.Sparks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * How rare a categorical value (or a tuple of them) was among the training rows: {@code -ln((count
 * + 1) / (n + 1))}, near 0 for common values, {@code ln(n + 1)} for values never seen. Isolation
 * Forest isolates large values quickly, so a port bucket, TCP window or header length that normal
 * traffic never used becomes an early split instead of an arbitrary magnitude.
 *
 * <p>Each input column contributes to the key either as its exact value ({@link Part#VALUE}; null
 * is its own value) or as its {@link PortBuckets} service ({@link Part#SERVICE}). The counts live
 * in the model (JSON below); the same Java key function runs when counting and when scoring, in
 * batch and streaming alike.
 *
 * <pre>
 * {"name": "dst_service_window_rarity", "inputs": ["dst_port", "init_fwd_win_byts"],
 *  "parts": ["SERVICE", "VALUE"], "total": 1250, "counts": {"http|8192": 219, "dns|null": 1023}}
 * </pre>
 *
 * <p>Measured in {@code docs/quality.md} (E7, E9, E10).
 */
public final class RarityFeature implements Serializable {
  private static final long serialVersionUID = 1L;

  /** At most this many distinct keys are stored (the most frequent); others count as unseen. */
  public static final int MAX_KEYS = 20_000;

  /** How one input column enters the key. */
  public enum Part {
    /** The exact value ({@code null} for missing). */
    VALUE,
    /** The port's service bucket. */
    SERVICE
  }

  private final String name;
  private final List<String> inputs;
  private final List<Part> parts;
  private final Map<String, Long> counts;
  private final long total;

  /**
   * A fitted feature.
   *
   * @param name output column name
   * @param inputs input columns, in key order
   * @param parts how each input enters the key
   * @param counts training rows per key
   * @param total training rows counted (the n of the formula)
   */
  public RarityFeature(
      String name, List<String> inputs, List<Part> parts, Map<String, Long> counts, long total) {
    if (inputs.isEmpty() || inputs.size() != parts.size()) {
      throw new IllegalArgumentException(
          name + ": inputs and parts must be non-empty and of the same length");
    }
    if (total < 0) {
      throw new IllegalArgumentException(name + ": total must be >= 0");
    }
    this.name = name;
    this.inputs = List.copyOf(inputs);
    this.parts = List.copyOf(parts);
    this.counts = Map.copyOf(counts);
    this.total = total;
  }

  /**
   * Counts the keys of {@code rows} (one aggregation, the {@link #MAX_KEYS} most frequent kept).
   */
  public static RarityFeature fit(
      Dataset<Row> rows, String name, List<String> inputs, List<Part> parts) {
    RarityFeature empty = new RarityFeature(name, inputs, parts, Map.of(), 0);
    List<Row> grouped = rows.groupBy(empty.keyColumn().as("k")).count().collectAsList();
    List<Row> sorted = new ArrayList<>(grouped);
    sorted.sort(
        Comparator.comparingLong((Row r) -> -r.getLong(1)).thenComparing(r -> r.getString(0)));
    Map<String, Long> counts = new HashMap<>();
    long total = 0;
    for (Row r : sorted) {
      total += r.getLong(1);
      if (counts.size() < MAX_KEYS) {
        counts.put(r.getString(0), r.getLong(1));
      }
    }
    return new RarityFeature(name, inputs, parts, counts, total);
  }

  public String name() {
    return name;
  }

  /** Input columns, in key order. */
  public List<String> inputs() {
    return inputs;
  }

  /** Training rows counted. */
  public long total() {
    return total;
  }

  /** Training rows with this key (0 when unseen). */
  public long count(String key) {
    return counts.getOrDefault(key, 0L);
  }

  /** The key of one row's input values (in {@link #inputs} order; NaN = null). */
  public String key(double[] values) {
    return key(values, null);
  }

  /** The key of the values at {@code at[0..]} of {@code row} (all of {@code row} when null). */
  private String key(double[] row, int[] at) {
    StringBuilder sb = new StringBuilder();
    int n = at == null ? row.length : at.length;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('|');
      }
      double v = row[at == null ? i : at[i]];
      sb.append(parts.get(i) == Part.SERVICE ? PortBuckets.bucket(v) : valueKey(v));
    }
    return sb.toString();
  }

  /** The rarity of one row's input values. */
  public double rarity(double[] values) {
    return rarityOfKey(key(values));
  }

  /** The rarity of the input values at {@code at[0..]} of {@code row} (NaN = null). */
  public double rarity(double[] row, int[] at) {
    return rarityOfKey(key(row, at));
  }

  /** {@code -ln((count(key) + 1) / (total + 1))}. */
  public double rarityOfKey(String key) {
    return -Math.log((count(key) + 1.0) / (total + 1.0));
  }

  static String valueKey(double v) {
    if (Double.isNaN(v)) {
      return "null";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** The rarity as a column over the input columns (batch or streaming). */
  public Column column() {
    RarityFeature self = this;
    UDF1<Row, Double> f = row -> self.rarity(values(row));
    return functions.udf(f, DataTypes.DoubleType).apply(inputStruct());
  }

  private Column keyColumn() {
    RarityFeature self = this;
    UDF1<Row, String> f = row -> self.key(values(row));
    return functions.udf(f, DataTypes.StringType).apply(inputStruct());
  }

  private Column inputStruct() {
    Column[] cols = new Column[inputs.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = Sparks.column(inputs.get(i)).cast("double");
    }
    return functions.struct(cols);
  }

  private static double[] values(Row row) {
    double[] v = new double[row.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = row.isNullAt(i) ? Double.NaN : row.getDouble(i);
    }
    return v;
  }

  /** The feature as JSON (see the class comment); keys sorted so the file is stable. */
  public ObjectNode toJson() {
    return Json.tree(toRecord());
  }

  PipelineJson.Rarity toRecord() {
    return new PipelineJson.Rarity(
        name, inputs, parts.stream().map(Part::name).toList(), total, new TreeMap<>(counts));
  }

  /**
   * Reads {@link #toJson} output.
   *
   * @throws IdsException (exit 4) naming {@code where} and the bad field
   */
  public static RarityFeature fromJson(JsonNode o, String where) {
    return fromRecord(Json.read(o, PipelineJson.Rarity.class, where), where);
  }

  static RarityFeature fromRecord(PipelineJson.Rarity r, String where) {
    if (r.name() == null) {
      throw IdsException.model(where + ": 'name' must be text");
    }
    String at = where + " (" + r.name() + ")";
    if (r.inputs() == null
        || r.parts() == null
        || r.inputs().isEmpty()
        || r.inputs().size() != r.parts().size()
        || r.inputs().contains(null)) {
      throw IdsException.model(at + ": 'inputs' and 'parts' must be arrays of one length");
    }
    if (r.total() < 0) {
      throw IdsException.model(at + ": 'total' must be a non-negative integer");
    }
    List<Part> parts = new ArrayList<>();
    for (String p : r.parts()) {
      try {
        parts.add(Part.valueOf(String.valueOf(p).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw IdsException.model(at + ": unknown part '" + p + "'");
      }
    }
    Map<String, Long> counts = new HashMap<>();
    if (r.counts() == null) {
      throw IdsException.model(at + ": 'counts' must be an object");
    }
    r.counts()
        .forEach(
            (k, v) -> {
              if (v == null || v < 0) {
                throw IdsException.model(at + ": count of '" + k + "' is not a count");
              }
              counts.put(k, v);
            });
    return new RarityFeature(r.name(), r.inputs(), parts, counts, r.total());
  }
}
