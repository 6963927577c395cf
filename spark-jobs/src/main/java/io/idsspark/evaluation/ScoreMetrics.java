package io.idsspark.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;
import io.idsspark.spark.Sparks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * Exact ranking metrics of a score against a binary label, computed in Spark: rows are grouped by
 * distinct score, sorted descending, and streamed to the driver once. AUROC is the trapezoid area
 * (ties form one step, as scikit-learn's roc_auc_score); AUPRC is average precision, sum over
 * distinct thresholds of (recall step) x precision (as scikit-learn's average_precision_score).
 *
 * @param positives attack rows
 * @param negatives benign rows
 * @param auroc area under the ROC curve
 * @param auprc average precision
 * @param roc ROC points {fpr, tpr}, thinned to steps of at least 0.001 in either coordinate
 */
@JsonPropertyOrder({"auroc", "auprc", "attack_rows", "benign_rows"})
public record ScoreMetrics(
    @JsonProperty("attack_rows") long positives,
    @JsonProperty("benign_rows") long negatives,
    double auroc,
    double auprc,
    @JsonIgnore List<double[]> roc) {

  /**
   * Whether a label value means "attack": a number other than 0, {@code true}, or a string other
   * than benign/normal/0/false (any case). Null labels give null (callers drop those rows).
   */
  public static Column isAttack(Dataset<Row> data, String labelCol) {
    if (!List.of(data.columns()).contains(labelCol)) {
      throw IdsException.input("input has no label column '" + labelCol + "'");
    }
    DataType t = data.schema().apply(labelCol).dataType();
    Column c = Sparks.column(labelCol);
    if (t instanceof NumericType) {
      return c.notEqual(0);
    }
    if (t instanceof BooleanType) {
      return c;
    }
    if (t instanceof StringType) {
      Column s = lower(trim(c));
      return when(c.isNull(), lit(null))
          .otherwise(s.isin("benign", "normal", "0", "false", "0.0").unary_$bang());
    }
    throw IdsException.input("label column '" + labelCol + "' has unsupported type " + t);
  }

  /**
   * Computes the metrics of {@code scoreCol} against a boolean column {@code attack}.
   *
   * @throws IdsException (exit 3) when one class is missing
   */
  public static ScoreMetrics of(Dataset<Row> data, String scoreCol, Column attack) {
    Dataset<Row> byScore =
        data.select(col(scoreCol).as("s"), when(attack, 1L).otherwise(0L).as("y"))
            .groupBy("s")
            .agg(sum("y").as("p"), count(lit(1)).as("n"))
            .orderBy(col("s").desc());
    Row totals = byScore.agg(sum("p"), sum("n")).first();
    long pos = totals.isNullAt(0) ? 0 : totals.getLong(0);
    long all = totals.isNullAt(1) ? 0 : totals.getLong(1);
    long neg = all - pos;
    if (pos == 0 || neg == 0) {
      throw IdsException.input(
          "metrics need both classes; got " + pos + " attack and " + neg + " benign rows");
    }
    double tp = 0;
    double fp = 0;
    double auc = 0;
    double ap = 0;
    List<double[]> roc = new ArrayList<>();
    roc.add(new double[] {0, 0});
    double[] last = roc.get(0);
    Iterator<Row> it = byScore.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      long p = r.getLong(1);
      long n = r.getLong(2) - p;
      double tp2 = tp + p;
      double fp2 = fp + n;
      auc += (fp2 - fp) / neg * (tp2 + tp) / 2 / pos;
      if (p > 0) {
        ap += (p / (double) pos) * (tp2 / (tp2 + fp2));
      }
      tp = tp2;
      fp = fp2;
      double fpr = fp / neg;
      double tpr = tp / pos;
      if (fpr - last[0] >= 0.001 || tpr - last[1] >= 0.001 || !it.hasNext()) {
        last = new double[] {fpr, tpr};
        roc.add(last);
      }
    }
    return new ScoreMetrics(pos, neg, auc, ap, roc);
  }

  /** Confusion counts at one threshold (attack predicted at score >= threshold). */
  @JsonPropertyOrder({
    "threshold",
    "precision",
    "recall",
    "f1",
    "false_positive_rate",
    "tp",
    "fp",
    "fn",
    "tn"
  })
  public record Confusion(double threshold, long tp, long fp, long fn, long tn) {
    @JsonProperty("precision")
    public double precision() {
      return tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    }

    @JsonProperty("recall")
    public double recall() {
      return tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    }

    @JsonProperty("f1")
    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Share of benign rows flagged. */
    @JsonProperty("false_positive_rate")
    public double falsePositiveRate() {
      return fp + tn == 0 ? 0 : fp / (double) (fp + tn);
    }

    /** The confusion as JSON (Jackson databind; the names and order above). */
    public ObjectNode toJson() {
      return Json.tree(this);
    }
  }

  /** Confusion counts at each threshold, in one aggregation pass. */
  public static List<Confusion> confusions(
      Dataset<Row> data, String scoreCol, Column attack, double[] thresholds) {
    List<Column> aggs = new ArrayList<>();
    Column s = col(scoreCol);
    for (double t : thresholds) {
      aggs.add(sum(when(s.geq(t).and(attack), 1L).otherwise(0L)));
      aggs.add(sum(when(s.geq(t).and(attack.unary_$bang()), 1L).otherwise(0L)));
    }
    aggs.add(sum(when(attack, 1L).otherwise(0L)));
    aggs.add(count(lit(1)));
    Row r = data.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    int k = thresholds.length;
    long pos = r.isNullAt(2 * k) ? 0 : r.getLong(2 * k);
    long neg = r.getLong(2 * k + 1) - pos;
    List<Confusion> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      long tp = r.isNullAt(2 * i) ? 0 : r.getLong(2 * i);
      long fp = r.isNullAt(2 * i + 1) ? 0 : r.getLong(2 * i + 1);
      out.add(new Confusion(thresholds[i], tp, fp, pos - tp, neg - fp));
    }
    return out;
  }

  /** AUROC, AUPRC and class counts as JSON. */
  public ObjectNode toJson() {
    return Json.tree(this);
  }
}
