package io.idsspark.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.AlertLog;
import io.idsspark.config.ConfigKeys;
import io.idsspark.context.HostContext;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.FlowSchema;
import io.idsspark.incidents.IncidentFormats;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
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

  /** File in the checkpoint folder naming the stream, so alert commits survive restarts. */
  static final String STREAM_ID_FILE = "ids-stream-id";

  /** Flows the warm-up simulates; it reads copies of them to reach the flows it was asked for. */
  private static final long WARMUP_SIMULATED_FLOWS = 2_000;

  /** Folder in the checkpoint folder for the warm-up's flows, there only during the warm-up. */
  static final String WARMUP_DIR = "ids-warmup";

  /** Passes of the warm-up over its flows. */
  public static final int WARMUP_PASSES = 3;

  /**
   * What to watch and where to write.
   *
   * @param flowsDir folder the sniffer fills
   * @param flowFormat {@code csv} or {@code jsonl}
   * @param alertsDir where alerts.csv and alerts.jsonl go
   * @param logsDir where detect.log and quarantine/ go
   * @param checkpointDir Spark checkpoint of the stream
   * @param triggerMillis micro-batch interval; 0 = process what is there, then stop (AvailableNow)
   * @param maxFilesPerTrigger files per micro-batch at most; 0 = no limit
   * @param topFeatures features named in each alert
   * @param statePartitions partitions of the per-host state (0 = Spark's cores at first start)
   * @param stateMemoryMb native memory cap of the per-host state per executor (0 = unbounded)
   * @param incidentGapSeconds silence that closes an incident
   * @param incidentLatenessSeconds how far behind the newest flow incidents wait for late alerts
   */
  public record Settings(
      Path flowsDir,
      String flowFormat,
      Path alertsDir,
      Path logsDir,
      Path checkpointDir,
      long triggerMillis,
      int maxFilesPerTrigger,
      int topFeatures,
      int statePartitions,
      int stateMemoryMb,
      int incidentGapSeconds,
      int incidentLatenessSeconds) {

    /** Settings with the incident defaults of the config keys. */
    public Settings(
        Path flowsDir,
        String flowFormat,
        Path alertsDir,
        Path logsDir,
        Path checkpointDir,
        long triggerMillis,
        int maxFilesPerTrigger,
        int topFeatures,
        int statePartitions,
        int stateMemoryMb) {
      this(
          flowsDir,
          flowFormat,
          alertsDir,
          logsDir,
          checkpointDir,
          triggerMillis,
          maxFilesPerTrigger,
          topFeatures,
          statePartitions,
          stateMemoryMb,
          ConfigKeys.INCIDENT_GAP_SECONDS.defaultValue(),
          ConfigKeys.INCIDENT_LATENESS_SECONDS.defaultValue());
    }
  }

  private final Settings settings;
  private final DetectLog log;
  private final BatchDetector detector;
  private final ScorerSource scorers;

  public DetectRunner(Settings settings, ScorerSource scorers, PrintStream console, Clock clock) {
    this.settings = settings;
    this.scorers = scorers;
    this.log = new DetectLog(settings.logsDir().resolve("detect.log"), console, clock);
    this.detector =
        new BatchDetector(
            scorers,
            new AlertLog(settings.alertsDir()).withIncidents(IncidentFormats.csvHeader()),
            settings.logsDir().resolve("quarantine").resolve("detect"),
            log,
            settings.topFeatures(),
            settings.incidentGapSeconds(),
            settings.incidentLatenessSeconds(),
            clock);
  }

  /** The structured log, for the job's start and stop lines. */
  public void logEvent(String event, java.util.function.Consumer<ObjectNode> fill) {
    ObjectNode n = log.event(event);
    fill.accept(n);
    log.write(n);
  }

  /**
   * Warms the per-batch path up before the stream starts: {@code flows} synthetic flows (from the
   * {@code generate} simulator, 5% attacks, so the explanation path runs too) are written in the
   * watched format to {@code <checkpoint>/ids-warmup} (as visible to executors as the checkpoint
   * itself; removed afterwards), read back with the stream's own reader options and run {@code
   * passes} times through the whole batch pass (parse, score, explain, collect) without writing an
   * alert. Without it the first real batches after a start pay for JIT compilation and Spark's code
   * generation: 3-4 s for the first 10,000 flows instead of 0.3 s, which was the whole p99 tail of
   * the latency benchmark. Logs one {@code warmup} line; a failed warm-up is logged there ({@code
   * error}) and detection goes on without it.
   *
   * @return what the last pass saw (its alerts were not written); zeros when skipped or failed
   */
  public BatchDetector.Result warmUp(SparkSession spark, long flows, int passes) {
    BatchDetector.Result none = new BatchDetector.Result(0, 0, 0, 0, List.of());
    if (flows <= 0 || passes <= 0) {
      return none;
    }
    long start = System.currentTimeMillis();
    Path dir = settings.checkpointDir().resolve(WARMUP_DIR);
    long[] passMillis = new long[passes + 1];
    BatchDetector.Result seen;
    String error = null;
    try {
      seen = warmUpIn(spark, dir, flows, passMillis);
    } catch (RuntimeException e) {
      seen = none;
      error = e.toString();
    } finally {
      deleteTree(dir);
    }
    long ms = System.currentTimeMillis() - start;
    BatchDetector.Result last = seen;
    String failed = error;
    logEvent(
        "warmup",
        n -> {
          n.put("flows", last.rows());
          n.put("alerts_not_written", last.yellow() + last.red());
          n.put("passes", passes);
          n.put("duration_ms", ms);
          n.put("prepare_ms", passMillis[0]);
          var a = n.putArray("pass_ms");
          for (int i = 1; i < passMillis.length && failed == null; i++) {
            a.add(passMillis[i]);
          }
          if (failed != null) {
            n.put("error", failed);
          }
        });
    return seen;
  }

  /** The warm-up's work; {@code millis[0]} gets the preparation time, then one per pass. */
  private BatchDetector.Result warmUpIn(SparkSession spark, Path dir, long flows, long[] millis) {
    long start = System.currentTimeMillis();
    wholeRowsMalformed(spark);
    deleteTree(dir); // what a killed warm-up left behind
    String out = dir.resolve("flows").toString();
    // simulating flows is slow: simulate a few and read them many times (copies of one file)
    long simulated = Math.min(flows, WARMUP_SIMULATED_FLOWS);
    GenerationPlan plan =
        GenerationPlan.ofRows(
            simulated, 0.05, FlowKind.attacks(), 1, Instant.parse("2026-01-01T00:00:00Z"));
    Column[] sniffer =
        FlowSchema.flowColumnNames().stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> synthetic = SyntheticFlows.generate(spark, plan, 1).select(sniffer);
    if (settings.flowFormat().equals("csv")) {
      synthetic.write().option("header", "true").csv(out);
    } else {
      synthetic.write().json(out);
    }
    copyPartFile(Path.of(out), (int) Math.ceil((double) flows / simulated));
    Dataset<Row> in = FlowStreams.readOnce(spark, out, settings.flowFormat());
    millis[0] = System.currentTimeMillis() - start;
    BatchDetector.Result last = null;
    for (int i = 1; i < millis.length; i++) {
      long t = System.currentTimeMillis();
      last = detector.warmUp(in, i);
      millis[i] = System.currentTimeMillis() - t;
    }
    return last;
  }

  /** Turns the one part file in {@code dir} into {@code copies} identical files. */
  private static void copyPartFile(Path dir, int copies) {
    try (var files = Files.list(dir)) {
      Path part =
          files
              .filter(f -> f.getFileName().toString().startsWith("part-"))
              .findFirst()
              .orElseThrow(() -> new IOException("no part file written in " + dir));
      String name = part.getFileName().toString();
      for (int i = 1; i < copies; i++) {
        Files.copy(part, dir.resolve("copy" + i + "-" + name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the warm-up flows in " + dir, e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }

  /**
   * Whether a stream started now computes host context: when the current model uses it. Fixed for
   * the life of a checkpoint ({@link #CONTEXT_FILE}).
   */
  public boolean streamContext() {
    return HostContext.usedBy(scorers.current().featureColumns());
  }

  /** Starts the stream; the caller awaits or stops it. */
  public StreamingQuery start(SparkSession spark) throws TimeoutException {
    wholeRowsMalformed(spark);
    String streamId = streamId(settings.checkpointDir());
    boolean context = streamContext();
    requireSameContext(settings.checkpointDir(), context);
    Dataset<Row> flows =
        FlowStreams.read(
            spark,
            settings.flowsDir().toString(),
            settings.flowFormat(),
            settings.maxFilesPerTrigger());
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> detector.process(batch, streamId, batchId);
    if (context) {
      // per-host state in transformWithState, so in the checkpoint (docs/schema.md, Host context)
      int partitions =
          HostContext.configureStream(spark, settings.statePartitions(), settings.stateMemoryMb());
      logEvent("state", n -> n.put("partitions", partitions));
      StateMetrics.logEachBatch(spark, QUERY_NAME, this::logEvent);
      flows = HostContext.addToStream(flows);
      perBatch =
          (batch, batchId) -> {
            // a batch is read more than once (scoring, quarantine): its stateful part runs once
            Dataset<Row> b = batch.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
            try {
              detector.process(b, streamId, batchId);
            } finally {
              b.unpersist();
            }
          };
    }
    return flows
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

  /** File in the checkpoint folder saying whether the stream computes host context. */
  static final String CONTEXT_FILE = "ids-context";

  /**
   * A checkpoint holds the stream's plan: one made with host context cannot continue without it,
   * nor the other way round. Records the choice on the first start, refuses a change later.
   */
  static void requireSameContext(Path checkpoint, boolean context) {
    String want = context ? CONTEXT_STATE : "off";
    String had = kept(checkpoint, CONTEXT_FILE, want);
    if (had.equals("on")) {
      throw IdsException.usage(
          checkpoint
              + ": this checkpoint keeps host context per host, as detect did before hosts were"
              + " kept in capped hash buckets; give detect a new --checkpoint (alerts already"
              + " written stay)");
    }
    if (!had.equals(want)) {
      throw IdsException.usage(
          checkpoint
              + ": this checkpoint was made with host context "
              + (had.equals("off") ? "off" : "on")
              + ", but the model "
              + (context ? "uses" : "does not use")
              + " it; give detect a new --checkpoint (alerts already written stay)");
    }
  }

  /** How a checkpoint with host context keeps it: per hash bucket of hosts (HostTable). */
  static final String CONTEXT_STATE = "on-buckets";

  /** The stream's id: created once per checkpoint folder, then read back on every restart. */
  static String streamId(Path checkpoint) {
    return kept(checkpoint, STREAM_ID_FILE, UUID.randomUUID().toString());
  }

  /**
   * A one-line fact kept in the checkpoint folder: the value the file holds, or {@code fresh},
   * written atomically on the first start.
   */
  private static String kept(Path checkpoint, String file, String fresh) {
    Path f = checkpoint.resolve(file);
    try {
      if (Files.exists(f)) {
        return Files.readString(f, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(checkpoint);
      Path tmp = checkpoint.resolve("." + file + ".tmp");
      Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + file + " in " + checkpoint, e);
    }
  }
}
