package io.idsspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.rand;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.evaluation.ScoreMetrics;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.forest.IsolationForest;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.Calibration;
import io.idsspark.spark.Sparks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * What {@code train} does between reading and writing, as a pure function of a DataFrame (tests
 * call it without files).
 *
 * <p>With labels: a seeded split holds out {@code validationFraction} of the labelled rows. Two
 * candidates are trained on the rest: on all rows, and on benign rows only (attacks in the sample
 * make the forest model them as normal). Each is calibrated on the validation split ({@link
 * Calibration#labelled}); the one with the higher best F1 is kept (AUPRC breaks ties), and the card
 * records both. Optionally a third candidate adds synthetic uniform outliers to the kept training
 * rows; it is kept only if validation F1 and AUPRC both improve. Without labels: one forest on
 * every row, thresholds from score quantiles ({@link Calibration#unlabelled}).
 */
final class Training {
  static final String ATTACK = "__attack";
  static final String SCORE = "score";

  private Training() {}

  /** Training options (already validated). */
  record Settings(
      int numTrees,
      int maxSamples,
      double maxFeatures,
      long seed,
      double contamination,
      List<Double> grid,
      double maxBenignFpr,
      boolean extended,
      int extensionLevel,
      boolean rangeAware,
      FeaturePipeline.Transform transform,
      double validationFraction,
      double injectOutliers) {}

  /**
   * @param model the forest kept
   * @param calibration its thresholds and how they were found
   * @param card model-card fields: params, trained_on and why, candidates, validation metrics
   */
  record Result(IsolationForestModel model, Calibration.Result calibration, ObjectNode card) {}

  private record Candidate(
      String name,
      IsolationForestModel model,
      ScoreMetrics metrics,
      Calibration.Result calibration) {
    double f1() {
      return calibration.yellowAt().f1();
    }

    ObjectNode toJson() {
      ObjectNode o = metrics.toJson();
      o.put("best_f1", f1());
      o.put("contamination", calibration.contamination());
      o.put("fit_seconds", model.fitSeconds());
      o.put("training_rows", model.trainingRows());
      return o;
    }

    boolean beats(Candidate other) {
      return f1() > other.f1() || f1() == other.f1() && metrics.auprc() > other.metrics.auprc();
    }
  }

  static Result train(Dataset<Row> data, List<String> cols, String label, Settings s) {
    return train(data, cols, label, s, rows -> FeaturePipeline.of(cols, s.transform()));
  }

  /**
   * As above, with the pipeline made from each candidate's own training rows (the quality recipe
   * counts its rarity features on exactly the rows the forest learns from).
   */
  static Result train(
      Dataset<Row> data,
      List<String> cols,
      String label,
      Settings s,
      Function<Dataset<Row>, FeaturePipeline> pipelineFor) {
    ObjectNode card = JsonNodeFactory.instance.objectNode();
    card.put("transform", s.transform().name());
    if (label == null) {
      IsolationForestModel m = estimator(s, pipelineFor.apply(data)).fit(data);
      Calibration.Result cal = Calibration.unlabelled(m.transform(data), SCORE, s.contamination());
      card.set("params", m.forestParams().toJson());
      card.put("trained_on", "all_rows");
      card.put("trained_on_why", "no labels: every row");
      card.put("chosen_contamination", cal.contamination());
      card.set("calibration", cal.report());
      card.set("thresholds", cal.thresholds().toJson());
      card.putNull("validation");
      ObjectNode inj = card.putObject("synthetic_outliers");
      inj.put("used", false);
      inj.put(
          "why",
          s.injectOutliers() > 0
              ? "requested, but without labels its effect cannot be measured, so not used"
              : "off (train with labels and --inject-outliers F to measure it)");
      return new Result(m, cal, card);
    }
    Dataset<Row> labelled =
        data.withColumn(ATTACK, ScoreMetrics.isAttack(data, label)).filter(col(ATTACK).isNotNull());
    Dataset<Row>[] split =
        labelled.randomSplit(
            new double[] {1 - s.validationFraction(), s.validationFraction()}, s.seed());
    Dataset<Row> train = split[0];
    Dataset<Row> valid = split[1].persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> benignRows = train.filter(col(ATTACK).unary_$bang());
    Candidate all = candidate("all_rows", train, valid, benignRows, pipelineFor.apply(train), s);
    Candidate benign =
        candidate("benign_only", benignRows, valid, benignRows, pipelineFor.apply(benignRows), s);
    Candidate kept = benign.beats(all) ? benign : all;
    Dataset<Row> keptRows = kept == benign ? benignRows : train;
    ObjectNode cands = card.putObject("candidates");
    cands.set(all.name(), all.toJson());
    cands.set(benign.name(), benign.toJson());
    ObjectNode inj = card.putObject("synthetic_outliers");
    inj.put("share", s.injectOutliers());
    if (s.injectOutliers() > 0) {
      Candidate noisy =
          candidate(
              kept.name() + "+synthetic",
              withOutliers(keptRows, cols, s),
              valid,
              benignRows,
              kept.model().pipeline(),
              s);
      cands.set(noisy.name(), noisy.toJson());
      boolean better = noisy.f1() > kept.f1() && noisy.metrics().auprc() > kept.metrics().auprc();
      inj.put("used", better);
      inj.put(
          "why",
          String.format(
              Locale.ROOT,
              "validation F1 %.4f vs %.4f, AUPRC %.4f vs %.4f without: %s",
              noisy.f1(),
              kept.f1(),
              noisy.metrics().auprc(),
              kept.metrics().auprc(),
              better ? "both better, kept" : "not both better, dropped"));
      if (better) {
        kept = noisy;
      }
    } else {
      inj.put("used", false);
      inj.put("why", "off (--inject-outliers F to try it)");
    }
    valid.unpersist();
    Candidate other = kept == all ? benign : all;
    card.set("params", kept.model().forestParams().toJson());
    card.put("trained_on", kept.name());
    card.put(
        "trained_on_why",
        String.format(
            Locale.ROOT,
            "best validation F1 %.4f (AUPRC %.4f) against %.4f (AUPRC %.4f) for %s",
            kept.f1(),
            kept.metrics().auprc(),
            other.f1(),
            other.metrics().auprc(),
            other.name()));
    card.put("chosen_contamination", kept.calibration().contamination());
    card.set("calibration", kept.calibration().report());
    card.set("thresholds", kept.calibration().thresholds().toJson());
    ObjectNode v = kept.metrics().toJson();
    v.put("validation_fraction", s.validationFraction());
    v.set("at_yellow", kept.calibration().yellowAt().toJson());
    v.set("at_red", kept.calibration().redAt().toJson());
    card.set("validation", v);
    return new Result(kept.model(), kept.calibration(), card);
  }

  /**
   * Fits on {@code rows}, calibrates on {@code valid}; the yellow bound by benign false positives
   * is the quantile over the benign rows of both {@code valid} and {@code benignTrain} (scored by
   * the model): a 99.5th percentile of a validation split's 4,000 benign rows rests on 20 of them
   * and moved yellow by 0.04 from seed to seed; five times the rows steady it. Training rows score
   * a little lower than unseen ones (each is in about 1 of 60 trees' samples at 256 of 16,000), a
   * bias far under that noise.
   */
  private static Candidate candidate(
      String name,
      Dataset<Row> rows,
      Dataset<Row> valid,
      Dataset<Row> benignTrain,
      FeaturePipeline p,
      Settings s) {
    IsolationForestModel m = estimator(s, p).fit(rows);
    Dataset<Row> scored = m.transform(valid).select(col(SCORE), col(ATTACK));
    Dataset<Row> benignScored =
        m.transform(benignTrain)
            .select(col(SCORE))
            .unionByName(scored.filter(col(ATTACK).unary_$bang()).select(col(SCORE)));
    ScoreMetrics metrics;
    Calibration.Result cal;
    try {
      metrics = ScoreMetrics.of(scored, SCORE, col(ATTACK));
      cal =
          Calibration.labelled(
              scored, SCORE, col(ATTACK), s.grid(), s.maxBenignFpr(), benignScored);
    } catch (IdsException e) {
      throw IdsException.input(
          "validation split: " + e.getMessage() + " (use --no-labels to train without labels)");
    }
    System.err.printf(
        Locale.ROOT,
        "train: candidate %-12s AUROC %.4f AUPRC %.4f best F1 %.4f at contamination %s (%,d rows, %.1f s)%n",
        name,
        metrics.auroc(),
        metrics.auprc(),
        cal.yellowAt().f1(),
        cal.contamination(),
        m.trainingRows(),
        m.fitSeconds());
    return new Candidate(name, m, metrics, cal);
  }

  static IsolationForest estimator(Settings s, FeaturePipeline p) {
    return new IsolationForest()
        .setNumTrees(s.numTrees())
        .setMaxSamples(s.maxSamples())
        .setMaxFeatures(s.maxFeatures())
        .setSeed(s.seed())
        .setContamination(s.contamination())
        .setExtended(s.extended())
        .setExtensionLevel(s.extensionLevel())
        .setRangeAware(s.rangeAware())
        .setPipeline(p);
  }

  /** Rows plus a share of uniform points in the rows' per-feature [min, max] box. */
  private static Dataset<Row> withOutliers(Dataset<Row> rows, List<String> cols, Settings s) {
    List<Column> aggs = new ArrayList<>();
    for (String c : cols) {
      aggs.add(min(Sparks.column(c).cast("double")));
      aggs.add(max(Sparks.column(c).cast("double")));
    }
    Row box = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
    long n = Math.max(1, Math.round(rows.count() * s.injectOutliers()));
    List<Column> gen = new ArrayList<>();
    for (int j = 0; j < cols.size(); j++) {
      double lo = box.isNullAt(2 * j) ? 0 : box.getDouble(2 * j);
      double hi = box.isNullAt(2 * j + 1) ? 0 : box.getDouble(2 * j + 1);
      gen.add(rand(s.seed() + 31L * j).multiply(hi - lo).plus(lo).as(cols.get(j)));
    }
    Dataset<Row> synthetic =
        rows.sparkSession()
            .range(n)
            .select(gen.toArray(new Column[0]))
            .withColumn(ATTACK, lit(true));
    List<Column> keep = new ArrayList<>();
    for (String c : cols) {
      keep.add(Sparks.column(c).cast("double").as(c));
    }
    keep.add(col(ATTACK));
    return rows.select(keep.toArray(new Column[0])).unionByName(synthetic);
  }

  /** {@code git rev-parse HEAD} in the working folder, or "unknown". */
  static String gitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "unknown";
      }
      String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 && outText.matches("[0-9a-f]{40}") ? outText : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
