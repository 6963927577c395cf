package io.idsspark.forest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

class IsolationForestTest {
  private static final SparkSession SPARK = TestSpark.session();

  @Test
  void pathLengthNormalisationMatchesTheDefinition() {
    assertEquals(0.0, PathLength.c(1));
    assertEquals(1.0, PathLength.c(2));
    // c(3) = 2 H(2) - 2*2/3 = 3 - 4/3
    assertEquals(5.0 / 3.0, PathLength.c(3), 1e-12);
    // c(256) = 2 H(255) - 2*255/256, H(255) summed independently here
    double h = 0;
    for (int i = 1; i <= 255; i++) {
      h += 1.0 / i;
    }
    assertEquals(2 * h - 2.0 * 255 / 256, PathLength.c(256), 1e-12);
    // exact harmonic numbers; scikit-learn's ln(n-1) + gamma approximation gives 10.2448
    assertEquals(10.2487, PathLength.c(256), 1e-4);
    // beyond the exact table the expansion continues smoothly
    double exact = 0;
    for (int i = 1; i <= 99_999; i++) {
      exact += 1.0 / i;
    }
    assertEquals(2 * exact - 2.0 * 99_999 / 100_000, PathLength.c(100_000), 1e-9);
    assertEquals(8, PathLength.heightLimit(256));
    assertEquals(9, PathLength.heightLimit(257));
  }

  @Test
  void aFarOutlierScoresAboveEveryInlier() {
    Dataset<Row> data = ForestData.frame(SPARK, 2000, 4, 0.0, false, 7);
    for (boolean extended : new boolean[] {false, true}) {
      IsolationForestModel m =
          new IsolationForest().setNumTrees(50).setSeed(3).setExtended(extended).fit(data);
      double outlier = m.score(new double[] {9, -9, 9, 9});
      double maxInlier = m.transform(data).agg(functions.max("score")).first().getDouble(0);
      assertTrue(outlier > maxInlier, "extended=" + extended + ": " + outlier + " vs " + maxInlier);
      assertTrue(outlier > 0 && outlier <= 1);
      assertEquals(256, m.sampleSize());
      assertEquals(2000, m.trainingRows());
    }
  }

  @Test
  void theShiftedFeaturesExplainAnOutlier() {
    Dataset<Row> data = ForestData.frame(SPARK, 2000, 5, 0.0, false, 11);
    IsolationForestModel m = new IsolationForest().setNumTrees(100).setSeed(5).fit(data);
    List<IsolationForestModel.FeatureContribution> top =
        m.topFeatures(new double[] {0.1, -0.2, 8.0, 0.0, 0.3}, 3);
    assertEquals("f2", top.get(0).name());
    assertEquals(8.0, top.get(0).value());
    IsolationForestModel.FeatureContribution f2 = top.get(0);
    assertTrue(f2.typicalLow() < -1 && f2.typicalLow() > -2.5, "p5 of N(0,1) ~ -1.64: " + f2);
    assertTrue(f2.typicalHigh() > 1 && f2.typicalHigh() < 2.5, "p95 of N(0,1) ~ 1.64: " + f2);
    double sum = 0;
    for (double c : m.contributions(new double[] {0.1, -0.2, 8.0, 0.0, 0.3})) {
      sum += c;
    }
    assertEquals(1.0, sum, 1e-9);
  }

  @Test
  void sameSeedSameModelOtherSeedOtherModel() {
    Dataset<Row> data = ForestData.frame(SPARK, 3000, 3, 0.01, false, 1).repartition(3);
    data.cache().count();
    String a = new IsolationForest().setNumTrees(20).setSeed(42).fit(data).toJson().toString();
    String b = new IsolationForest().setNumTrees(20).setSeed(42).fit(data).toJson().toString();
    String c = new IsolationForest().setNumTrees(20).setSeed(43).fit(data).toJson().toString();
    data.unpersist();
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  @Test
  void featureColumnsChosenWithSetFeatureColsAreTheOnlyOnesTrainedOn() {
    Dataset<Row> data = ForestData.frame(SPARK, 500, 4, 0.0, false, 9);
    IsolationForestModel m =
        new IsolationForest().setNumTrees(10).setSeed(1).setFeatureCols("f1", "f3").fit(data);
    assertEquals(List.of("f1", "f3"), m.pipeline().columnNames());
    // the unused columns play no part: shifting them far out leaves every score unchanged
    Dataset<Row> shifted =
        data.withColumn("f0", functions.lit(1e6)).withColumn("f2", functions.lit(-1e6));
    assertEquals(
        m.transform(data).select("score").collectAsList(),
        m.transform(shifted).select("score").collectAsList());
  }

  @Test
  void fewerRowsThanMaxSamplesUsesThemAll() {
    Dataset<Row> data = ForestData.frame(SPARK, 100, 3, 0.0, false, 2).repartition(4);
    IsolationForestModel m = new IsolationForest().setNumTrees(10).setMaxSamples(256).fit(data);
    assertEquals(100, m.sampleSize());
    assertEquals(100, m.trainingRows());
  }

  @Test
  void streamingTransformEqualsBatch() throws Exception {
    Path dir = Files.createTempDirectory("forest-stream");
    Dataset<Row> data = ForestData.frame(SPARK, 500, 3, 0.02, false, 9);
    data.write().parquet(dir.resolve("in").toString());
    IsolationForestModel m = new IsolationForest().setNumTrees(30).setSeed(1).fit(data);
    Dataset<Row> batch = m.transform(SPARK.read().parquet(dir.resolve("in").toString()));
    Dataset<Row> stream =
        m.transform(SPARK.readStream().schema(data.schema()).parquet(dir.resolve("in").toString()));
    StreamingQuery q =
        stream
            .writeStream()
            .format("parquet")
            .option("checkpointLocation", dir.resolve("ck").toString())
            .option("path", dir.resolve("out").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    q.awaitTermination();
    List<Row> want = sorted(batch);
    List<Row> got = sorted(SPARK.read().parquet(dir.resolve("out").toString()));
    assertEquals(500, got.size());
    assertEquals(want, got);
  }

  private static List<Row> sorted(Dataset<Row> d) {
    return d.select("f0", "f1", "f2", "score").collectAsList().stream()
        .sorted(Comparator.comparingDouble((Row r) -> r.getDouble(0)))
        .toList();
  }
}
