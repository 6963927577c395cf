package io.idsspark.detect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertFormats;
import io.idsspark.alerts.AlertLog;
import io.idsspark.context.HostContext;
import io.idsspark.flow.FlowSchema;
import io.idsspark.scoring.AlertRows;
import io.idsspark.scoring.FlowScorer;
import io.idsspark.scoring.LineStream;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Sparks;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Processes one batch of flow rows, the same way for a streaming micro-batch and a one-shot file:
 * malformed rows to quarantine, the rest scored, yellow and red rows appended to the alert files
 * exactly once, one log line. Files and rows are counted in the same pass that scores them
 * (observed metrics), so a batch reads its files once, plus once more only when it has malformed
 * rows to quarantine.
 */
public final class BatchDetector {
  private final ScorerSource scorers;
  private final AlertLog alerts;
  private final Path quarantineDir;
  private final DetectLog log;
  private final int topFeatures;
  private final int incidentGapSeconds;
  private final int incidentLatenessSeconds;
  private final Clock clock;
  private LineStream lineStream;
  private BatchWatcher watcher;

  /** Told of each batch after its alerts are committed and its log line written (health, drift). */
  interface BatchWatcher {
    /**
     * Asked before a batch is scored: whether its {@link #batch} call should get a sample of its
     * rows. A stream of CSV lines with host context takes the sample in the pass that scores the
     * batch (it is not read twice); a watcher that says no and then wants one does without.
     */
    default boolean wantsSample(FlowScorer scorer) {
      return true;
    }

    /**
     * @param line the batch's log line
     * @param sample the batch's well-formed rows, or the first {@link BatchSample#SAMPLE_ROWS} of
     *     them or more; null when {@link #wantsSample} said no
     */
    void batch(ObjectNode line, Dataset<Row> sample, Input input, FlowScorer scorer);
  }

  BatchDetector watchedBy(BatchWatcher w) {
    this.watcher = w;
    return this;
  }

  BatchDetector(
      ScorerSource scorers,
      AlertLog alerts,
      Path quarantineDir,
      DetectLog log,
      int topFeatures,
      int incidentGapSeconds,
      int incidentLatenessSeconds,
      Clock clock) {
    this.scorers = scorers;
    this.alerts = alerts;
    this.quarantineDir = quarantineDir;
    this.log = log;
    this.topFeatures = topFeatures;
    this.incidentGapSeconds = incidentGapSeconds;
    this.incidentLatenessSeconds = incidentLatenessSeconds;
    this.clock = clock;
  }

  /** What one batch did. */
  public record Result(long rows, long quarantined, long yellow, long red, List<Alert> alerts) {}

  /**
   * Scores a batch of flow rows (with {@link FlowSparkSchema#CORRUPT_RECORD}, {@link
   * FlowStreams#FILE} and {@link FlowStreams#FILE_MTIME}) and appends its alerts.
   *
   * @param streamId stream whose batch this is (null for a one-shot run)
   */
  Result process(Dataset<Row> flows, String streamId, long batchId) {
    return process(flows, Input.ROWS, streamId, batchId);
  }

  /** What a batch's rows are. */
  enum Input {
    /** Typed flow rows of files ({@link FlowStreams#read}). */
    ROWS,
    /**
     * CSV lines in the sniffer's layout parsed by {@link LineStream#parse} (with their context
     * columns), scored as text.
     */
    LINES,
    /**
     * Typed flow rows of Kafka messages ({@link KafkaFlows}): no files to read again by their
     * header; dead letters keep their topic, partition, offset and reason.
     */
    KAFKA
  }

  /**
   * As {@link #process(Dataset, String, long)} for rows of another {@link Input}. CSV files in
   * another layout are read again by their header and scored as typed rows.
   */
  Result process(Dataset<Row> flows, Input input, String streamId, long batchId) {
    long start = clock.millis();
    FlowScorer scorer = scorers.current();
    long modelAt = clock.millis();
    boolean sample = watcher != null && watcher.wantsSample(scorer);
    Pass pass = run(flows, scorer, input, Long.toString(batchId), sample);
    Map<String, Object> in = pass.input();
    long rows = longAt(in, "rows");
    long bad = longAt(in, "bad");
    long late = longAt(in, "late");
    long yellow = longAt(pass.levels(), "yellow");
    long red = longAt(pass.levels(), "red");
    List<Alert> batchAlerts = new ArrayList<>(pass.alerts());
    // CSV files in another column layout (labelled files, another order) are read by their header
    Map<List<String>, List<String>> byHeader =
        bad == 0 || input == Input.KAFKA
            ? Map.of()
            : Relayout.files(flows.sparkSession(), strings(in.get("bad_files")));
    List<String> relayout = byHeader.values().stream().flatMap(List::stream).toList();
    Dataset<Row> relayoutRows = null;
    if (!relayout.isEmpty()) {
      relayoutRows = Relayout.read(flows.sparkSession(), byHeader);
      Pass p2 = run(relayoutRows, scorer, Input.ROWS, batchId + "_relayout", false);
      // every row of those files was malformed in the sniffer's layout
      bad += longAt(p2.input(), "bad") - longAt(p2.input(), "rows");
      yellow += longAt(p2.levels(), "yellow");
      red += longAt(p2.levels(), "red");
      batchAlerts.addAll(p2.alerts());
    }
    long scoredAt = clock.millis();
    Instant created = clock.instant();
    long newest = newestMicros(in);
    IncidentStep incidents =
        new IncidentStep(batchAlerts, newest, created, incidentGapSeconds, incidentLatenessSeconds);
    boolean written = alerts.append(streamId, batchId, batchAlerts, created, incidents);
    long writtenAt = clock.millis();
    if (bad > 0) {
      BatchQuarantine.write(quarantineDir, flows, input, relayout, relayoutRows, batchId);
    }
    ObjectNode line = log.event("batch");
    line.put("batch", batchId);
    List<String> files = strings(in.get("files"));
    line.put("files", files.size());
    line.put("rows", rows);
    line.put("quarantined_rows", bad);
    // late: ended before flows their host had already counted (scored with approximate context)
    line.put("context_late_rows", late);
    // a new host took a full bucket's slot from a host still within its expiry (its context lost)
    line.put("context_evicted_rows", longAt(in, "evicted"));
    ObjectNode byLevel = line.putObject("alerts");
    byLevel.put("yellow", yellow);
    byLevel.put("red", red);
    ObjectNode byStatus = line.putObject("incidents");
    byStatus.put("opened", incidents.opened);
    byStatus.put("updated", incidents.updated);
    byStatus.put("closed", incidents.closed);
    byStatus.put("open_now", incidents.openNow);
    byStatus.put("unknown_key_alerts", incidents.unknownKeyAlerts);
    line.put("replayed_skipped", !written);
    line.put("latency_ms", clock.millis() - start);
    // where the batch's time went: model check (LATEST), the Spark pass, the alert commit
    ObjectNode parts = line.putObject("latency_parts_ms");
    parts.put("model", modelAt - start);
    parts.put("score", scoredAt - modelAt);
    parts.put("alerts", writtenAt - scoredAt);
    Instant oldest = instant(in.get("oldest"));
    if (oldest != null) {
      line.put("oldest_file_age_ms", clock.millis() - oldest.toEpochMilli());
    }
    Instant newestInput = instant(in.get("newest_input"));
    if (newestInput != null) {
      line.put("newest_input_ms", newestInput.toEpochMilli());
    }
    line.put("model_version", scorer.version());
    ArrayNode names = line.putArray("file_names");
    files.stream().sorted().forEach(f -> names.add(f.substring(f.lastIndexOf('/') + 1)));
    if (!relayout.isEmpty()) {
      ArrayNode re = line.putArray("files_read_by_header");
      relayout.stream().sorted().forEach(f -> re.add(f.substring(f.lastIndexOf('/') + 1)));
    }
    if (bad > 0) {
      ArrayNode badNames = line.putArray("malformed_files");
      strings(in.get("bad_files")).stream()
          .filter(f -> !relayout.contains(f))
          .sorted()
          .forEach(f -> badNames.add(f.substring(f.lastIndexOf('/') + 1)));
      line.put("quarantine", quarantineDir.resolve("batch-" + batchId).toString());
    }
    log.write(line);
    if (watcher != null) {
      watcher.batch(line, pass.sample(), input, scorer);
    }
    return new Result(rows, bad, yellow, red, batchAlerts);
  }

  /**
   * Runs a batch's whole read-score-explain-collect pass on {@code flows} and throws the result
   * away: no alert written, no batch log line. It pays what the first real batch would otherwise
   * pay: JIT compilation of the CSV/JSON parser, the scorer and Spark's planner, and Spark's code
   * generation for this plan.
   *
   * @param pass numbers the passes (observation names must not repeat)
   * @return what the pass saw (the alerts it would have written, none written)
   */
  Result warmUp(Dataset<Row> flows, Input input, int pass) {
    Pass p = run(flows, scorers.current(), input, "warmup" + pass, false);
    // the alert lines too (formatted, never written), or the first real commit is the cold one
    Instant now = clock.instant();
    for (Alert a : p.alerts()) {
      AlertFormats.csvLine(a);
      AlertFormats.jsonLine(a, now);
    }
    // and their incidents, grouped from an empty state and thrown away (the stream's own state is
    // not touched): the grouping, its feature tallies, the records' text and the state's JSON ran
    // cold in the first real batch (its alert step 163-185 ms, 52-61 ms with this,
    // docs/benchmarks.md)
    new IncidentStep(
            p.alerts(), newestMicros(p.input()), now, incidentGapSeconds, incidentLatenessSeconds)
        .apply(null);
    return new Result(
        longAt(p.input(), "rows"),
        longAt(p.input(), "bad"),
        longAt(p.levels(), "yellow"),
        longAt(p.levels(), "red"),
        p.alerts());
  }

  /**
   * One pass: counters of the input, counters by level, the alerting rows as alerts, and the
   * well-formed rows to sample (null when not asked for).
   */
  private record Pass(
      Map<String, Object> input,
      Map<String, Object> levels,
      List<Alert> alerts,
      Dataset<Row> sample) {}

  private Pass run(Dataset<Row> flows, FlowScorer scorer, Input kind, String tag, boolean sample) {
    Column corrupt = col(FlowSparkSchema.CORRUPT_RECORD).isNotNull();
    Observation input = new Observation("input_" + tag);
    // a stream with host context marks its late flows (HostContext.LATE); other input has none
    List<String> columns = java.util.Arrays.asList(flows.columns());
    Column late = columns.contains(HostContext.LATE) ? col(HostContext.LATE) : lit(false);
    Column evicted = columns.contains(HostContext.EVICTED) ? col(HostContext.EVICTED) : lit(false);
    Dataset<Row> observed =
        flows.observe(
            input,
            count(lit(1)).as("rows"),
            sum(when(corrupt, 1).otherwise(0)).as("bad"),
            sum(when(late, 1).otherwise(0)).as("late"),
            sum(when(evicted, 1).otherwise(0)).as("evicted"),
            collect_set(col(FlowStreams.FILE)).as("files"),
            collect_set(when(corrupt, col(FlowStreams.FILE))).as("bad_files"),
            min(col(FlowStreams.FILE_MTIME)).as("oldest"),
            // the newest file (a Kafka message's timestamp): what the batch has read up to
            max(col(FlowStreams.FILE_MTIME)).as("newest_input"),
            // the newest flow start: how far event time has come, for closing incidents
            max(col(FlowSchema.TIMESTAMP_COL).try_cast("timestamp")).as("newest"));
    Dataset<Row> valid =
        observed
            .filter(col(FlowSparkSchema.CORRUPT_RECORD).isNull())
            .drop(
                FlowSparkSchema.CORRUPT_RECORD,
                FlowStreams.FILE,
                FlowStreams.FILE_MTIME,
                HostContext.LATE,
                HostContext.EVICTED,
                KafkaFlows.REASON,
                KafkaFlows.TOPIC,
                KafkaFlows.PARTITION,
                KafkaFlows.OFFSET);
    Observation levels = new Observation("levels_" + tag);
    if (kind == Input.LINES) {
      // one pass: alerts and the health sample together (the batch is not cached and read again)
      Dataset<Row> scored =
          lineStream(scorer, flows.sparkSession())
              .score(valid, sample ? BatchSample.SAMPLE_ROWS : 0);
      scored = observeLevels(scored, levels);
      String[] kept = valid.columns();
      String[] passed = java.util.Arrays.copyOf(kept, kept.length + 1);
      passed[kept.length] = LineStream.SAMPLE;
      List<Row> rows =
          AlertRows.alertColumnsOr(scored, col(LineStream.SAMPLE), passed).collectAsList();
      List<Row> alertRows = new ArrayList<>();
      List<Row> sampleRows = new ArrayList<>();
      for (Row r : rows) {
        if (AlertRows.isAlert(r)) {
          alertRows.add(r);
        }
        if (r.getBoolean(r.length() - 1)) {
          // the row's own columns, after the alert's and before the sample flag
          Object[] v = new Object[kept.length];
          for (int i = 0; i < kept.length; i++) {
            v[i] = r.get(r.length() - 1 - kept.length + i);
          }
          sampleRows.add(RowFactory.create(v));
        }
      }
      return new Pass(
          Sparks.metrics(input),
          Sparks.metrics(levels),
          AlertRows.toAlerts(alertRows, scorer.version()),
          sample ? flows.sparkSession().createDataFrame(sampleRows, valid.schema()) : null);
    }
    Dataset<Row> scored = observeLevels(typedScore(valid, scorer), levels);
    List<Row> alertRows = AlertRows.alertColumns(scored).collectAsList();
    return new Pass(
        Sparks.metrics(input),
        Sparks.metrics(levels),
        AlertRows.toAlerts(alertRows, scorer.version()),
        sample ? valid : null);
  }

  /** The scored rows, their yellow and red ones counted in {@code levels} as they are read. */
  private static Dataset<Row> observeLevels(Dataset<Row> scored, Observation levels) {
    return scored.observe(
        levels,
        sum(when(col(FlowScorer.LEVEL).equalTo("yellow"), 1).otherwise(0)).as("yellow"),
        sum(when(col(FlowScorer.LEVEL).equalTo("red"), 1).otherwise(0)).as("red"));
  }

  /** Typed flow rows scored: every row with its score and level, alerts with their explanation. */
  private Dataset<Row> typedScore(Dataset<Row> valid, FlowScorer scorer) {
    // files read again by their own header did not pass the stream's context: null (0) context
    java.util.Set<String> have = java.util.Set.of(valid.columns());
    Dataset<Row> in = valid;
    for (String c : scorer.featureColumns()) {
      if (!have.contains(c) && io.idsspark.context.ContextColumn.isContext(c)) {
        in = in.withColumn(c, lit(null).cast("double"));
      }
    }
    return scorer.score(in, topFeatures);
  }

  /**
   * The current model's line scorer, made (and its model broadcast) once per model version: the
   * stream's parsing of lines and the scoring of each batch use the same one.
   */
  LineStream lineStream(org.apache.spark.sql.SparkSession spark) {
    return lineStream(scorers.current(), spark);
  }

  private LineStream lineStream(FlowScorer scorer, org.apache.spark.sql.SparkSession spark) {
    if (lineStream == null || !lineStream.version().equals(scorer.version())) {
      if (scorer.storedModel() == null) {
        throw new IllegalStateException(
            "scorer " + scorer.version() + " cannot score CSV lines as text");
      }
      lineStream = LineStream.of(spark, scorer.storedModel(), topFeatures);
    }
    return lineStream;
  }

  /** The newest flow start a pass observed, in epoch microseconds ({@code MIN_VALUE}: none). */
  private static long newestMicros(Map<String, Object> input) {
    Instant t = instant(input.get("newest"));
    return t == null ? Long.MIN_VALUE : t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /** An observed timestamp (a {@code Timestamp}, or an {@code Instant} under the Java 8 API). */
  private static Instant instant(Object v) {
    return v instanceof Timestamp t ? t.toInstant() : v instanceof Instant i ? i : null;
  }

  private static long longAt(Map<String, Object> m, String field) {
    return m.get(field) instanceof Number n ? n.longValue() : 0;
  }

  /** An observed {@code collect_set} (a Scala sequence) as a Java list. */
  @SuppressWarnings("unchecked")
  private static List<String> strings(Object seq) {
    if (seq instanceof scala.collection.Seq<?> s) {
      return new ArrayList<>(CollectionConverters.asJava((scala.collection.Seq<String>) s));
    }
    if (seq instanceof List<?> l) {
      return (List<String>) l;
    }
    return List.of();
  }
}
