package io.idsspark.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.evaluation.ScoreMetrics;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Turns scores into the two alert thresholds.
 *
 * <ul>
 *   <li>Without labels: yellow = the score quantile at 1 - contamination, red = the quantile at 1 -
 *       contamination / 4 (the top quarter of what yellow flags).
 *   <li>With labels (on a held-out validation split): for each contamination of the grid, the
 *       threshold is the validation score quantile at 1 - c; yellow = the threshold with the best
 *       F1, lowered to the benign validation rows' quantile at 1 - {@code maxBenignFpr} when that
 *       is lower. F1 on labelled attacks (often synthetic, and easy) picks a threshold just under
 *       them, which leaves real attacks that score a little lower unflagged; the bound keeps yellow
 *       where a fixed share of normal flows would reach it. Red = the lowest of the stricter
 *       quantiles 1 - c f (f = 3/4, 1/2, 1/3, 1/4, 1/6, 1/10, 1/20) whose validation precision
 *       reaches {@link #RED_PRECISION}; if none does, the one of highest precision.
 * </ul>
 *
 * Quantiles are Spark's approxQuantile with relative error {@link #QUANTILE_REL_ERROR} (a rank
 * error of at most 0.05% of the rows). A red threshold equal to yellow (tied scores) is moved just
 * above it.
 */
public final class Calibration {
  /** Relative rank error of every quantile used for thresholds. */
  public static final double QUANTILE_REL_ERROR = 0.0005;

  /** Validation precision the red level aims for. */
  public static final double RED_PRECISION = 0.9;

  private static final double[] RED_FACTORS = {0.75, 0.5, 1 / 3.0, 0.25, 1 / 6.0, 0.1, 0.05};

  private Calibration() {}

  /**
   * Chosen contamination, the thresholds and a JSON report of how they were found.
   *
   * @param contamination the contamination yellow corresponds to
   * @param thresholds yellow and red
   * @param report grid results (labelled) or quantiles (unlabelled), for the model card
   * @param yellowAt validation confusion at yellow (labelled only, else null)
   * @param redAt validation confusion at red (labelled only, else null)
   */
  public record Result(
      double contamination,
      Thresholds thresholds,
      ObjectNode report,
      ScoreMetrics.Confusion yellowAt,
      ScoreMetrics.Confusion redAt) {}

  /** Thresholds from score quantiles alone (no labels). */
  public static Result unlabelled(Dataset<Row> scored, String scoreCol, double contamination) {
    double[] q =
        scored
            .stat()
            .approxQuantile(
                scoreCol,
                new double[] {1 - contamination, 1 - contamination / 4},
                QUANTILE_REL_ERROR);
    double yellow = q[0];
    double red = fixRed(yellow, q[1]);
    String rule =
        String.format(
            Locale.ROOT,
            "unlabelled: yellow = score quantile at 1 - %s, red = quantile at 1 - %s"
                + " (approxQuantile, relative error %s)",
            contamination,
            contamination / 4,
            QUANTILE_REL_ERROR);
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("method", "unlabelled quantiles");
    report.put("quantile_relative_error", QUANTILE_REL_ERROR);
    return new Result(contamination, new Thresholds(yellow, red, rule), report, null, null);
  }

  /** Contamination calibrated by F1 over {@code grid} on scored validation rows. */
  public static Result labelled(
      Dataset<Row> scoredValid,
      String scoreCol,
      Column attack,
      List<Double> grid,
      double maxBenignFpr) {
    return labelled(
        scoredValid,
        scoreCol,
        attack,
        grid,
        maxBenignFpr,
        scoredValid.filter(functions.not(attack)).select(scoreCol));
  }

  /**
   * As above, with the yellow bound by benign false positives taken over {@code benignScores} (a
   * score column of benign rows; more rows than the validation split's benign ones give a steadier
   * tail quantile).
   */
  public static Result labelled(
      Dataset<Row> scoredValid,
      String scoreCol,
      Column attack,
      List<Double> grid,
      double maxBenignFpr,
      Dataset<Row> benignScores) {
    double[] probs = new double[grid.size() * (1 + RED_FACTORS.length)];
    int k = 0;
    for (double c : grid) {
      probs[k++] = 1 - c;
      for (double f : RED_FACTORS) {
        probs[k++] = 1 - c * f;
      }
    }
    double[] q = scoredValid.stat().approxQuantile(scoreCol, probs, QUANTILE_REL_ERROR);
    List<ScoreMetrics.Confusion> cm = ScoreMetrics.confusions(scoredValid, scoreCol, attack, q);
    int stride = 1 + RED_FACTORS.length;
    int best = 0;
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("method", "F1 on the validation split over contamination_grid");
    report.put("quantile_relative_error", QUANTILE_REL_ERROR);
    ArrayNode rows = report.putArray("grid");
    for (int g = 0; g < grid.size(); g++) {
      ScoreMetrics.Confusion c = cm.get(g * stride);
      ObjectNode o = c.toJson();
      o.put("contamination", grid.get(g));
      rows.add(o);
      if (c.f1() > cm.get(best * stride).f1()) {
        best = g;
      }
    }
    double contamination = grid.get(best);
    ScoreMetrics.Confusion yellowAt = cm.get(best * stride);
    ScoreMetrics.Confusion redAt = null;
    ScoreMetrics.Confusion mostPrecise = null;
    for (int f = 0; f < RED_FACTORS.length; f++) {
      ScoreMetrics.Confusion c = cm.get(best * stride + 1 + f);
      if (c.threshold() <= yellowAt.threshold() || c.tp() + c.fp() == 0) {
        continue;
      }
      if (redAt == null && c.precision() >= RED_PRECISION) {
        redAt = c;
      }
      if (mostPrecise == null || c.precision() > mostPrecise.precision()) {
        mostPrecise = c;
      }
    }
    String how;
    if (redAt != null) {
      how = "the lowest stricter quantile with validation precision >= " + RED_PRECISION;
    } else if (mostPrecise != null) {
      redAt = mostPrecise;
      how = "no stricter quantile reached precision " + RED_PRECISION + "; the most precise one";
    } else {
      redAt = yellowAt;
      how = "no stricter quantile differed from yellow; just above yellow";
    }
    String yellowRule =
        String.format(
            Locale.ROOT,
            "validation score quantile at 1 - %s (best F1 %.4f over %s)",
            contamination,
            yellowAt.f1(),
            grid);
    if (maxBenignFpr > 0) {
      double bound =
          benignScores.stat()
              .approxQuantile(scoreCol, new double[] {1 - maxBenignFpr}, QUANTILE_REL_ERROR)[0];
      report.put("benign_bound", bound);
      if (bound < yellowAt.threshold()) {
        yellowAt =
            ScoreMetrics.confusions(scoredValid, scoreCol, attack, new double[] {bound}).get(0);
        yellowRule =
            String.format(
                Locale.ROOT,
                "benign score quantile (validation and training rows) at 1 - %s (F1 %.4f),"
                    + " under the best-F1 quantile at 1 - %s",
                maxBenignFpr,
                yellowAt.f1(),
                contamination);
      }
    }
    double yellow = yellowAt.threshold();
    double red = fixRed(yellow, redAt.threshold());
    String rule =
        String.format(
            Locale.ROOT,
            "labelled: yellow = %s; red = %s (precision %.4f); approxQuantile relative error %s",
            yellowRule,
            how,
            redAt.precision(),
            QUANTILE_REL_ERROR);
    report.put("chosen_contamination", contamination);
    return new Result(contamination, new Thresholds(yellow, red, rule), report, yellowAt, redAt);
  }

  private static double fixRed(double yellow, double red) {
    return red > yellow ? red : Math.min(1.0, Math.nextUp(yellow));
  }
}
