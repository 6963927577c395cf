package io.idsspark.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.context.ContextColumn;
import io.idsspark.health.DriftReference;
import io.idsspark.health.DriftWindow;
import io.idsspark.health.HealthLog;
import io.idsspark.health.HealthStatus;
import io.idsspark.health.ShadowAgreement;
import io.idsspark.model.StoredModel;
import io.idsspark.scoring.FlowScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Writes {@code health.jsonl} for a running {@code detect} (docs/health.md): a {@code batch} line
 * after each micro-batch, a {@code heartbeat} when none came for {@code heartbeat_seconds}, a
 * {@code drift} record when a model input stays above {@code drift_psi_level} for {@code
 * drift_sustain_seconds}. Drift is measured on samples of the batches' well-formed flows ({@link
 * BatchSample}, one small Spark job, at most every few seconds) against the model card's {@link
 * DriftReference}; a model without one (trained before it) gets no drift figures. Spark's progress
 * of the stream (source lag, state store) arrives after a batch ends, so a batch line carries the
 * progress of the batch before it ({@code progress_of_batch}).
 */
final class DetectHealth extends StreamingQueryListener
    implements BatchDetector.BatchWatcher, AutoCloseable {

  private long lastSampleMillis = Long.MIN_VALUE / 2;
  private long firstBatchMillis = -1;
  private boolean warming;
  private boolean contextModel;
  private DriftWindow.Verdict lastVerdict;
  private boolean sampled;

  /** Span of the latency percentiles, in batches' time. */
  private static final long LATENCY_WINDOW_MS = 300_000;

  private final HealthLog log;
  private final DriftWindow.Settings driftSettings;
  private final long heartbeatMillis;
  private final Clock clock;
  private final Path snifferHealth;
  private final Deque<long[]> latencies = new ArrayDeque<>();
  private DriftWindow drift;
  private String driftVersion;
  private StoredModel shadow;
  private ShadowAgreement agreement;

  /** Flows of the shadow comparison's window (the last samples of both models' scores). */
  static final int SHADOW_WINDOW_ROWS = 20_000;

  /**
   * Also scores each batch's sample with {@code shadow} and reports how far it agrees with the
   * model in use ({@code shadow} in the batch line); its alerts are never written.
   */
  DetectHealth withShadow(StoredModel shadow) {
    this.shadow = shadow;
    this.driftVersion = null;
    return this;
  }

  private volatile StreamingQueryProgress lastProgress;
  private volatile long lastLineMillis;
  private volatile long lastBatchMillis;
  private volatile long lastBatchId = -1;
  private volatile String modelVersion;
  private ScheduledExecutorService heartbeat;

  DetectHealth(
      HealthLog log,
      DriftWindow.Settings driftSettings,
      long heartbeatMillis,
      Clock clock,
      Path snifferHealth) {
    this.log = log;
    this.driftSettings = driftSettings;
    this.heartbeatMillis = heartbeatMillis;
    this.clock = clock;
    this.snifferHealth = snifferHealth;
  }

  /** Starts the heartbeat (a daemon thread), counting from now. */
  void startHeartbeat() {
    lastLineMillis = clock.millis();
    heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ids-health-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long period = Math.max(250, heartbeatMillis / 4);
    heartbeat.scheduleAtFixedRate(this::beatIfQuiet, period, period, TimeUnit.MILLISECONDS);
  }

  private void beatIfQuiet() {
    long now = clock.millis();
    if (now - lastLineMillis < heartbeatMillis) {
      return;
    }
    ObjectNode h = log.line("heartbeat");
    h.put("last_batch_id", lastBatchId);
    if (lastBatchMillis > 0) {
      h.put("seconds_since_batch", (now - lastBatchMillis) / 1000.0);
    }
    h.put("model_version", modelVersion);
    lag(h.putObject("lag"), lastProgress);
    sniffer(h);
    write(h, now);
  }

  private synchronized void write(ObjectNode line, long now) {
    log.write(line);
    lastLineMillis = now;
  }

  /**
   * Whether the next batch should bring a sample: for a new model, else when drift or a shadow is
   * watched, past the context model's grace, and a sample is due. The one place that decides when
   * to sample: {@link #drift} takes a sample exactly when the batch brings one.
   */
  @Override
  public boolean wantsSample(FlowScorer scorer) {
    long now = clock.millis();
    if (!scorer.version().equals(driftVersion)) {
      return true;
    }
    if (drift == null && (shadow == null || scorer.storedModel() == null)) {
      return false;
    }
    if (contextModel
        && firstBatchMillis >= 0
        && now - firstBatchMillis < driftSettings.graceMillis()) {
      return false;
    }
    return now - lastSampleMillis >= driftSettings.sampleEveryMillis()
        || (lastVerdict == null && drift != null);
  }

  @Override
  public void batch(
      ObjectNode line, Dataset<Row> valid, BatchDetector.Input input, FlowScorer scorer) {
    long now = clock.millis();
    ObjectNode h = log.line("batch");
    h.put("batch_id", line.path("batch").asLong());
    long rows = line.path("rows").asLong();
    h.put("input_rows", rows);
    if (lastBatchMillis > 0) {
      h.put("input_rows_per_s", Math.round(rows * 1000.0 / Math.max(1, now - lastBatchMillis)));
    }
    h.put("processing_ms", line.path("latency_ms").asLong());
    h.put("files", line.path("files").asLong());
    ObjectNode lag = h.putObject("lag");
    JsonNode age = line.get("oldest_file_age_ms");
    if (age != null) {
      lag.put("oldest_input_age_ms", age.asLong());
      latencies.addLast(new long[] {now, age.asLong()});
    }
    lag(lag, lastProgress);
    while (!latencies.isEmpty() && latencies.peekFirst()[0] < now - LATENCY_WINDOW_MS) {
      latencies.removeFirst();
    }
    latency(h.putObject("latency_ms"));
    h.put("quarantined_rows", line.path("quarantined_rows").asLong());
    h.set("alerts", line.get("alerts"));
    h.set("incidents", line.get("incidents"));
    ObjectNode state = h.putObject("state");
    state.put("context_late_rows", line.path("context_late_rows").asLong());
    state.put("context_evicted_rows", line.path("context_evicted_rows").asLong());
    state(state, lastProgress);
    h.put("model_version", scorer.version());
    h.put("replayed_skipped", line.path("replayed_skipped").asBoolean());
    DriftWindow.Verdict v = drift(valid, input, scorer, now);
    if (v == null && warming) {
      h.putObject("drift").put("warming", true).put("level", driftSettings.psiLevel());
    }
    if (v != null) {
      ObjectNode d = h.putObject("drift");
      d.put("rows", v.rows());
      d.put("level", driftSettings.psiLevel());
      d.put("drifting", v.drifting());
      d.put("sampled", sampled);
      // top: the inputs that decide drift; context_top: host context, reported only
      psiList(d.putArray("top"), v.top(), true, 5);
      psiList(d.putArray("context_top"), v.top(), false, 3);
    }
    if (agreement != null) {
      ShadowAgreement.Stats a = agreement.stats();
      ObjectNode sh = h.putObject("shadow");
      sh.put("model_version", shadow.version());
      sh.put("flows", a.flows());
      sh.put("primary_alerts", a.primaryAlerts());
      sh.put("shadow_alerts", a.shadowAlerts());
      sh.put("alert_overlap", round(a.alertOverlap()));
      putNumber(sh, "rank_correlation", a.rankCorrelation());
      putNumber(sh, "alert_rate_ratio", a.alertRateRatio());
    }
    sniffer(h);
    // what this line cost the batch (the drift sample and the shadow's scoring): the overhead
    h.put("health_ms", clock.millis() - now);
    lastBatchMillis = now;
    lastBatchId = line.path("batch").asLong();
    modelVersion = scorer.version();
    write(h, now);
    if (v != null && v.raised() && sampled) {
      ObjectNode d = log.line("drift");
      d.put("batch_id", lastBatchId);
      d.put("model_version", scorer.version());
      d.put("level", driftSettings.psiLevel());
      d.put("since", java.time.Instant.ofEpochMilli(v.sinceMillis()).toString());
      d.put("window_rows", v.rows());
      ArrayNode over = d.putArray("features");
      for (DriftWindow.FeaturePsi f : v.over(driftSettings.psiLevel())) {
        over.addObject().put("feature", f.feature()).put("psi", round(f.psi()));
      }
      write(d, now);
    }
  }

  /** The first {@code n} features of {@code top} that are (or are not) {@code watched}. */
  private static void psiList(
      ArrayNode out, List<DriftWindow.FeaturePsi> top, boolean watched, int n) {
    top.stream()
        .filter(f -> f.watched() == watched)
        .limit(n)
        .forEach(f -> out.addObject().put("feature", f.feature()).put("psi", round(f.psi())));
  }

  /**
   * The drift window (and the shadow's agreement) after this batch's sample; null when the model
   * has no drift reference and there is no shadow.
   */
  private DriftWindow.Verdict drift(
      Dataset<Row> valid, BatchDetector.Input input, FlowScorer scorer, long now) {
    if (!scorer.version().equals(driftVersion)) {
      driftVersion = scorer.version();
      DriftReference ref =
          scorer.storedModel() == null
              ? null
              : DriftReference.fromCard(scorer.storedModel().card().json());
      // the flow's own inputs raise drift; host context is reported (see DriftWindow)
      drift =
          ref == null
              ? null
              : new DriftWindow(ref, driftSettings, f -> !ContextColumn.isContext(f));
      contextModel = ref != null && ref.features().stream().anyMatch(ContextColumn::isContext);
      lastVerdict = null;
      agreement = shadow == null ? null : new ShadowAgreement(SHADOW_WINDOW_ROWS);
    }
    StoredModel primary = scorer.storedModel();
    boolean compare = shadow != null && primary != null;
    if (drift == null && !compare) {
      return null;
    }
    if (firstBatchMillis < 0) {
      firstBatchMillis = now;
    }
    warming = contextModel && now - firstBatchMillis < driftSettings.graceMillis();
    if (warming) {
      // a stream's first minute of host context is not what training saw (hosts without history)
      sampled = false;
      return null;
    }
    if (valid == null) {
      // no sample asked for (wantsSample): between samples a batch line repeats the window's last
      // verdict (drift.sampled false)
      sampled = false;
      return lastVerdict;
    }
    lastSampleMillis = now;
    sampled = true;
    List<String> columns = new ArrayList<>();
    if (drift != null) {
      columns.addAll(drift.reference().features());
    }
    if (compare) {
      addAll(columns, primary.pipeline().inputColumnNames());
      addAll(columns, shadow.pipeline().inputColumnNames());
    }
    List<double[]> rows = BatchSample.rows(valid, input, columns);
    if (compare) {
      BatchSample.ModelInput p = new BatchSample.ModelInput(primary, columns);
      BatchSample.ModelInput sh = new BatchSample.ModelInput(shadow, columns);
      for (double[] r : rows) {
        double a = p.score(r);
        double b = sh.score(r);
        agreement.add(a, p.alerts(a), b, sh.alerts(b));
      }
    }
    if (drift == null) {
      return null;
    }
    DriftReference ref = drift.reference();
    long[][] counts = ref.newCounts();
    for (double[] r : rows) {
      for (int f = 0; f < ref.features().size(); f++) {
        counts[f][ref.bin(f, r[f])]++;
      }
    }
    lastVerdict = drift.add(now, counts);
    return lastVerdict;
  }

  private static void addAll(List<String> into, List<String> names) {
    for (String n : names) {
      if (!into.contains(n)) {
        into.add(n);
      }
    }
  }

  private void latency(ObjectNode out) {
    long[] v = latencies.stream().mapToLong(l -> l[1]).sorted().toArray();
    out.put("batches", v.length);
    if (v.length > 0) {
      out.put("p50", v[(int) Math.floor(0.5 * (v.length - 1))]);
      out.put("p99", v[(int) Math.floor(0.99 * (v.length - 1))]);
      out.put("max", v[v.length - 1]);
    }
  }

  /** What Spark's progress says of the input waiting: files or offsets behind. */
  private static void lag(ObjectNode out, StreamingQueryProgress p) {
    if (p == null) {
      return;
    }
    out.put("progress_of_batch", p.batchId());
    for (SourceProgress s : p.sources()) {
      for (Map.Entry<String, String> m : s.metrics().entrySet()) {
        out.put(m.getKey(), m.getValue());
      }
    }
  }

  private static void state(ObjectNode out, StreamingQueryProgress p) {
    if (p == null || p.stateOperators().length == 0) {
      return;
    }
    long rows = 0;
    long bytes = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      rows += op.numRowsTotal();
      bytes += op.memoryUsedBytes();
    }
    out.put("progress_of_batch", p.batchId());
    out.put("rows", rows);
    out.put("memory_bytes", bytes);
  }

  /**
   * The sniffer's last counters line ({@code logs_dir/sniffer-health.jsonl}), when it writes one.
   */
  private void sniffer(ObjectNode out) {
    if (snifferHealth == null || !Files.isRegularFile(snifferHealth)) {
      return;
    }
    try {
      // the file grows every 10 s for as long as the sniffer runs: read its end only
      List<JsonNode> last = HealthStatus.tail(snifferHealth, 8192);
      if (!last.isEmpty()) {
        out.set("sniffer", last.get(last.size() - 1));
      }
    } catch (java.io.IOException | RuntimeException e) {
      out.put("sniffer_error", e.getMessage());
    }
  }

  private static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, round(v));
    }
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (DetectRunner.QUERY_NAME.equals(event.progress().name())) {
      lastProgress = event.progress();
    }
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
  }
}
