package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.forest.ForestData;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate's figures on a 10-row labelled fixture, every expected number worked out by hand.
 *
 * <p>A forest trained on N(0,1) points gives three score levels: C (the centre, lowest), M (2, 2,
 * in the tail) and F (1000, 1000, beyond every training point: highest). The thresholds sit between
 * them: yellow between C and M, red between M and F, so C is normal, M yellow, F red. Fixture
 * (label, attack_type, point):
 *
 * <pre>
 * benign C, C, C, C, M        -> FPR yellow 1/5 = 0.2, red 0/5 = 0
 * syn_flood F, F, M           -> detection yellow 3/3 = 1, red 2/3
 * port_scan M, C              -> detection yellow 1/2 = 0.5, red 0/2 = 0
 * yellow: TP 4 (F, F, M, M), FP 1 -> precision 0.8, recall 4/5 = 0.8, F1 0.8
 * red:    TP 2, FP 0              -> precision 1, recall 0.4, F1 2 * 0.4 / 1.4 = 4/7
 * AUROC: 25 attack-benign pairs: F beats all (2 x 5 = 10), M beats the 4 C and ties M
 *        (2 x 4.5 = 9), C ties 4 C and loses to M (1 x 2 = 2): 21 / 25 = 0.84
 * AUPRC (ties are one step): F: recall 0.4 at precision 2/2; M: recall 0.8 at 4/5; C: recall 1 at
 *        5/10 -> 0.4 x 1 + 0.4 x 0.8 + 0.2 x 0.5 = 0.82
 * </pre>
 */
class EvaluatePerAttackTest {
  private static final double[] C = {0, 0};
  private static final double[] M = {2.0, 2.0};
  private static final double[] F = {1000, 1000};

  @Test
  void perAttackRatesFalsePositivesAndCurvesMatchTheHandCount(@TempDir Path dir) {
    SparkSession spark = TestSpark.session();
    IsolationForestModel forest =
        new IsolationForest()
            .setFeatureCols("f0", "f1")
            .setNumTrees(100)
            .setMaxSamples(256)
            .setSeed(5)
            .fit(ForestData.frame(spark, 512, 2, 0, false, 9));
    double sc = forest.score(C);
    double sm = forest.score(M);
    double sf = forest.score(F);
    assertTrue(sc < sm && sm < sf, "score levels " + sc + " < " + sm + " < " + sf);
    StoredModel model =
        ModelStore.save(
            dir.toString(),
            forest,
            new Thresholds((sc + sm) / 2, (sm + sf) / 2, "between the fixture's score levels"),
            ModelCard.empty());

    List<Row> rows = new ArrayList<>();
    Object[][] fixture = {
      {0, "benign", C},
      {0, "benign", C},
      {0, "benign", C},
      {0, "benign", C},
      {0, "benign", M},
      {1, "syn_flood", F},
      {1, "syn_flood", F},
      {1, "syn_flood", M},
      {1, "port_scan", M},
      {1, "port_scan", C}
    };
    for (Object[] f : fixture) {
      double[] p = (double[]) f[2];
      rows.add(RowFactory.create(p[0], p[1], f[0], f[1]));
    }
    StructType schema =
        new StructType()
            .add("f0", DataTypes.DoubleType)
            .add("f1", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType)
            .add("attack_type", DataTypes.StringType);
    Dataset<Row> data = spark.createDataFrame(rows, schema);

    ObjectNode m = EvaluateJob.evaluate(model, data, "label", "attack_type");

    assertEquals(10, m.get("rows").asLong());
    assertEquals(5, m.get("attack_rows").asLong());
    assertEquals(5, m.get("benign_rows").asLong());
    assertEquals(0.84, m.get("auroc").asDouble(), 1e-12);
    assertEquals(0.82, m.get("auprc").asDouble(), 1e-12);
    assertEquals(0.2, m.get("benign_false_positive_rate").get("yellow").asDouble(), 1e-12);
    assertEquals(0.0, m.get("benign_false_positive_rate").get("red").asDouble(), 1e-12);
    JsonNode y = m.get("at_yellow");
    assertEquals(0.8, y.get("precision").asDouble(), 1e-12);
    assertEquals(0.8, y.get("recall").asDouble(), 1e-12);
    assertEquals(0.8, y.get("f1").asDouble(), 1e-12);
    JsonNode r = m.get("at_red");
    assertEquals(1.0, r.get("precision").asDouble(), 1e-12);
    assertEquals(0.4, r.get("recall").asDouble(), 1e-12);
    assertEquals(4.0 / 7, r.get("f1").asDouble(), 1e-12);

    JsonNode per = m.get("per_attack_type");
    assertEquals(2, per.size());
    assertEquals("port_scan", per.get(0).get("attack_type").asText());
    assertEquals(2, per.get(0).get("rows").asLong());
    assertEquals(0.5, per.get(0).get("detection_rate_yellow").asDouble(), 1e-12);
    assertEquals(0.0, per.get(0).get("detection_rate_red").asDouble(), 1e-12);
    assertEquals("syn_flood", per.get(1).get("attack_type").asText());
    assertEquals(3, per.get(1).get("rows").asLong());
    assertEquals(1.0, per.get(1).get("detection_rate_yellow").asDouble(), 1e-12);
    assertEquals(2.0 / 3, per.get(1).get("detection_rate_red").asDouble(), 1e-12);
  }
}
