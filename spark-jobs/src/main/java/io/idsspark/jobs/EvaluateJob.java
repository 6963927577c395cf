package io.idsspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.cli.CommonOptions;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.context.HostContext;
import io.idsspark.errors.IdsException;
import io.idsspark.evaluation.EvaluationChart;
import io.idsspark.evaluation.ScoreMetrics;
import io.idsspark.health.DriftReference;
import io.idsspark.json.Json;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.model.Thresholds;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Inputs;
import io.idsspark.spark.Progress;
import io.idsspark.spark.Sparks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code evaluate}: scores labelled flows with a model and writes {@code metrics.json} (AUROC,
 * AUPRC, precision / recall / F1 at yellow and red, detection rate per attack type, benign
 * false-positive rate) and {@code evaluation.png} (ROC curve and score histogram by class).
 *
 * <pre>
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar evaluate --in data/test.csv --model models --out eval
 * # evaluate: model 20260301-101500-3fa2c1 on 20,000 rows (0 malformed): AUROC 0.9388, AUPRC 0.5760
 * #   yellow >= 0.6684: precision 0.9136 recall 0.1912 F1 0.3162, benign FPR 0.0020
 *   drift: benign rows: 0 of 17 model inputs above PSI 0.25 over 19,800 rows (highest: ...)
 * # wrote eval/metrics.json and eval/evaluation.png
 * </pre>
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Scores labelled flows with a model and writes metrics.json and a ROC/histogram PNG.")
public final class EvaluateJob implements Callable<Integer> {
  static final int HISTOGRAM_BINS = 50;

  @Mixin CommonOptions common;

  @Mixin InputOption input;

  @Mixin ModelOption model;

  @Option(
      names = "--label-col",
      defaultValue = "label",
      paramLabel = "COL",
      description = "Label column: 0/benign vs attack (default: ${DEFAULT-VALUE}).")
  String labelCol;

  @Option(
      names = "--attack-col",
      defaultValue = "attack_type",
      paramLabel = "COL",
      description =
          "Attack family column for per-type detection rates (default: ${DEFAULT-VALUE}; when"
              + " absent and the label is text, the label itself).")
  String attackCol;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder for metrics.json and evaluation.png.")
  Path out;

  @Override
  public Integer call() throws IOException {
    System.setProperty("java.awt.headless", "true");
    IdsConfig config = common.config();
    String modelPath = model.path(config);
    SparkSession spark = Sparks.session("evaluate", common.verbose(), common.logFile("evaluate"));
    try (Progress progress = Progress.attach(spark, "evaluate")) {
      StoredModel m = ModelStore.load(modelPath, spark.sparkContext().hadoopConfiguration());
      Dataset<Row> raw = Inputs.readFlows(spark, input.paths());
      Files.createDirectories(out);
      long malformed = 0;
      Dataset<Row> data = raw;
      if (Arrays.asList(raw.columns()).contains(FlowSparkSchema.CORRUPT_RECORD)) {
        raw = raw.persist(StorageLevel.MEMORY_AND_DISK());
        Column bad = col(FlowSparkSchema.CORRUPT_RECORD).isNotNull();
        malformed = raw.filter(bad).count();
        if (malformed > 0) {
          raw.filter(bad)
              .select(FlowSparkSchema.CORRUPT_RECORD)
              .write()
              .mode("overwrite")
              .text(out.resolve("quarantine").toString());
        }
        data = raw.filter(bad.unary_$bang()).drop(FlowSparkSchema.CORRUPT_RECORD);
      }
      if (HostContext.usedBy(m.pipeline().columnNames())) {
        String why =
            HostContext.whyNot(data.schema(), String.join(", ", input.paths()), m.version());
        if (why != null) {
          throw IdsException.input(why);
        }
        data = HostContext.add(data);
      }
      DriftReference ref = DriftReference.fromCard(m.card().json());
      if (ref != null) {
        // scored and then counted for drift: context is computed once
        data = data.persist(StorageLevel.MEMORY_AND_DISK());
      }
      ObjectNode metrics = evaluate(m, data, labelCol, attackCol);
      metrics.put("malformed_rows", malformed);
      String driftLine = drift(metrics, ref, data, config.get(ConfigKeys.DRIFT_PSI_LEVEL));
      metrics.put("quarantine", malformed > 0 ? out.resolve("quarantine").toString() : null);
      ArrayNode inputs = metrics.putArray("input");
      input.paths().forEach(inputs::add);
      Files.write(out.resolve("metrics.json"), Json.write(metrics));
      EvaluationChart.write(metrics, out.resolve("evaluation.png"));
      System.out.printf(
          Locale.ROOT,
          "evaluate: model %s on %,d rows (%,d malformed): AUROC %.4f, AUPRC %.4f%n",
          m.version(),
          metrics.get("rows").asLong(),
          malformed,
          metrics.get("auroc").asDouble(),
          metrics.get("auprc").asDouble());
      for (String level : List.of("yellow", "red")) {
        var c = metrics.get("at_" + level);
        System.out.printf(
            Locale.ROOT,
            "  %-6s >= %.4f: precision %.4f recall %.4f F1 %.4f, benign FPR %.4f%n",
            level,
            c.get("threshold").asDouble(),
            c.get("precision").asDouble(),
            c.get("recall").asDouble(),
            c.get("f1").asDouble(),
            c.get("false_positive_rate").asDouble());
      }
      System.out.println("  drift: " + driftLine);
      System.out.printf(
          "wrote %s and %s%n", out.resolve("metrics.json"), out.resolve("evaluation.png"));
      return 0;
    }
  }

  /**
   * Drift of the evaluated rows against the model's training data ({@code score --drift-report}'s
   * figures) into {@code metrics.drift}: over all rows and over the benign ones (is the normal
   * traffic what the model learned?). Returns the benign rows' summary in words.
   */
  private String drift(ObjectNode metrics, DriftReference ref, Dataset<Row> data, double level) {
    if (ref == null) {
      metrics.putNull("drift");
      return "no figures (the model has no drift reference: train it again)";
    }
    ObjectNode d = metrics.putObject("drift");
    d.set("all_rows", DriftReport.summary(ref, data, level));
    Column benign = ScoreMetrics.isAttack(data, labelCol).equalTo(false);
    ObjectNode b = DriftReport.summary(ref, data.filter(benign), level);
    d.set("benign_rows", b);
    return "benign rows: " + DriftReport.line(b);
  }

  /**
   * All metrics of a model on labelled rows, as the {@code metrics.json} document (plus the ROC
   * points and histogram the chart draws). Rows with a null label are left out and counted.
   */
  static ObjectNode evaluate(StoredModel m, Dataset<Row> data, String labelCol, String attackCol) {
    Column attack = ScoreMetrics.isAttack(data, labelCol);
    List<String> cols = Arrays.asList(data.columns());
    Column type =
        cols.contains(attackCol)
            ? Sparks.column(attackCol).cast("string")
            : data.schema().apply(labelCol).dataType().typeName().equals("string")
                ? Sparks.column(labelCol)
                : lit(null).cast("string");
    Dataset<Row> scored =
        m.forest()
            .transform(data.withColumn("__attack", attack).withColumn("__type", type))
            .select(col("score"), col("__attack"), col("__type"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    long unlabelled = scored.filter(col("__attack").isNull()).count();
    Dataset<Row> labelled = scored.filter(col("__attack").isNotNull());
    Thresholds t = m.thresholds();
    ScoreMetrics sm = ScoreMetrics.of(labelled, "score", col("__attack"));
    List<ScoreMetrics.Confusion> cm =
        ScoreMetrics.confusions(
            labelled, "score", col("__attack"), new double[] {t.yellow(), t.red()});
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("model_version", m.version());
    o.put("model_dir", m.dir());
    o.put("rows", sm.positives() + sm.negatives());
    o.put("unlabelled_rows", unlabelled);
    o.setAll(sm.toJson());
    o.put("auc_method", "exact: rows grouped by distinct score, sorted; ties are one ROC step");
    o.set("at_yellow", cm.get(0).toJson());
    o.set("at_red", cm.get(1).toJson());
    ObjectNode fpr = o.putObject("benign_false_positive_rate");
    fpr.put("yellow", cm.get(0).falsePositiveRate());
    fpr.put("red", cm.get(1).falsePositiveRate());
    ArrayNode per = o.putArray("per_attack_type");
    for (Row r :
        labelled
            .filter(col("__attack"))
            .groupBy(col("__type"))
            .agg(
                count(lit(1)),
                sum(when(col("score").geq(t.yellow()), 1L).otherwise(0L)),
                sum(when(col("score").geq(t.red()), 1L).otherwise(0L)))
            .orderBy(col("__type"))
            .collectAsList()) {
      ObjectNode a = per.addObject();
      long n = r.getLong(1);
      a.put("attack_type", r.isNullAt(0) ? "unknown" : r.getString(0));
      a.put("rows", n);
      a.put("detection_rate_yellow", r.getLong(2) / (double) n);
      a.put("detection_rate_red", r.getLong(3) / (double) n);
    }
    ArrayNode roc = o.putArray("roc");
    for (double[] p : sm.roc()) {
      roc.addArray().add(p[0]).add(p[1]);
    }
    ObjectNode hist = o.putObject("score_histogram");
    hist.put("bins", HISTOGRAM_BINS);
    long[][] counts = new long[2][HISTOGRAM_BINS];
    Column bin = least(floor(col("score").multiply(HISTOGRAM_BINS)), lit(HISTOGRAM_BINS - 1));
    for (Row r : labelled.groupBy(bin.as("b"), col("__attack")).count().collectAsList()) {
      counts[r.getBoolean(1) ? 1 : 0][(int) r.getLong(0)] = r.getLong(2);
    }
    ArrayNode benign = hist.putArray("benign");
    ArrayNode attacks = hist.putArray("attack");
    for (int b = 0; b < HISTOGRAM_BINS; b++) {
      benign.add(counts[0][b]);
      attacks.add(counts[1][b]);
    }
    scored.unpersist();
    return o;
  }
}
