package io.idsspark.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.idsspark.cli.CommonOptions;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.context.HostContext;
import io.idsspark.detect.DetectRunner;
import io.idsspark.detect.KafkaFlows;
import io.idsspark.detect.KafkaTopics;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.Format;
import io.idsspark.incidents.BatchIncidents;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.scoring.BatchScoring;
import io.idsspark.scoring.FlowScorer;
import io.idsspark.scoring.LineContext;
import io.idsspark.scoring.LineScoring;
import io.idsspark.scoring.ModelScorers;
import io.idsspark.spark.Inputs;
import io.idsspark.spark.Progress;
import io.idsspark.spark.Sparks;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
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
 * CSV to CSV goes line by line ({@link LineScoring}: values passed through as written, only the
 * model's inputs parsed); Parquet in or out goes through typed rows ({@link BatchScoring}).
 * Malformed rows are counted and written to {@code logs_dir/quarantine/score-<time>/}, never fatal.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Scores flow files in batch: every row gets score, level and, for alerts, top_features.")
public final class ScoreJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin InputOption input;

  @Mixin ModelOption model;

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
  Format format;

  @Option(names = "--only-alerts", description = "Write only the yellow and red rows.")
  boolean onlyAlerts;

  @Option(names = "--overwrite", description = "Replace --out if it exists.")
  boolean overwrite;

  @Option(
      names = "--top-features",
      paramLabel = "N",
      description = "Features named per alert (default: top_features from the config).")
  Integer topFeatures;

  @Option(
      names = "--incidents",
      description =
          "Also group the alerts into incidents: <out>/_incidents/incidents.csv and"
              + " incidents.jsonl (as the incidents job; needs --format csv).")
  boolean incidents;

  @Option(
      names = "--drift-report",
      description =
          "Also compare the input with the model's training data: the population stability index"
              + " of each model input in <out>/_drift.json (docs/health.md).")
  boolean driftReport;

  @Option(
      names = "--source",
      paramLabel = "files|kafka",
      defaultValue = "files",
      description =
          "Score the files of --in (default) or a range of a Kafka topic of flow records (JSON, as"
              + " sniffer --kafka sends): --kafka, --topic, --starting-offsets, --ending-offsets.")
  String source;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      defaultValue = "localhost:9092",
      description = "Kafka brokers for --source kafka (default: ${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "flows",
      description = "Topic for --source kafka (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--starting-offsets",
      paramLabel = "OFFSETS",
      defaultValue = "earliest",
      description =
          "First offsets read with --source kafka: earliest, or JSON per partition such as"
              + " '{\"flows\":{\"0\":1200}}' (default: ${DEFAULT-VALUE}).")
  String startingOffsets;

  @Option(
      names = "--ending-offsets",
      paramLabel = "OFFSETS",
      defaultValue = "latest",
      description =
          "Offsets where --source kafka stops (exclusive): latest (what is there when the job"
              + " starts), or JSON per partition (default: ${DEFAULT-VALUE}).")
  String endingOffsets;

  @Override
  public Integer call() throws Exception {
    IdsConfig config = common.config();
    if (!source.equals("files") && !source.equals("kafka")) {
      throw IdsException.usage("--source must be files or kafka, not '" + source + "'");
    }
    boolean fromKafka = source.equals("kafka");
    if (fromKafka && input.given()) {
      throw IdsException.usage("--source kafka reads --topic; leave out --in");
    }
    Format.require(format, "--format", Format.CSV, Format.PARQUET);
    if (incidents && format != Format.CSV) {
      throw IdsException.usage(
          "--incidents needs --format csv (incidents reads CSV or JSON lines)");
    }
    int top = topFeatures != null ? topFeatures : config.get(ConfigKeys.TOP_FEATURES);
    SparkSession spark = Sparks.session("score", common.verbose(), common.logFile("score"));
    try (Progress progress = Progress.attach(spark, "score")) {
      DetectRunner.wholeRowsMalformed(spark);
      String modelPath = model.path(config);
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      StoredModel stored = ModelStore.load(modelPath, conf);
      org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(out);
      FileSystem fs = outPath.getFileSystem(conf);
      if (fs.exists(outPath) && !overwrite) {
        throw IdsException.usage(
            out + " exists; remove it, choose another --out or add --overwrite");
      }
      long startNanos = System.nanoTime();
      if (fromKafka) {
        KafkaTopics.awaitTopic(
            kafka,
            topic,
            java.time.Duration.ofSeconds(30),
            w -> {
              throw IdsException.input("Kafka topic '" + topic + "' does not exist on " + kafka);
            });
      }
      List<String> files = fromKafka ? List.of() : Inputs.expand(spark, input.paths());
      String inputName =
          fromKafka ? "kafka:" + topic + "@" + kafka : String.join(", ", input.paths());
      // CSV to CSV stays text; with host context too, when the files have what it needs
      boolean context = HostContext.usedBy(stored.pipeline().columnNames());
      boolean text =
          !fromKafka
              && format == Format.CSV
              && Inputs.formatOf(files) == Format.CSV
              && (!context || LineContext.canUse(Inputs.csvHeader(spark, files.get(0))));
      Counts c =
          text
              ? scoreLines(spark, files, stored, top, inputName, config, context)
              : scoreFrames(spark, stored, top, inputName, config);
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      System.out.printf(
          "score: %d rows scored with model %s (yellow %d, red %d); %d malformed rows quarantined%s;"
              + " output %s (%s) in %.1f s (%,.0f rows/s)%n",
          c.scored(),
          stored.version(),
          c.yellow(),
          c.red(),
          c.bad(),
          c.quarantine() == null ? "" : " -> " + c.quarantine(),
          out,
          format,
          seconds,
          (c.scored() + c.bad()) / Math.max(seconds, 1e-9));
      if (driftReport) {
        DriftReport.write(
            spark,
            stored,
            typedFlows(spark, stored),
            out,
            config.get(ConfigKeys.DRIFT_PSI_LEVEL),
            System.out);
      }
      if (incidents) {
        String dir = out.replaceAll("/+$", "") + "/_incidents";
        BatchIncidents.Result r =
            BatchIncidents.run(
                spark,
                List.of(out),
                dir,
                config.get(ConfigKeys.INCIDENT_GAP_SECONDS),
                stored.version());
        System.out.println("score: incidents: " + r.describe() + " -> " + dir);
      }
      return 0;
    }
  }

  /** What a run did; {@code quarantine} is null when no row was malformed. */
  private record Counts(long scored, long bad, long yellow, long red, Path quarantine) {}

  /**
   * CSV to CSV: lines scored as text ({@link LineScoring}), every input value passed through as
   * written. All files must share the first file's header.
   */
  private Counts scoreLines(
      SparkSession spark,
      List<String> files,
      StoredModel stored,
      int top,
      String inputName,
      IdsConfig config,
      boolean context) {
    List<String> header = Inputs.csvHeader(spark, files.get(0));
    for (String f : files.subList(1, files.size())) {
      if (!Inputs.csvHeader(spark, f).equals(header)) {
        throw IdsException.input(
            f
                + ": its header differs from that of "
                + files.get(0)
                + "; score files of one column layout at a time");
      }
    }
    Dataset<Row> scored =
        context
            ? LineContext.score(
                LineContext.withIds(LineScoring.read(spark, files)), header, stored, top, inputName)
            : LineScoring.score(LineScoring.read(spark, files), header, stored, top, inputName);
    Column kind = col(LineScoring.KIND);
    Observation obs = new Observation("score");
    Dataset<Row> counted =
        scored.observe(
            obs,
            sum(when(kind.isin("normal", "yellow", "red"), 1).otherwise(0)).as("rows"),
            sum(when(kind.equalTo("malformed"), 1).otherwise(0)).as("bad"),
            sum(when(kind.equalTo("yellow"), 1).otherwise(0)).as("yellow"),
            sum(when(kind.equalTo("red"), 1).otherwise(0)).as("red"));
    Dataset<Row> kept =
        counted.filter(
            onlyAlerts ? kind.isin("yellow", "red") : kind.isin("normal", "yellow", "red"));
    LineScoring.withHeader(kept, LineScoring.outputHeader(header, context))
        .write()
        .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
        .text(out);
    csvNames(spark, out);
    Map<String, Object> m = Sparks.metrics(obs);
    long bad = num(m.get("bad"));
    Path q =
        bad == 0
            ? null
            : quarantine(
                scored
                    .filter(kind.equalTo("malformed"))
                    .select(LineScoring.FILE, LineScoring.LINE, LineScoring.REASON),
                config);
    return new Counts(num(m.get("rows")), bad, num(m.get("yellow")), num(m.get("red")), q);
  }

  /** Parquet in or out: typed rows through {@link BatchScoring}. */
  private Counts scoreFrames(
      SparkSession spark, StoredModel stored, int top, String inputName, IdsConfig config) {
    FlowScorer scorer = ModelScorers.of(stored);
    Dataset<Row> flows;
    if (source.equals("kafka")) {
      // the message's place in the topic is its row id: kept on every output row
      flows = KafkaFlows.readRange(spark, kafka, topic, startingOffsets, endingOffsets);
    } else {
      flows = Inputs.readFlows(spark, input.paths());
    }
    if (HostContext.usedBy(scorer.featureColumns())) {
      // context is computed over the well-formed rows, in the context order (docs/schema.md)
      String why = HostContext.whyNot(flows.schema(), inputName, stored.version());
      if (why != null) {
        throw IdsException.input(why);
      }
      flows = HostContext.addToWellFormed(flows, BatchScoring.malformed(flows, scorer));
    }
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
    // a dead letter's reason goes to the quarantine (with its topic, partition and offset); on the
    // scored rows it is null
    scored = scored.drop(KafkaFlows.REASON);
    if (onlyAlerts) {
      scored = scored.filter(col(FlowScorer.LEVEL).notEqual(lit(FlowScorer.NORMAL)));
    }
    SaveMode mode = overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
    if (format == Format.CSV) {
      BatchScoring.topFeaturesAsText(scored).write().mode(mode).option("header", "true").csv(out);
    } else {
      scored.write().mode(mode).parquet(out);
    }
    Map<String, Object> m = Sparks.metrics(obs);
    Map<String, Object> lv = Sparks.metrics(levels);
    long bad = num(m.get("bad"));
    // every column, so that Spark's CSV column pruning cannot hide why the row is malformed
    Path q = bad == 0 ? null : quarantine(flows.filter(malformed), config);
    return new Counts(num(m.get("rows")) - bad, bad, num(lv.get("yellow")), num(lv.get("red")), q);
  }

  /** The input as well-formed typed rows, with host context when the model uses it. */
  private Dataset<Row> typedFlows(SparkSession spark, StoredModel stored) {
    Dataset<Row> flows =
        source.equals("kafka")
            ? KafkaFlows.readRange(spark, kafka, topic, startingOffsets, endingOffsets)
            : Inputs.readFlows(spark, input.paths());
    Dataset<Row> wellFormed =
        flows.filter(org.apache.spark.sql.functions.not(BatchScoring.malformedRows(flows)));
    return HostContext.usedBy(stored.pipeline().columnNames())
            && HostContext.whyNot(flows.schema(), "", stored.version()) == null
        ? HostContext.add(wellFormed)
        : wellFormed;
  }

  /** Spark's text writer names parts {@code .txt}; these are CSV files with a header. */
  private static void csvNames(SparkSession spark, String dir) {
    org.apache.hadoop.fs.Path d = new org.apache.hadoop.fs.Path(dir);
    try {
      FileSystem fs = d.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(d)) {
        String name = st.getPath().getName();
        if (name.startsWith("part-") && name.endsWith(".txt")) {
          String csv = name.substring(0, name.length() - ".txt".length()) + ".csv";
          if (!fs.rename(st.getPath(), new org.apache.hadoop.fs.Path(d, csv))) {
            throw new java.io.IOException("rename of " + st.getPath() + " failed");
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(dir + ": cannot name the output files .csv: " + e, e);
    }
  }

  /** Writes malformed rows as JSON lines to {@code logs_dir/quarantine/score-<time>/}. */
  private static Path quarantine(Dataset<Row> bad, IdsConfig config) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
    Path q =
        config.writableDir(ConfigKeys.LOGS_DIR).resolve("quarantine").resolve("score-" + stamp);
    bad.coalesce(1).write().json(q.toString());
    return q;
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
