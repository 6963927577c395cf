package io.idsspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.detect.BatchScoring;
import io.idsspark.detect.DetectRunner;
import io.idsspark.detect.FlowScorer;
import io.idsspark.detect.ModelScorers;
import io.idsspark.spark.Inputs;
import io.idsspark.spark.Sparks;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code score}: scores flow files in batch; every input row and column kept, plus {@code score},
 * {@code level} and, for yellow and red rows, {@code top_features}.
 *
 * <pre>
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar score --in 'archive/*.csv' --model models --out scored
 * # scored/part-*.csv: timestamp,src_ip,...,end_reason,score,level,top_features
 * # ...,0.41,normal,
 * # ...,0.72,red,syn_flag_cnt=1 (typical 0..0); tot_fwd_pkts=1 (typical 3..40); flow_duration=0 (typical 0.01..31)
 * </pre>
 *
 * Malformed rows are counted and written to {@code logs_dir/quarantine/score-<time>/}, never fatal.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Scores flow files in batch: every row gets score, level and, for alerts, top_features.")
public final class ScoreJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--in",
      required = true,
      split = ",",
      paramLabel = "PATH|GLOB",
      description = "Flow files: CSV with header or Parquet; a file, folder or glob (repeatable).")
  List<String> in;

  @Option(
      names = "--model",
      paramLabel = "DIR|latest",
      description =
          "Models root (follows LATEST) or a version folder; 'latest' or absent: model_dir.")
  String model;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "Output folder (Spark part files).")
  String out;

  @Option(
      names = "--format",
      defaultValue = "csv",
      paramLabel = "csv|parquet",
      description = "Output format (default: ${DEFAULT-VALUE}); CSV writes top_features as text.")
  String format;

  @Option(names = "--only-alerts", description = "Write only the yellow and red rows.")
  boolean onlyAlerts;

  @Option(names = "--overwrite", description = "Replace --out if it exists.")
  boolean overwrite;

  @Option(
      names = "--top-features",
      paramLabel = "N",
      description = "Features named per alert (default: top_features from the config).")
  Integer topFeatures;

  @Override
  public Integer call() throws Exception {
    IdsConfig config = common.config();
    if (!format.equals("csv") && !format.equals("parquet")) {
      throw UserException.usage("--format must be csv or parquet, not '" + format + "'");
    }
    int top = topFeatures != null ? topFeatures : config.get(ConfigKeys.TOP_FEATURES);
    SparkSession spark = Sparks.session("score", common.verbose());
    DetectRunner.wholeRowsMalformed(spark);
    String modelPath = modelPath(model, config);
    FlowScorer scorer = ModelScorers.load(modelPath, spark.sparkContext().hadoopConfiguration());
    org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(out);
    FileSystem fs = outPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs.exists(outPath) && !overwrite) {
      throw UserException.usage(
          out + " exists; remove it, choose another --out or add --overwrite");
    }
    long startNanos = System.nanoTime();
    Dataset<Row> flows = Inputs.readFlows(spark, in);
    String inputName = String.join(", ", in);
    BatchScoring.requireFeatures(flows, scorer, inputName);

    Observation obs = new Observation("score");
    Column malformed = BatchScoring.malformed(flows, scorer);
    Dataset<Row> counted =
        flows.observe(
            obs, count(lit(1)).as("rows"), sum(when(malformed, 1).otherwise(0)).as("bad"));
    Observation levels = new Observation("levels");
    Dataset<Row> scored =
        BatchScoring.score(counted, scorer, top, false)
            .observe(
                levels,
                sum(when(col(FlowScorer.LEVEL).equalTo("yellow"), 1).otherwise(0)).as("yellow"),
                sum(when(col(FlowScorer.LEVEL).equalTo("red"), 1).otherwise(0)).as("red"));
    if (onlyAlerts) {
      scored = scored.filter(col(FlowScorer.LEVEL).notEqual(lit(FlowScorer.NORMAL)));
    }
    SaveMode mode = overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
    if (format.equals("csv")) {
      BatchScoring.topFeaturesAsText(scored).write().mode(mode).option("header", "true").csv(out);
    } else {
      scored.write().mode(mode).parquet(out);
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Object> m = obs.getAsJava();
    Map<String, Object> lv = levels.getAsJava();
    long bad = num(m.get("bad"));
    String quarantine = "";
    if (bad > 0) {
      Path q = quarantineDir(config);
      flows
          .filter(malformed)
          // every column, so that Spark's CSV column pruning cannot hide why the row is malformed
          .coalesce(1)
          .write()
          .json(q.toString());
      quarantine = " -> " + q;
    }
    System.out.printf(
        "score: %d rows scored with model %s (yellow %d, red %d); %d malformed rows quarantined%s;"
            + " output %s (%s) in %.1f s (%,.0f rows/s)%n",
        num(m.get("rows")) - bad,
        scorer.version(),
        num(lv.get("yellow")),
        num(lv.get("red")),
        bad,
        quarantine,
        out,
        format,
        seconds,
        num(m.get("rows")) / Math.max(seconds, 1e-9));
    return 0;
  }

  /** {@code --model}: a path, or {@code latest}/absent for the configured models root. */
  static String modelPath(String option, IdsConfig config) {
    if (option == null || option.equals("latest")) {
      return config.path(ConfigKeys.MODEL_DIR).toString();
    }
    return option;
  }

  private static Path quarantineDir(IdsConfig config) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
    return config.writableDir(ConfigKeys.LOGS_DIR).resolve("quarantine").resolve("score-" + stamp);
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
