package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.alerts.AlertLog;
import io.idsspark.context.ContextColumn;
import io.idsspark.context.HostContext;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.flow.FeatureSet;
import io.idsspark.flow.FlowSchema;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.ModelCard;
import io.idsspark.model.ModelStore;
import io.idsspark.model.Thresholds;
import io.idsspark.scoring.ModelScorers;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import io.idsspark.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream = batch with host context, through {@code detect} itself: flow files fed in several
 * micro-batches with a restart in the middle give the alerts (flows and scores) that batch scoring
 * of the same flows gives.
 */
class DetectContextTest {
  @TempDir Path tmp;

  @Test
  void detectWithARestartAlertsOnTheFlowsBatchScoringFlags() throws Exception {
    SparkSession spark = TestSpark.session();
    Map<FlowKind, Long> counts = new EnumMap<>(FlowKind.class);
    counts.put(FlowKind.BENIGN, 3000L);
    counts.put(FlowKind.SYN_FLOOD, 300L);
    counts.put(FlowKind.UDP_FLOOD, 300L);
    counts.put(FlowKind.PORT_SCAN, 300L);
    GenerationPlan plan =
        GenerationPlan.ofCounts(counts, 11, Instant.parse("2026-11-25T10:00:00Z"));
    Column[] flowCols =
        FlowSchema.flowColumnNames().stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> flows = SyntheticFlows.generate(spark, plan, 2).select(flowCols).cache();

    // a model that uses context, trained on the benign part's context
    List<String> features = new ArrayList<>(FeatureSet.MINIMAL.featureNames());
    features.addAll(ContextColumn.names());
    Dataset<Row> withContext = HostContext.add(flows).cache();
    IsolationForestModel m =
        new io.idsspark.forest.IsolationForest()
            .setNumTrees(40)
            .setMaxSamples(256)
            .setSeed(3)
            .setPipeline(FeaturePipeline.of(features, FeaturePipeline.Transform.SIGNED_LOG1P))
            .fit(withContext.coalesce(1));
    double[] q =
        m.transform(withContext).stat().approxQuantile(m.scoreCol(), new double[] {0.9, 0.97}, 0.0);
    Path models = tmp.resolve("models");
    ModelStore.save(
        models.toString(),
        m,
        new Thresholds(q[0], q[1], "test: score quantiles"),
        ModelCard.empty(),
        Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
        new Configuration());

    // batch: what score gives
    Map<String, Double> batch = new HashMap<>();
    for (Row r :
        m.transform(withContext).filter(functions.col(m.scoreCol()).geq(q[0])).collectAsList()) {
      batch.put(key(r), r.getDouble(r.fieldIndex(m.scoreCol())));
    }

    // stream: sniffer-layout files in exported_at order, two micro-batches, restart, two more
    List<Row> ordered =
        flows.orderBy(FlowSchema.EXPORTED_AT, "timestamp", "src_ip").collectAsList();
    Path in = tmp.resolve("flows");
    Files.createDirectories(in);
    int files = 4;
    int per = (ordered.size() + files - 1) / files;
    Path logs = tmp.resolve("logs");
    Path ckpt = tmp.resolve("ckpt");
    for (int f = 0; f < files; f++) {
      writeCsv(spark, ordered.subList(f * per, Math.min(ordered.size(), (f + 1) * per)), in, f);
      if (f == 1) {
        // Spark's generated classes the stream compiled beyond those its warm-up compiled (and the
        // JIT warmed): 36 when each streaming query had a class loader of its own (see
        // Sparks.SESSION_DEFAULTS); now one small projection the warm-up's batches do not need
        long compiled = runOnce(in, logs, ckpt, models);
        assertTrue(compiled <= 3, "classes compiled after the warm-up: " + compiled);
      }
    }
    runOnce(in, logs, ckpt, models);

    Map<String, Double> stream = new HashMap<>();
    List<String> lines = Files.readAllLines(logs.resolve(AlertLog.CSV_FILE));
    List<String> header = List.of(lines.get(0).split(","));
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      String k =
          String.join(
              "|",
              v[header.indexOf("timestamp")],
              v[header.indexOf("src_ip")],
              v[header.indexOf("src_port")],
              v[header.indexOf("dst_ip")],
              v[header.indexOf("dst_port")],
              v[header.indexOf("protocol")]);
      assertTrue(stream.put(k, Double.parseDouble(v[header.indexOf("score")])) == null, k);
    }
    assertTrue(batch.size() > 100, "alerts in batch: " + batch.size());
    // the log: late flows counted per batch (none: fed in export order, each host's flows in end
    // order), and what the state holds after each batch (both hosts' operators)
    List<com.fasterxml.jackson.databind.JsonNode> log = new ArrayList<>();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    // state lines come from Spark's listener bus, which may still be delivering the last one
    for (int wait = 0; wait < 50; wait++) {
      log.clear();
      for (String l : Files.readAllLines(logs.resolve("detect.log"))) {
        log.add(json.readTree(l));
      }
      long b = log.stream().filter(n -> n.path("event").asText().equals("batch")).count();
      long st = log.stream().filter(n -> n.path("event").asText().equals("state_batch")).count();
      if (st >= b) {
        break;
      }
      Thread.sleep(200);
    }
    List<com.fasterxml.jackson.databind.JsonNode> warm =
        log.stream().filter(n -> n.path("event").asText().equals("warmup")).toList();
    assertEquals(2, warm.size(), "one warm-up per start");
    for (var w : warm) {
      assertTrue(!w.has("error") && w.path("pass_ms").size() >= 1, w.toString());
    }
    long batches = log.stream().filter(n -> n.path("event").asText().equals("batch")).count();
    assertTrue(batches >= files, "batch lines: " + batches);
    assertTrue(
        log.stream()
            .filter(n -> n.path("event").asText().equals("batch"))
            .allMatch(n -> n.path("context_late_rows").isNumber()));
    List<com.fasterxml.jackson.databind.JsonNode> state =
        log.stream().filter(n -> n.path("event").asText().equals("state_batch")).toList();
    assertTrue(state.size() >= files, "state lines: " + state.size());
    com.fasterxml.jackson.databind.JsonNode last = state.get(state.size() - 1).path("operators");
    assertEquals(2, last.size());
    assertTrue(last.get(0).path("state_rows").asLong() > 0, last.toString());
    assertTrue(last.get(0).path("memory_bytes").isNumber(), last.toString());
    assertEquals(
        1,
        log.stream()
            .filter(n -> n.path("event").asText().equals("batch"))
            .mapToLong(n -> n.path("quarantined_rows").asLong())
            .sum());
    assertEquals(batch.keySet(), stream.keySet());
    for (Map.Entry<String, Double> e : batch.entrySet()) {
      assertEquals(e.getValue(), stream.get(e.getKey()), 1e-6, e.getKey());
    }
  }

  private static String key(Row r) {
    return String.join(
        "|",
        r.getAs("timestamp").toString(),
        r.getAs("src_ip").toString(),
        r.getAs("src_port").toString(),
        r.getAs("dst_ip").toString(),
        r.getAs("dst_port").toString(),
        r.getAs("protocol").toString());
  }

  private static void writeCsv(SparkSession spark, List<Row> rows, Path in, int n)
      throws Exception {
    Path part = in.getParent().resolve("part-" + n);
    spark
        .createDataFrame(rows, rows.get(0).schema())
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        .csv(part.toString());
    try (var s = Files.list(part)) {
      Path csv = s.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
      if (n == 2) {
        // one malformed line: quarantined, and its batch (not cached: read again for it, state
        // operators included) still gives every flow the batch path's context
        Files.writeString(
            csv, "10.0.0.1,too,few,fields\n", java.nio.file.StandardOpenOption.APPEND);
      }
      Files.move(csv, in.resolve(String.format("flows-%02d.csv", n)));
    }
  }

  /**
   * One start of detect (warm-up, then the files there); returns the classes it compiled after its
   * warm-up.
   */
  private static long runOnce(Path in, Path logs, Path ckpt, Path models) throws Exception {
    DetectRunner r =
        new DetectRunner(
            new DetectSettings(in, "csv", logs, logs, ckpt, 0, 1, 3, 0, 0),
            new ModelScorers.Watching(models.toString(), new Configuration()),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Clock.systemUTC());
    // the warm-up runs the same streaming plan on its own checkpoint: the stream's state and
    // alerts must come out as if it had not run
    r.warmUp(TestSpark.session(), 4000, DetectRunner.WARMUP_PASSES);
    long compiled = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
    r.start(TestSpark.session()).awaitTermination();
    return CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - compiled;
  }
}
