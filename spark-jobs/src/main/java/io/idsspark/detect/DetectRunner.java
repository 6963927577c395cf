package io.idsspark.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.AlertLog;
import io.idsspark.alerts.AlertPublisher;
import io.idsspark.config.ConfigKeys;
import io.idsspark.context.HostContext;
import io.idsspark.flow.CaptureStats;
import io.idsspark.health.DriftWindow;
import io.idsspark.health.HealthLog;
import io.idsspark.incidents.IncidentFormats;
import io.idsspark.scoring.FlowScorer;
import io.idsspark.scoring.LineStream;
import io.idsspark.scoring.RecordScorer;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.LocalCheckpointFiles;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Runs detection: a Structured Streaming query over a flow folder ({@link #start}), or one batch
 * over rows already read ({@link #once}). Both go through the same per-batch code, so a file gives
 * the same alerts either way.
 *
 * <pre>
 * DetectRunner r = new DetectRunner(settings, scorerSource, System.out, Clock.systemUTC());
 * StreamingQuery q = r.start(spark);   // alerts.csv / alerts.jsonl / detect.log in settings.logsDir
 * </pre>
 */
public final class DetectRunner {
  /** The stream's query name (Spark's UI, progress events). */
  static final String QUERY_NAME = "ids-detect";

  /** Passes of the warm-up over its flows. */
  public static final int WARMUP_PASSES = 3;

  private final DetectSettings settings;
  private final AlertLog alertLog;
  private final DetectLog log;
  private final BatchDetector detector;
  private final ScorerSource scorers;
  private final Clock clock;
  private DetectHealth health;

  public DetectRunner(
      DetectSettings settings, ScorerSource scorers, PrintStream console, Clock clock) {
    this.settings = settings;
    this.scorers = scorers;
    this.log = new DetectLog(settings.logsDir().resolve("detect.log"), console, clock);
    this.alertLog = new AlertLog(settings.alertsDir()).withIncidents(IncidentFormats.csvHeader());
    this.detector =
        new BatchDetector(
            scorers,
            alertLog,
            settings.logsDir().resolve("quarantine").resolve("detect"),
            log,
            settings.topFeatures(),
            settings.incidentGapSeconds(),
            settings.incidentLatenessSeconds(),
            clock);
    this.clock = clock;
    withHealth(
        driftSettings(
            ConfigKeys.DRIFT_PSI_LEVEL.defaultValue(),
            ConfigKeys.DRIFT_WINDOW_SECONDS.defaultValue(),
            ConfigKeys.DRIFT_SUSTAIN_SECONDS.defaultValue()),
        ConfigKeys.HEARTBEAT_SECONDS.defaultValue() * 1000L);
  }

  /**
   * detect's drift settings: the three the config sets ({@code drift_psi_level}, {@code
   * drift_window_seconds}, {@code drift_sustain_seconds}) and the fixed ones below.
   */
  public static DriftWindow.Settings driftSettings(
      double psiLevel, long windowSeconds, long sustainSeconds) {
    return new DriftWindow.Settings(
        psiLevel,
        windowSeconds * 1000L,
        sustainSeconds * 1000L,
        DRIFT_MIN_ROWS,
        DRIFT_MIN_SAMPLES,
        DRIFT_SAMPLE_EVERY_MS,
        DRIFT_GRACE_MS);
  }

  /** Rows the drift window needs before it gives a PSI. */
  private static final long DRIFT_MIN_ROWS = 1_000;

  /**
   * Samples (one per {@link #DRIFT_SAMPLE_EVERY_MS}, so a minute) the drift window needs before it
   * gives a PSI. A sample is consecutive flows of one batch, which share their moment's traffic (a
   * bulk transfer, a busy host): in the drift demo a window of 4 samples of benign traffic gave PSI
   * 0.34, of 6 samples 0.19.
   */
  private static final int DRIFT_MIN_SAMPLES = 12;

  /** How often a batch is sampled for drift (and the shadow model). */
  private static final long DRIFT_SAMPLE_EVERY_MS = 5_000;

  /** After a start, how long drift waits for host context to have history (its longest window). */
  private static final long DRIFT_GRACE_MS = 60_000;

  /**
   * Health lines ({@code health.jsonl} beside the alerts) with these drift settings and a heartbeat
   * after {@code heartbeatMillis} without a batch (docs/health.md).
   */
  public DetectRunner withHealth(DriftWindow.Settings drift, long heartbeatMillis) {
    if (health != null) {
      health.close();
    }
    health =
        new DetectHealth(
            new HealthLog(settings.alertsDir(), clock),
            drift,
            heartbeatMillis,
            clock,
            settings.logsDir().resolve(CaptureStats.HEALTH_FILE));
    detector.watchedBy(health);
    return this;
  }

  /**
   * Compares {@code shadow} with the model in use on each batch's sample (health lines' {@code
   * shadow}: alert overlap, rank correlation, alert-rate ratio); the shadow's alerts are never
   * written. Call after {@link #withHealth}.
   */
  public DetectRunner withShadow(io.idsspark.model.StoredModel shadow) {
    health.withShadow(shadow);
    return this;
  }

  /** Stops the heartbeat. */
  public void close() {
    if (health != null) {
      health.close();
    }
  }

  /**
   * Also publishes each batch's alerts and incident records to {@code p} (a Kafka topic), before
   * the batch's commit: at-least-once there, the files unchanged. The caller closes {@code p}.
   */
  public DetectRunner publishingTo(AlertPublisher p) {
    alertLog.withPublisher(p);
    return this;
  }

  DetectSettings settings() {
    return settings;
  }

  BatchDetector detector() {
    return detector;
  }

  /** The structured log, for the job's start and stop lines. */
  public void logEvent(String event, java.util.function.Consumer<ObjectNode> fill) {
    ObjectNode n = log.event(event);
    fill.accept(n);
    log.write(n);
  }

  /**
   * Warms the per-batch path up before the stream starts ({@link StreamWarmUp}): {@code flows}
   * synthetic flows run through the stream's own path, {@code passes} times, without writing an
   * alert; logs one {@code warmup} line; a failed warm-up is logged there ({@code error}) and
   * detection goes on without it.
   *
   * @return what the last pass (micro-batch) saw (its alerts were not written); zeros when skipped
   *     or failed
   */
  public BatchDetector.Result warmUp(SparkSession spark, long flows, int passes) {
    return warmUp(spark, flows, passes, false);
  }

  /**
   * As {@link #warmUp(SparkSession, long, int)}; with {@code realTime}, for the Real-time path
   * instead ({@link #startRealTime}).
   */
  public BatchDetector.Result warmUp(SparkSession spark, long flows, int passes, boolean realTime) {
    return new StreamWarmUp(this).run(spark, flows, passes, realTime);
  }

  /**
   * Whether a stream with host context reads its files as text lines ({@link LineStream}: only the
   * fields context reads are parsed before the stateful operators, the line scored as text after
   * them): CSV files scored by a stored model. JSONL files are read as typed rows.
   */
  boolean linesPath(boolean context) {
    return context
        && settings.kafka() == null
        && settings.flowFormat().equals("csv")
        && scorers.current().storedModel() != null;
  }

  /**
   * Whether a stream started now computes host context: when the current model uses it. Fixed for
   * the life of a checkpoint ({@link CheckpointFacts#CONTEXT_FILE}).
   */
  public boolean streamContext() {
    return HostContext.usedBy(scorers.current().featureColumns());
  }

  /** Starts the stream; the caller awaits or stops it. */
  public StreamingQuery start(SparkSession spark) throws TimeoutException {
    String streamId = CheckpointFacts.streamId(settings.checkpointDir());
    boolean context = streamContext();
    boolean lines = linesPath(context);
    CheckpointFacts.requireSameContext(settings.checkpointDir(), context, lines);
    CheckpointFacts.requireSameSource(settings.checkpointDir(), sourceName());
    int partitions = configureSession(spark, context);
    BatchDetector.Input input =
        settings.kafka() != null
            ? BatchDetector.Input.KAFKA
            : lines ? BatchDetector.Input.LINES : BatchDetector.Input.ROWS;
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> detector.process(batch, input, streamId, batchId);
    spark.streams().addListener(health);
    health.startHeartbeat();
    if (context) {
      logEvent("state", n -> n.put("partitions", partitions));
      StateMetrics.logEachBatch(spark, QUERY_NAME, this::logEvent);
      perBatch =
          (batch, batchId) ->
              contextBatch(lines, batch, b -> detector.process(b, input, streamId, batchId));
    }
    Dataset<Row> in =
        settings.kafka() != null
            ? KafkaFlows.read(spark, settings.kafka())
            : flowFiles(
                spark, settings.flowsDir().toString(), settings.maxFilesPerTrigger(), lines);
    return (context ? HostContext.addToStream(in) : in)
        .writeStream()
        .queryName(QUERY_NAME)
        .option("checkpointLocation", settings.checkpointDir().toString())
        .trigger(
            settings.triggerMillis() <= 0
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(settings.triggerMillis()))
        .foreachBatch(perBatch)
        .start();
  }

  /**
   * Starts the per-flow path in Spark's Real-time Mode ({@link RealTimeAlerts}): the Kafka source's
   * flows scored as they arrive, alerts to {@code out}'s alerts topic, dead letters to {@code
   * deadLetters}. Only for a model without host context (Real-time Mode runs no stateful operator
   * in Spark 4.2); the model is the one current at the start (a new one needs a restart).
   *
   * @param checkpointMillis how often the query checkpoints its offsets (not a latency)
   */
  public StreamingQuery startRealTime(
      SparkSession spark, KafkaAlertSink.Topics out, String deadLetters, long checkpointMillis)
      throws TimeoutException {
    if (settings.kafka() == null) {
      throw io.idsspark.errors.IdsException.usage(
          "--trigger realtime reads Kafka: add --source kafka");
    }
    if (streamContext()) {
      throw io.idsspark.errors.IdsException.usage(
          "--trigger realtime runs the per-flow path; model "
              + scorers.current().version()
              + " uses host context, which needs micro-batches (Spark 4.2's Real-time Mode runs no"
              + " stateful operator): use a model trained with --no-context or a micro-batch"
              + " --trigger");
    }
    CheckpointFacts.streamId(settings.checkpointDir());
    CheckpointFacts.requireSameSource(
        settings.checkpointDir(), "realtime:kafka:" + settings.kafka().topic());
    configureSession(spark, false);
    return RealTimeAlerts.start(
        spark,
        settings.kafka(),
        recordScorer(),
        out,
        deadLetters,
        settings.checkpointDir().toString(),
        checkpointMillis);
  }

  /** The current model as Real-time Mode scores with it: from each message's JSON. */
  RecordScorer recordScorer() {
    FlowScorer current = scorers.current();
    if (current.storedModel() == null) {
      throw new IllegalStateException(
          "Real-time Mode scores with a stored model, not " + current.version());
    }
    return RecordScorer.of(current.storedModel(), settings.topFeatures());
  }

  /** What the stream reads, as its checkpoint keeps it: {@code files} or {@code kafka:<topic>}. */
  private String sourceName() {
    return settings.kafka() == null ? "files" : "kafka:" + settings.kafka().topic();
  }

  /** Spark's estimate of a file's opening cost, which decides how files are split into tasks. */
  static final String OPEN_COST = "spark.sql.files.openCostInBytes";

  /**
   * Session settings of a stream, before it starts.
   *
   * @return the partitions of the per-host state (0 without context)
   */
  int configureSession(SparkSession spark, boolean context) {
    wholeRowsMalformed(spark);
    // offsets, commits and state files written without starting a process per file
    LocalCheckpointFiles.use(spark);
    // A plan whose generated method is larger than HotSpot compiles (8,000 bytes of bytecode) runs
    // without whole-stage code generation instead of interpreted: the stateful operators' output
    // rows were converted by an interpreted method, 15 % of the stream's time.
    spark.conf().set("spark.sql.codegen.hugeMethodLimit", "8000");
    // A micro-batch is often one file (the sniffer writes one per window). Spark splits a file
    // between tasks only where a split exceeds max(openCostInBytes, bytes per core), and the
    // default 4 MB left a 6 MB file of 10,000 flows mostly to one task on 2 cores; at 1 MB both
    // read it (scan stage 97 -> 73 ms, docs/benchmarks.md). A cluster's own setting wins.
    if (!spark.sparkContext().getConf().contains(OPEN_COST)) {
      spark.conf().set(OPEN_COST, Long.toString(1L << 20));
    }
    if (!context) {
      return 0;
    }
    // a cached batch of typed rows (contextBatch) is read once or twice, then dropped: not worth
    // compressing
    spark.conf().set("spark.sql.inMemoryColumnarStorage.compressed", "false");
    // per-host state in transformWithState, so in the checkpoint (docs/schema.md, Host context)
    return HostContext.configureStream(spark, settings.statePartitions(), settings.stateMemoryMb());
  }

  /** The streaming flows of the files of {@code dir}: CSV lines ({@link LineStream}) or rows. */
  Dataset<Row> flowFiles(SparkSession spark, String dir, int maxFiles, boolean lines) {
    return lines
        ? detector.lineStream(spark).parse(FlowStreams.readLines(spark, dir, maxFiles))
        : FlowStreams.read(spark, dir, settings.flowFormat(), maxFiles);
  }

  /**
   * Runs {@code f} on a micro-batch of a stream with host context. A batch of typed rows is cached:
   * it is read more than once (scoring, the health sample, quarantine) and its stateful part should
   * run once. A batch of CSV lines is read once ({@link BatchDetector}: the sample comes out of the
   * scoring pass); caching it cost about a tenth of its time.
   */
  static <T> T contextBatch(
      boolean lines, Dataset<Row> batch, java.util.function.Function<Dataset<Row>, T> f) {
    if (lines) {
      return f.apply(batch);
    }
    Dataset<Row> b = batch.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      return f.apply(b);
    } finally {
      b.unpersist();
    }
  }

  /**
   * One batch over rows already read (a CSV file, a pcap's flows): the flow columns, optionally
   * {@link FlowSparkSchema#CORRUPT_RECORD}; appended as a one-shot run (never skipped).
   */
  public BatchDetector.Result once(Dataset<Row> flows, String source) {
    wholeRowsMalformed(flows.sparkSession());
    Dataset<Row> in = flows;
    if (!java.util.Arrays.asList(in.columns()).contains(FlowSparkSchema.CORRUPT_RECORD)) {
      in = in.withColumn(FlowSparkSchema.CORRUPT_RECORD, functions.lit(null).cast("string"));
    }
    in =
        in.withColumn(FlowStreams.FILE, functions.lit(source))
            .withColumn(FlowStreams.FILE_MTIME, functions.current_timestamp());
    if (streamContext()) {
      // one run over a whole file: the batch path computes the same context a stream would
      in =
          HostContext.addToWellFormed(
              in, functions.col(FlowSparkSchema.CORRUPT_RECORD).isNotNull());
    }
    return detector.process(in, null, 0);
  }

  /**
   * A row is malformed when any of its columns is, not only the ones a query reads: without this,
   * Spark's CSV column pruning counts a row as fine in one query and as corrupt in another.
   */
  public static void wholeRowsMalformed(SparkSession spark) {
    spark.conf().set("spark.sql.csv.parser.columnPruning.enabled", "false");
  }
}
