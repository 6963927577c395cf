package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.idsspark.forest.ForestData;
import io.idsspark.forest.IsolationForest;
import io.idsspark.json.Json;
import io.idsspark.model.ModelCard;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.model.Thresholds;
import io.idsspark.testing.TestSpark;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateJobTest {
  private static final SparkSession SPARK = TestSpark.session();

  @TempDir Path tmp;

  @Test
  void metricsMatchABruteForceCountAndThePictureIsWritten() throws Exception {
    Dataset<Row> data =
        ForestData.frame(SPARK, 1500, 3, 0.1, true, 13)
            .withColumn(
                "attack_type",
                functions
                    .when(functions.col("label").equalTo(0), "benign")
                    .when(functions.col("f2").gt(0), "wide")
                    .otherwise("narrow"));
    StoredModel saved =
        ModelStore.save(
            tmp.resolve("models").toString(),
            new IsolationForest()
                .setNumTrees(30)
                .setSeed(2)
                .setFeatureCols("f0", "f1", "f2")
                .fit(data),
            new Thresholds(0.5, 0.6, "test"),
            ModelCard.empty());
    evaluateWrittenData(data);
    JsonNode m = Json.MAPPER.readTree(tmp.resolve("eval/metrics.json").toFile());
    assertEquals(saved.version(), m.get("model_version").asText());

    // brute force: AUROC = P(score attack > score benign) + 1/2 P(tie)
    List<Row> rows =
        saved.forest().transform(data).select("score", "label", "attack_type").collectAsList();
    double wins = 0;
    long pos = 0;
    long neg = 0;
    long tpYellow = 0;
    long fpYellow = 0;
    long wide = 0;
    long wideRed = 0;
    for (Row a : rows) {
      if (a.getInt(1) == 1) {
        pos++;
        tpYellow += a.getDouble(0) >= 0.5 ? 1 : 0;
        if (a.getString(2).equals("wide")) {
          wide++;
          wideRed += a.getDouble(0) >= 0.6 ? 1 : 0;
        }
        for (Row b : rows) {
          if (b.getInt(1) == 0) {
            wins +=
                a.getDouble(0) > b.getDouble(0) ? 1 : a.getDouble(0) == b.getDouble(0) ? 0.5 : 0;
          }
        }
      } else {
        neg++;
        fpYellow += a.getDouble(0) >= 0.5 ? 1 : 0;
      }
    }
    assertEquals(wins / (pos * neg), m.get("auroc").asDouble(), 1e-9);
    assertEquals(pos, m.get("attack_rows").asLong());
    assertEquals(tpYellow, m.at("/at_yellow/tp").asLong());
    assertEquals(
        fpYellow / (double) neg, m.at("/benign_false_positive_rate/yellow").asDouble(), 1e-12);
    JsonNode wideRow = null;
    for (JsonNode t : m.get("per_attack_type")) {
      if (t.get("attack_type").asText().equals("wide")) {
        wideRow = t;
      }
    }
    assertEquals(wide, wideRow.get("rows").asLong());
    assertEquals(wideRed / (double) wide, wideRow.get("detection_rate_red").asDouble(), 1e-12);
    assertTrue(m.get("auprc").asDouble() > 0.5 && m.get("auprc").asDouble() <= 1);
    assertTrue(m.get("drift").isNull(), "a model without a drift reference still evaluates");
    BufferedImage png = ImageIO.read(tmp.resolve("eval/evaluation.png").toFile());
    assertEquals(1280, png.getWidth());
    assertEquals(480, png.getHeight());
  }

  @Test
  void driftOfAllRowsAndOfTheBenignOnesAgainstTheTrainingReference() throws Exception {
    // a third of the rows are attacks, set far off in f0 (ForestData's outliers: f0 and f1)
    Dataset<Row> data =
        ForestData.frame(SPARK, 4000, 3, 0.35, true, 21)
            .withColumn(
                "f0",
                functions
                    .when(functions.col("label").equalTo(1), functions.lit(50.0))
                    .otherwise(functions.col("f0")));
    Dataset<Row> benign = data.filter(functions.col("label").equalTo(0));
    com.fasterxml.jackson.databind.node.ObjectNode card = ModelCard.empty().json();
    card.set(
        io.idsspark.health.DriftReference.CARD_FIELD,
        io.idsspark.health.DriftReference.fit(benign, List.of("f0", "f1", "f2")).toJson());
    ModelStore.save(
        tmp.resolve("models").toString(),
        new IsolationForest().setNumTrees(20).setSeed(3).setFeatureCols("f0", "f1", "f2").fit(data),
        new Thresholds(0.5, 0.6, "test"),
        new ModelCard(card));
    evaluateWrittenData(data);
    JsonNode d = Json.MAPPER.readTree(tmp.resolve("eval/metrics.json").toFile()).get("drift");
    long attacks = data.filter(functions.col("label").equalTo(1)).count();
    assertEquals(4000, d.at("/all_rows/rows").asLong());
    assertEquals(4000 - attacks, d.at("/benign_rows/rows").asLong());
    // the benign rows are the reference itself; the attacks move f0 and f1, not f2
    assertEquals(0, d.at("/benign_rows/drifted").size(), d.toString());
    assertTrue(d.at("/benign_rows/features/0/psi").asDouble() < 0.01, d.toString());
    assertTrue(d.at("/all_rows/drifted").toString().contains("\"f0\""), d.toString());
    assertTrue(!d.at("/all_rows/drifted").toString().contains("\"f2\""), d.toString());
  }

  /** Writes {@code data} to in.parquet and evaluates it with the model in models/ into eval/. */
  private void evaluateWrittenData(Dataset<Row> data) {
    data.write().parquet(tmp.resolve("in.parquet").toString());
    StringWriter err = new StringWriter();
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "evaluate",
            "--in",
            tmp.resolve("in.parquet").toString(),
            "--model",
            tmp.resolve("models").toString(),
            "--out",
            tmp.resolve("eval").toString());
    assertEquals(0, code, err.toString());
  }

  @Test
  void aBrokenModelExitsWithFour() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "evaluate",
            "--in",
            tmp.toString(),
            "--model",
            tmp.resolve("none").toString(),
            "--out",
            tmp.resolve("eval").toString());
    assertEquals(4, code, err.toString());
    assertTrue(err.toString().contains("no such model folder"), err.toString());
  }
}
