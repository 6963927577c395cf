package io.idsspark.forest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.errors.IdsException;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.features.FeaturePipeline.Feature;
import io.idsspark.features.FeaturePipeline.Transform;
import io.idsspark.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Feature weights: an anomaly that shows in one feature out of many (a login loop's same answers in
 * a row among ~55 flow and context features) is isolated only by the trees that split on that
 * feature early; a weight makes the trees pick it more often.
 */
class FeatureWeightTest {
  private static final int FEATURES = 40;

  private static List<String> names() {
    List<String> n = new ArrayList<>();
    for (int j = 0; j < FEATURES; j++) {
      n.add("f" + j);
    }
    return n;
  }

  /**
   * Gaussian noise; f0 takes 0 or 1, and 2 or 3 for one row in a hundred (as same answers in a row
   * do for ordinary flows).
   */
  private static Dataset<Row> training(SparkSession spark) {
    Random r = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Object[] v = new Object[FEATURES];
      v[0] = (double) (r.nextInt(100) == 0 ? 2 + r.nextInt(2) : r.nextInt(2));
      for (int j = 1; j < FEATURES; j++) {
        v[j] = r.nextGaussian();
      }
      rows.add(RowFactory.create(v));
    }
    StructType s = new StructType();
    for (String n : names()) {
      s = s.add(n, DataTypes.DoubleType, false);
    }
    return spark.createDataFrame(rows, s);
  }

  private static IsolationForestModel fit(SparkSession spark, int weight) {
    List<Feature> fs = new ArrayList<>();
    for (String n : names()) {
      Feature f = new Feature(n, 0.0, Transform.NONE, Double.NaN, Double.NaN);
      fs.add(n.equals("f0") ? f.withWeight(weight) : f);
    }
    return new IsolationForest()
        .setPipeline(new FeaturePipeline(fs))
        .setNumTrees(100)
        .setMaxSamples(256)
        .setSeed(3)
        .fit(training(spark));
  }

  @Test
  void aWeightedFeatureIsolatesAnAnomalyThatShowsInItAlone() {
    SparkSession spark = TestSpark.session();
    double[] typical = new double[FEATURES];
    typical[0] = 1;
    double[] loop = typical.clone();
    loop[0] = 40; // ordinary in every other feature
    IsolationForestModel plain = fit(spark, 1);
    IsolationForestModel weighted = fit(spark, 8);
    double plainGap = plain.score(loop) - plain.score(typical);
    double weightedGap = weighted.score(loop) - weighted.score(typical);
    // with weight 1 a tree picks f0 at a node 1 time in 40; with 8, 8 times in 47
    assertTrue(plainGap < 0.05, "weight 1: the loop barely stands out: " + plainGap);
    assertTrue(weightedGap > 0.1, "weight 8: the loop stands out: " + weightedGap);
    assertTrue(
        Math.abs(weighted.score(typical) - plain.score(typical)) < 0.05,
        "a typical row scores about the same either way");
  }

  @Test
  void anAlertIsExplainedByItsUnusualValuesBeforeAFeatureTheTreesMerelySplitOftenOn() {
    SparkSession spark = TestSpark.session();
    List<Feature> fs = new ArrayList<>();
    for (String n : names()) {
      // typical ranges as training sets them (p5..p95): f0 0..1, the Gaussian ones about +-1.64
      Feature f =
          n.equals("f0")
              ? new Feature(n, 0.0, Transform.NONE, 0.0, 1.0).withWeight(8)
              : new Feature(n, 0.0, Transform.NONE, -1.64, 1.64);
      fs.add(f);
    }
    IsolationForestModel m =
        new IsolationForest()
            .setPipeline(new FeaturePipeline(fs))
            .setNumTrees(100)
            .setMaxSamples(256)
            .setSeed(3)
            .fit(training(spark));
    double[] row = new double[FEATURES];
    row[0] = 1; // usual
    row[5] = 2.5; // a little above its typical range
    double[] c = m.contributions(row);
    // the trees split on f0 eight times as often, so it gets more of the credit than f5 ...
    assertTrue(c[0] > c[5], "f0 " + c[0] + " against f5 " + c[5]);
    // ... but the row is unusual in f5, which is what explains it
    List<IsolationForestModel.FeatureContribution> top = m.topFeatures(row, 3);
    assertEquals("f5", top.get(0).name(), top.toString());
    // the usual ones fill the rest, by contribution (f0 first of them)
    assertEquals("f0", top.get(1).name(), top.toString());
    // a row with nothing outside its range: the features by contribution, as before
    double[] usual = new double[FEATURES];
    usual[0] = 1;
    double[] cu = m.contributions(usual);
    int best = 0;
    for (int i = 1; i < FEATURES; i++) {
      best = cu[i] > cu[best] ? i : best;
    }
    assertEquals("f" + best, m.topFeatures(usual, 1).get(0).name());
  }

  @Test
  void theWeightIsKeptInModelJsonAndWeightOneIsNotWritten() {
    FeaturePipeline p =
        new FeaturePipeline(
            List.of(
                new Feature("a", 0.0, Transform.NONE, Double.NaN, Double.NaN),
                new Feature("b", 0.0, Transform.NONE, Double.NaN, Double.NaN).withWeight(1),
                new Feature("c", 0.0, Transform.NONE, Double.NaN, Double.NaN).withWeight(6)));
    var json = p.toJson();
    assertFalse(json.get("features").get(0).has("weight"), json.toString());
    assertEquals(6, json.get("features").get(2).get("weight").asInt());
    FeaturePipeline back = FeaturePipeline.fromJson(json, "model.json");
    assertEquals(List.of(1, 1, 6), back.features().stream().map(Feature::weight).toList());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("features").get(2)).put("weight", 0);
    IdsException e =
        assertThrows(IdsException.class, () -> FeaturePipeline.fromJson(json, "m.json"));
    assertTrue(e.getMessage().contains("pipeline.features[2]: 'weight'"), e.getMessage());
  }
}
