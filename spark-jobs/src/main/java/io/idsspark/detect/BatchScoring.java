package io.idsspark.detect;

import static org.apache.spark.sql.functions.col;

import io.idsspark.alerts.AlertFormats;
import io.idsspark.alerts.TopFeature;
import io.idsspark.cli.UserException;
import io.idsspark.spark.FlowSparkSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

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
   * @throws UserException (exit 3) naming every missing column
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
      throw UserException.input(
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

  /**
   * The well-formed rows, every input column kept, plus {@code score}, {@code level} and {@code
   * top_features} (null for normal rows); only yellow and red rows with {@code onlyAlerts}.
   */
  public static Dataset<Row> score(
      Dataset<Row> flows, FlowScorer scorer, int topFeatures, boolean onlyAlerts) {
    Dataset<Row> valid = flows;
    if (hasCorruptColumn(flows)) {
      valid =
          flows
              .filter(col(FlowSparkSchema.CORRUPT_RECORD).isNull())
              .drop(FlowSparkSchema.CORRUPT_RECORD);
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
            items.add(
                new TopFeature(
                    r.getString(0),
                    r.isNullAt(1) ? null : r.getDouble(1),
                    r.isNullAt(2) ? Double.NaN : r.getDouble(2),
                    r.isNullAt(3) ? Double.NaN : r.getDouble(3)));
          }
          return AlertFormats.topFeaturesCsv(items);
        };
    UserDefinedFunction udf = functions.udf(f, DataTypes.StringType);
    return scored.withColumn(FlowScorer.TOP_FEATURES, udf.apply(col(FlowScorer.TOP_FEATURES)));
  }
}
