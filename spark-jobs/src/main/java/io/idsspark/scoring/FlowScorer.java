package io.idsspark.scoring;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A loaded model as {@code score} and {@code detect} use it: adds {@code score}, {@code level} and,
 * for yellow and red rows only, {@code top_features} to flow rows.
 */
public interface FlowScorer {
  /** Score column: double in (0, 1], higher = more anomalous. */
  String SCORE = "score";

  /** Level column: {@code normal}, {@code yellow} or {@code red}. */
  String LEVEL = "level";

  /**
   * Explanation column: {@code array<struct<name:string, value:double, typical_low:double,
   * typical_high:double>>}, most important first; null for normal rows.
   */
  String TOP_FEATURES = "top_features";

  String NORMAL = "normal";

  /** The model's version folder name, written into every alert. */
  String version();

  /** The input columns the model reads (the input must have them all), in model order. */
  List<String> featureColumns();

  /**
   * Every input column kept, plus {@link #SCORE}, {@link #LEVEL} and {@link #TOP_FEATURES} (the
   * {@code topFeatures} features that drove the score, computed for alerting rows only).
   */
  Dataset<Row> score(Dataset<Row> flows, int topFeatures);

  /**
   * The stored model behind this scorer, for the paths that score CSV lines as text ({@link
   * LineStream}); null for a scorer that scores typed rows only.
   */
  default io.idsspark.model.StoredModel storedModel() {
    return null;
  }
}
