package io.idsspark.forest;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Isolation Forest as a Spark ML stage: Params, a Pipeline, save and load. */
class IsolationForestPipelineTest {
  @TempDir Path tmp;

  private static double[] scores(Dataset<Row> scored) {
    return scored
        .orderBy("id")
        .select("score")
        .as(org.apache.spark.sql.Encoders.DOUBLE())
        .collectAsList()
        .stream()
        .mapToDouble(Double::doubleValue)
        .toArray();
  }

  @Test
  void fitsInsideAPipelineAndFindsTheOutliers() throws Exception {
    SparkSession spark = TestSpark.session();
    Dataset<Row> data =
        ForestData.frame(spark, 2000, 4, 0.02, true, 3)
            .withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id());
    SQLTransformer sumOfFirstTwo =
        new SQLTransformer().setStatement("SELECT *, f0 + f1 AS f01 FROM __THIS__");
    IsolationForest forest =
        new IsolationForest().setFeatureCols("f01", "f2", "f3").setSeed(7).setNumTrees(60);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {sumOfFirstTwo, forest});

    PipelineModel fitted = pipeline.fit(data);
    Dataset<Row> scored = fitted.transform(data);
    Row means = scored.groupBy().pivot("label", List.of(0, 1)).agg(avg(col("score"))).first();
    assertTrue(
        means.getDouble(1) > means.getDouble(0) + 0.1,
        "outliers score higher: benign " + means.getDouble(0) + ", outliers " + means.getDouble(1));
    IsolationForestModel model = (IsolationForestModel) fitted.stages()[1];
    assertEquals(forest.uid(), model.uid());
    assertEquals(60, model.numTrees());
    assertEquals(List.of("f01", "f2", "f3"), model.pipeline().columnNames());

    // a Param set at fit time overrides the stage's own value, as in any Spark ML estimator
    PipelineModel fewer = pipeline.fit(data, new ParamMap().put(forest.numTrees().w(10)));
    assertEquals(10, ((IsolationForestModel) fewer.stages()[1]).numTrees());

    // saved with the pipeline in the project's model.json format, read back with equal scores
    String dir = tmp.resolve("pipeline").toString();
    fitted.write().overwrite().save(dir);
    try (Stream<Path> files = Files.walk(tmp)) {
      Path json =
          files.filter(p -> p.getFileName().toString().equals("model.json")).findFirst().get();
      assertTrue(Files.readString(json).contains("\"format_version\""), json.toString());
    }
    PipelineModel loaded = PipelineModel.load(dir);
    assertArrayEquals(scores(scored), scores(loaded.transform(data)));
  }

  @Test
  void paramsAreSparkParamsWithDefaultsAndDocs() {
    IsolationForest f = new IsolationForest();
    String explained = f.explainParams();
    for (String p :
        List.of(
            "numTrees",
            "maxSamples",
            "maxFeatures",
            "bootstrap",
            "seed",
            "contamination",
            "extended",
            "extensionLevel",
            "featureCols")) {
      assertTrue(explained.contains(p + ":"), p + " in " + explained);
    }
    assertEquals(100, (int) f.getOrDefault(f.numTrees()));
    assertEquals(512, (int) f.setMaxSamples(512).getOrDefault(f.maxSamples()));
    IsolationForest copy = f.copy(new ParamMap().put(f.seed().w(99L)));
    assertEquals(99L, (long) copy.getOrDefault(copy.seed()));
    assertEquals(512, (int) copy.getOrDefault(copy.maxSamples()));
  }

  @Test
  void anUnfittedEstimatorSavesAndLoadsItsParams() throws Exception {
    TestSpark.session(); // Spark ML's writers and readers use the active session
    IsolationForest f = new IsolationForest().setNumTrees(33).setFeatureCols("a", "b");
    String dir = tmp.resolve("estimator").toString();
    f.save(dir);
    IsolationForest g = IsolationForest.load(dir);
    assertEquals(f.uid(), g.uid());
    assertEquals(33, (int) g.getOrDefault(g.numTrees()));
    assertArrayEquals(new String[] {"a", "b"}, g.getOrDefault(g.featureCols()));
  }
}
