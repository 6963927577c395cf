package io.idsspark.health;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What each model input looked like in training, for drift: per feature, bin edges at its deciles
 * (repeated edges merged, so a feature that is mostly 0 has few bins) and the share of training
 * rows in each bin, the last bin holding the missing values (null, NaN). Saved in the model card as
 * {@code drift_reference}; {@link Psi} compares a window of live rows against it.
 *
 * <p>Bin {@code i < edges.length} holds values {@code <= edges[i]} (and above the edge before); bin
 * {@code edges.length} values above the last edge; bin {@code edges.length + 1} missing ones.
 */
public record DriftReference(List<String> features, double[][] edges, double[][] shares) {
  public static final int FORMAT_VERSION = 1;

  /** Deciles: 9 inner edges, 10 bins of values. */
  static final int BINS = 10;

  /** The card field. */
  public static final String CARD_FIELD = "drift_reference";

  /** The bin of {@code v} for feature {@code f} (missing last). */
  public int bin(int f, double v) {
    double[] e = edges[f];
    if (Double.isNaN(v)) {
      return e.length + 1;
    }
    int lo = 0;
    int hi = e.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (v <= e[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Bins of feature {@code f}, the missing one included. */
  public int bins(int f) {
    return edges[f].length + 2;
  }

  /** Empty counts, one array per feature. */
  public long[][] newCounts() {
    long[][] c = new long[features.size()][];
    for (int f = 0; f < c.length; f++) {
      c[f] = new long[bins(f)];
    }
    return c;
  }

  /**
   * Fits the reference on {@code data}'s {@code features} (numeric columns): deciles by Spark's
   * approximate quantiles (1 % relative error), then the share of rows per bin in one aggregation.
   */
  public static DriftReference fit(Dataset<Row> data, List<String> features) {
    double[] probs = new double[BINS - 1];
    for (int i = 0; i < probs.length; i++) {
      probs[i] = (i + 1) / (double) BINS;
    }
    Dataset<Row> numeric = data.select(doubles(features));
    double[][] q = numeric.stat().approxQuantile(features.toArray(new String[0]), probs, 0.01);
    double[][] edges = new double[features.size()][];
    for (int f = 0; f < edges.length; f++) {
      edges[f] = Arrays.stream(q[f]).filter(Double::isFinite).distinct().sorted().toArray();
    }
    DriftReference shell = new DriftReference(List.copyOf(features), edges, null);
    long[][] counts = shell.counts(numeric);
    double[][] shares = new double[features.size()][];
    for (int f = 0; f < shares.length; f++) {
      shares[f] = Psi.shares(counts[f]);
    }
    return new DriftReference(List.copyOf(features), edges, shares);
  }

  /** Rows per bin of each feature of {@code data} (which has the feature columns), one pass. */
  public long[][] counts(Dataset<Row> data) {
    List<Column> aggs = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      Column v = col(features.get(f)).cast("double");
      Column missing = v.isNull().or(isnan(v));
      double[] e = edges[f];
      for (int i = 0; i <= e.length; i++) {
        Column in = not(missing);
        if (i > 0) {
          in = in.and(v.gt(e[i - 1]));
        }
        if (i < e.length) {
          in = in.and(v.leq(e[i]));
        }
        aggs.add(count_if(in));
      }
      aggs.add(count_if(missing));
    }
    Row r = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    long[][] out = newCounts();
    int k = 0;
    for (long[] c : out) {
      for (int i = 0; i < c.length; i++) {
        c[i] = r.getLong(k++);
      }
    }
    return out;
  }

  private static Column[] doubles(List<String> features) {
    return features.stream().map(c -> col(c).cast("double").as(c)).toArray(Column[]::new);
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format_version", FORMAT_VERSION);
    ArrayNode a = o.putArray("features");
    for (int f = 0; f < features.size(); f++) {
      ObjectNode n = a.addObject();
      n.put("feature", features.get(f));
      ArrayNode e = n.putArray("edges");
      Arrays.stream(edges[f]).forEach(e::add);
      ArrayNode s = n.putArray("shares");
      Arrays.stream(shares[f]).forEach(s::add);
    }
    return o;
  }

  /** The reference in a model card, or null when the card has none (a model from before it). */
  public static DriftReference fromCard(JsonNode card) {
    JsonNode o = card == null ? null : card.get(CARD_FIELD);
    if (o == null || !o.isObject() || o.path("format_version").asInt() != FORMAT_VERSION) {
      return null;
    }
    List<String> names = new ArrayList<>();
    List<double[]> edges = new ArrayList<>();
    List<double[]> shares = new ArrayList<>();
    for (JsonNode n : o.path("features")) {
      names.add(n.path("feature").asText());
      edges.add(doubles(n.path("edges")));
      shares.add(doubles(n.path("shares")));
    }
    return new DriftReference(
        names, edges.toArray(new double[0][]), shares.toArray(new double[0][]));
  }

  private static double[] doubles(JsonNode a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = a.get(i).asDouble();
    }
    return d;
  }
}
