package io.idsspark.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.forest.IsolationForest;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.ModelCard;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.model.Thresholds;
import io.idsspark.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe inside a real model: saved, loaded and applied in batch and streaming with identical
 * scores. Data: web and DNS "benign" flows, and port-80 flows from a client TCP stack (window
 * 26883, 32-byte headers) the benign rows never used.
 */
class QualityRecipeTest {
  private static Dataset<Row> benign;
  private static Dataset<Row> all;
  private static IsolationForestModel model;

  private static StructType schema() {
    StructType s =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("label", DataTypes.IntegerType)
            .add("dst_port", DataTypes.IntegerType)
            .add("protocol", DataTypes.IntegerType);
    for (String c : QualityRecipe.COMPACT) {
      s = s.add(c, DataTypes.DoubleType);
    }
    return s;
  }

  private static Row row(int id, int label, int port, int proto, double win, double seg, Random r) {
    List<Object> v = new ArrayList<>(List.of(id, label, port, proto));
    for (String c : QualityRecipe.COMPACT) {
      switch (c) {
        case "init_fwd_win_byts" -> v.add(Double.isNaN(win) ? null : win);
        case "fwd_seg_size_min" -> v.add(seg);
        case "flow_byts_s" ->
            v.add(r.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : r.nextDouble() * 1e5);
        default -> v.add(Math.exp(r.nextGaussian() * 2 + 3));
      }
    }
    return RowFactory.create(v.toArray());
  }

  @BeforeAll
  static void train() {
    SparkSession spark = TestSpark.session();
    Random r = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 294; i++) {
      boolean web = i % 3 != 0;
      rows.add(row(i, 0, web ? 80 : 53, web ? 6 : 17, web ? 8192 : Double.NaN, web ? 20 : 8, r));
    }
    // real traffic always holds a few one-off client stacks: they give the rarity columns their
    // range, and an unseen stack (rarity above every training value) follows their short paths
    for (int i = 294; i < 300; i++) {
      rows.add(row(i, 0, 80, 6, 1000 + i, 20 + 4 * (i % 2), r));
    }
    for (int i = 300; i < 330; i++) {
      rows.add(row(i, 1, 80, 6, 26883, 32, r));
    }
    all = spark.createDataFrame(rows, schema()).repartition(2).cache();
    benign = all.filter("label = 0");
    FeaturePipeline p = QualityRecipe.pipeline(benign, QualityRecipe.COMPACT);
    model =
        new IsolationForest()
            .setPipeline(p)
            .setNumTrees(50)
            .setMaxSamples(256)
            .setSeed(3)
            .fit(benign);
  }

  private static List<Double> scores(IsolationForestModel m, Dataset<Row> d) {
    return m.transform(d)
        .orderBy("id")
        .select("score")
        .as(org.apache.spark.sql.Encoders.DOUBLE())
        .collectAsList();
  }

  @Test
  void pipelineHoldsTheCompactColumnsThenEachRarityTwice() {
    List<String> names = model.pipeline().columnNames();
    assertEquals(QualityRecipe.COMPACT.size() + 2 * QualityRecipe.RARITY.size(), names.size());
    assertEquals(QualityRecipe.COMPACT, names.subList(0, QualityRecipe.COMPACT.size()));
    assertTrue(names.contains("service_fingerprint_rarity"));
    assertTrue(names.contains("service_fingerprint_rarity_2"));
    FeaturePipeline.Feature f =
        model.pipeline().features().get(model.pipeline().indexOf("dst_service_rarity"));
    assertEquals(300, f.rarity().total());
    assertEquals(202, f.rarity().count("http"));
    assertEquals(98, f.rarity().count("dns"));
  }

  @Test
  void unseenClientStackOnAKnownServiceScoresAboveTheBenignRows() {
    List<Double> s = scores(model, all);
    List<Double> ben = new ArrayList<>(s.subList(0, 300));
    ben.sort(null);
    double p95 = ben.get(284);
    for (double a : s.subList(300, 330)) {
      assertTrue(a > p95, "attack score " + a + " not above benign p95 " + p95);
    }
  }

  @Test
  void savedAndLoadedModelGivesIdenticalScores(@TempDir Path dir) throws Exception {
    StoredModel saved =
        ModelStore.save(dir.toString(), model, new Thresholds(0.6, 0.7, "test"), ModelCard.empty());
    StoredModel loaded = ModelStore.load(dir.toString());
    assertEquals(saved.version(), loaded.version());
    assertEquals(scores(model, all), scores(loaded.forest(), all));
    ObjectNode json = model.toJson();
    assertEquals(2, json.get("pipeline").get("format_version").asInt());
    String text = new ObjectMapper().writeValueAsString(json);
    IsolationForestModel back =
        IsolationForestModel.fromJson(new ObjectMapper().readTree(text), "model.json");
    assertEquals(model.pipeline().toJson(), back.pipeline().toJson());
  }

  @Test
  void streamingScoresEqualBatchScores(@TempDir Path dir) throws Exception {
    SparkSession spark = TestSpark.session();
    String in = dir.resolve("flows").toString();
    all.write().option("header", "true").csv(in);
    Dataset<Row> batch = spark.read().schema(schema()).option("header", "true").csv(in);
    Dataset<Row> stream = spark.readStream().schema(schema()).option("header", "true").csv(in);
    StreamingQuery q =
        model
            .transform(stream)
            .select("id", "score")
            .writeStream()
            .format("memory")
            .queryName("quality_recipe_stream")
            .option("checkpointLocation", dir.resolve("ckpt").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    q.awaitTermination();
    List<Row> s = spark.table("quality_recipe_stream").orderBy("id").collectAsList();
    List<Row> b = model.transform(batch).select("id", "score").orderBy("id").collectAsList();
    assertEquals(330, b.size());
    assertEquals(b, s);
  }

  @Test
  void scoringDataWithoutARarityInputNamesIt() {
    IdsException e = assertThrows(IdsException.class, () -> model.transform(all.drop("dst_port")));
    assertTrue(e.getMessage().contains("dst_port"), e.getMessage());
  }

  @Test
  void rarityFeaturesWhoseInputsAreMissingAreLeftOut() {
    List<String> names =
        QualityRecipe.pipeline(benign.drop("protocol"), QualityRecipe.COMPACT).columnNames();
    assertTrue(names.contains("dst_service_rarity"), names.toString());
    assertTrue(!names.contains("protocol_rarity"), names.toString());
    assertEquals(
        QualityRecipe.COMPACT.size() + 2 * (QualityRecipe.RARITY.size() - 1), names.size());
  }

  @Test
  void aDamagedRarityTableIsAModelError() throws Exception {
    ObjectNode json = model.toJson();
    ObjectNode rarity =
        (ObjectNode)
            json.get("pipeline").get("features").get(QualityRecipe.COMPACT.size()).get("rarity");
    rarity.put("total", -5);
    IdsException e =
        assertThrows(IdsException.class, () -> IsolationForestModel.fromJson(json, "m/model.json"));
    assertTrue(e.getMessage().contains("m/model.json"), e.getMessage());
    assertTrue(e.getMessage().contains("'total'"), e.getMessage());
  }

  @Test
  void plainPipelinesStayFormatVersion1() {
    FeaturePipeline plain =
        FeaturePipeline.of(List.of("a", "b"), FeaturePipeline.Transform.SIGNED_LOG1P);
    assertEquals(1, plain.toJson().get("format_version").asInt());
  }
}
