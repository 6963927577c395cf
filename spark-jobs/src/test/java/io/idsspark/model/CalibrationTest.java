package io.idsspark.model;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Labelled calibration: F1 fits yellow just under the labelled attacks; the benign bound lowers it
 * to where a fixed share of benign flows reaches, so an attack that scores a little lower than the
 * labelled ones is still flagged, and no more benign flows than the bound says are.
 */
class CalibrationTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("score", DataTypes.DoubleType, false)
          .add("attack", DataTypes.BooleanType, false);

  /** 10,000 benign scores uniform in [0.3, 0.6), 100 easy attacks at 0.9, 100 subtle at 0.62. */
  private static Dataset<Row> scored() {
    Random r = new Random(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(RowFactory.create(0.3 + 0.3 * r.nextDouble(), false));
    }
    for (int i = 0; i < 100; i++) {
      rows.add(RowFactory.create(0.9 + 0.01 * r.nextDouble(), true));
      rows.add(RowFactory.create(0.62 + 0.01 * r.nextDouble(), true));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  @Test
  void theBenignBoundLowersYellowUnderTheBestF1Threshold() {
    Dataset<Row> s = scored();
    List<Double> grid = List.of(0.005);
    Calibration.Result f1Only = Calibration.labelled(s, "score", col("attack"), grid, 0);
    // the top 0.5% of 10,200 rows: only easy attacks
    assertTrue(f1Only.thresholds().yellow() > 0.89, f1Only.thresholds().toString());

    Calibration.Result bounded = Calibration.labelled(s, "score", col("attack"), grid, 0.01);
    double yellow = bounded.thresholds().yellow();
    // benign 99th percentile of U[0.3, 0.6): 0.597
    assertEquals(0.597, yellow, 0.003);
    assertTrue(bounded.thresholds().rule().contains("benign score quantile"));
    assertTrue(bounded.thresholds().red() > yellow);
    assertEquals(200, bounded.yellowAt().tp(), "both kinds of attack flagged");
    long benignFlagged =
        s.filter(col("score").geq(yellow).and(col("attack").equalTo(false))).count();
    assertTrue(benignFlagged >= 90 && benignFlagged <= 110, "benign flagged " + benignFlagged);
  }

  @Test
  void theBenignBoundIsTakenOverTheBenignScoresGiven() {
    Dataset<Row> s = scored();
    // benign scores from elsewhere (training rows), all lower: the bound follows them
    Dataset<Row> lower = s.filter(col("attack").equalTo(false)).selectExpr("score - 0.1 as score");
    double yellow =
        Calibration.labelled(s, "score", col("attack"), List.of(0.005), 0.01, lower)
            .thresholds()
            .yellow();
    assertEquals(0.497, yellow, 0.003);
  }

  @Test
  void aBoundAboveTheBestF1ThresholdChangesNothing() {
    Dataset<Row> s = scored();
    List<Double> grid = List.of(0.05);
    Calibration.Result f1Only = Calibration.labelled(s, "score", col("attack"), grid, 0);
    Calibration.Result bounded = Calibration.labelled(s, "score", col("attack"), grid, 0.001);
    assertEquals(f1Only.thresholds().yellow(), bounded.thresholds().yellow(), 0);
    assertEquals(f1Only.thresholds().rule(), bounded.thresholds().rule());
  }
}
