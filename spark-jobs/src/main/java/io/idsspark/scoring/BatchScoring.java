package io.idsspark.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import io.idsspark.alerts.AlertFormats;
import io.idsspark.alerts.TopFeature;
import io.idsspark.errors.IdsException;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Sparks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * The batch side of scoring, without I/O: what {@code score} and the tests call.
 *
 * <pre>
 * Dataset&lt;Row&gt; out = BatchScoring.score(flows, scorer, 3, false);   // + score, level, top_features
 * </pre>
 */
public final class BatchScoring {
  private BatchScoring() {}

  /**
   * Checks that {@code flows} has every feature the model needs.
   *
   * @throws IdsException (exit 3) naming every missing column
   */
  public static void requireFeatures(Dataset<Row> flows, FlowScorer scorer, String input) {
    Set<String> have = Set.of(flows.columns());
    List<String> missing = new ArrayList<>();
    for (String f : scorer.featureColumns()) {
      if (!have.contains(f)) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw IdsException.input(
          input
              + ": lacks "
              + missing.size()
              + " feature column(s) of model "
              + scorer.version()
              + ": "
              + String.join(", ", missing));
    }
  }

  /** The malformed rows ({@link FlowSparkSchema#CORRUPT_RECORD} set), empty for Parquet. */
  public static boolean hasCorruptColumn(Dataset<Row> flows) {
    return Arrays.asList(flows.columns()).contains(FlowSparkSchema.CORRUPT_RECORD);
  }

  /** Rows the reader flagged as malformed ({@link FlowSparkSchema#CORRUPT_RECORD} set). */
  public static Column malformedRows(Dataset<Row> flows) {
    return hasCorruptColumn(flows) ? col(FlowSparkSchema.CORRUPT_RECORD).isNotNull() : lit(false);
  }

  /**
   * True for rows that cannot be scored: the reader flagged them ({@link
   * FlowSparkSchema#CORRUPT_RECORD}: wrong field count, a value not of its column's type), or a
   * feature input stored as text (a Parquet file written by another tool) holds something that is
   * not a number. Never null.
   */
  public static Column malformed(Dataset<Row> flows, FlowScorer scorer) {
    Column bad =
        hasCorruptColumn(flows) ? col(FlowSparkSchema.CORRUPT_RECORD).isNotNull() : lit(false);
    StructType schema = flows.schema();
    Set<String> have = Set.of(schema.fieldNames());
    for (String c : scorer.featureColumns()) {
      if (have.contains(c) && schema.apply(c).dataType() instanceof StringType) {
        Column v = Sparks.column(c);
        bad = bad.or(v.isNotNull().and(trim(v).notEqual("")).and(v.try_cast("double").isNull()));
      }
    }
    return bad;
  }

  /**
   * The well-formed rows ({@link #malformed} false), every input column kept, plus {@code score},
   * {@code level} and {@code top_features} (null for normal rows); only yellow and red rows with
   * {@code onlyAlerts}.
   */
  public static Dataset<Row> score(
      Dataset<Row> flows, FlowScorer scorer, int topFeatures, boolean onlyAlerts) {
    Dataset<Row> valid = flows.filter(not(malformed(flows, scorer)));
    if (hasCorruptColumn(flows)) {
      valid = valid.drop(FlowSparkSchema.CORRUPT_RECORD);
    }
    Dataset<Row> scored = scorer.score(valid, topFeatures);
    if (onlyAlerts) {
      scored = scored.filter(col(FlowScorer.LEVEL).notEqual(functions.lit(FlowScorer.NORMAL)));
    }
    return scored;
  }

  /**
   * {@code top_features} as the alert CSV's text ({@code name=value (typical p5..p95)} joined by
   * {@code "; "}), for CSV output where a column cannot hold an array.
   */
  public static Dataset<Row> topFeaturesAsText(Dataset<Row> scored) {
    UDF1<scala.collection.Seq<Row>, String> f =
        seq -> {
          if (seq == null) {
            return null;
          }
          List<TopFeature> items = new ArrayList<>();
          for (Row r : scala.jdk.javaapi.CollectionConverters.asJava(seq)) {
            items.add(AlertRows.topFeature(r));
          }
          return AlertFormats.topFeaturesCsv(items);
        };
    UserDefinedFunction udf = functions.udf(f, DataTypes.StringType);
    return scored.withColumn(FlowScorer.TOP_FEATURES, udf.apply(col(FlowScorer.TOP_FEATURES)));
  }
}
