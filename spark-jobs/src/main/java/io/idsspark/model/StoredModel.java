package io.idsspark.model;

import io.idsspark.features.FeaturePipeline;
import io.idsspark.forest.IsolationForestModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * A model as loaded by {@link ModelStore#load}: version, forest with its feature pipeline,
 * thresholds and card.
 *
 * <pre>
 * StoredModel m = ModelStore.load("models");          // follows models/LATEST
 * Dataset&lt;Row&gt; out = m.score(flows);                // + score, level (normal | yellow | red)
 * out.withColumn("top_features",
 *     when(col("level").notEqual("normal"), m.topFeaturesColumn(out, 3)));
 * </pre>
 */
public final class StoredModel {
  /** Column {@link #score} adds with the level. */
  public static final String LEVEL_COL = "level";

  private final String version;
  private final String dir;
  private final IsolationForestModel forest;
  private final Thresholds thresholds;
  private final ModelCard card;

  StoredModel(
      String version,
      String dir,
      IsolationForestModel forest,
      Thresholds thresholds,
      ModelCard card) {
    this.version = version;
    this.dir = dir;
    this.forest = forest;
    this.thresholds = thresholds;
    this.card = card;
  }

  /** Version folder name, e.g. {@code 20260301-101500-3fa2c1}. */
  public String version() {
    return version;
  }

  /** The version folder this model was read from. */
  public String dir() {
    return dir;
  }

  public IsolationForestModel forest() {
    return forest;
  }

  public FeaturePipeline pipeline() {
    return forest.pipeline();
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  public ModelCard card() {
    return card;
  }

  /** Adds {@code score} and {@code level} (normal / yellow / red); batch or streaming. */
  public Dataset<Row> score(Dataset<Row> data) {
    Dataset<Row> scored = forest.transform(data);
    return scored.withColumn(LEVEL_COL, levelColumn(functions.col(forest.scoreCol())));
  }

  /** The level of a score column under this model's thresholds. */
  public Column levelColumn(Column score) {
    return functions
        .when(score.geq(thresholds.red()), Thresholds.RED)
        .when(score.geq(thresholds.yellow()), Thresholds.YELLOW)
        .otherwise(Thresholds.NORMAL);
  }

  /** See {@link IsolationForestModel#topFeaturesColumn}. */
  public Column topFeaturesColumn(Dataset<Row> data, int k) {
    return forest.topFeaturesColumn(data, k);
  }
}
