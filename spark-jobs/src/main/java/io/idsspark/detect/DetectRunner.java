package io.idsspark.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.AlertLog;
import io.idsspark.spark.FlowSparkSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.UUID;
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
  /** File in the checkpoint folder naming the stream, so alert commits survive restarts. */
  static final String STREAM_ID_FILE = "ids-stream-id";

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
   */
  public record Settings(
      Path flowsDir,
      String flowFormat,
      Path alertsDir,
      Path logsDir,
      Path checkpointDir,
      long triggerMillis,
      int maxFilesPerTrigger,
      int topFeatures) {}

  private final Settings settings;
  private final DetectLog log;
  private final BatchDetector detector;

  public DetectRunner(Settings settings, ScorerSource scorers, PrintStream console, Clock clock) {
    this.settings = settings;
    this.log = new DetectLog(settings.logsDir().resolve("detect.log"), console, clock);
    this.detector =
        new BatchDetector(
            scorers,
            new AlertLog(settings.alertsDir()),
            settings.logsDir().resolve("quarantine").resolve("detect"),
            log,
            settings.topFeatures(),
            clock);
  }

  /** The structured log, for the job's start and stop lines. */
  public void logEvent(String event, java.util.function.Consumer<ObjectNode> fill) {
    ObjectNode n = log.event(event);
    fill.accept(n);
    log.write(n);
  }

  /** Starts the stream; the caller awaits or stops it. */
  public StreamingQuery start(SparkSession spark) throws TimeoutException {
    wholeRowsMalformed(spark);
    String streamId = streamId(settings.checkpointDir());
    Dataset<Row> flows =
        FlowStreams.read(
            spark,
            settings.flowsDir().toString(),
            settings.flowFormat(),
            settings.maxFilesPerTrigger());
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> detector.process(batch, streamId, batchId);
    return flows
        .writeStream()
        .queryName("ids-detect")
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
    return detector.process(in, null, 0);
  }

  /**
   * A row is malformed when any of its columns is, not only the ones a query reads: without this,
   * Spark's CSV column pruning counts a row as fine in one query and as corrupt in another.
   */
  public static void wholeRowsMalformed(SparkSession spark) {
    spark.conf().set("spark.sql.csv.parser.columnPruning.enabled", "false");
  }

  /** The stream's id: created once per checkpoint folder, then read back on every restart. */
  static String streamId(Path checkpoint) {
    Path f = checkpoint.resolve(STREAM_ID_FILE);
    try {
      if (Files.exists(f)) {
        return Files.readString(f, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(checkpoint);
      String id = UUID.randomUUID().toString();
      Path tmp = checkpoint.resolve("." + STREAM_ID_FILE + ".tmp");
      Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the stream id in " + checkpoint, e);
    }
  }
}
