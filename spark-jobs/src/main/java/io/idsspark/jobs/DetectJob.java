package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.config.PathFallback;
import io.idsspark.context.HostContext;
import io.idsspark.detect.BatchDetector;
import io.idsspark.detect.DetectRunner;
import io.idsspark.detect.DetectSettings;
import io.idsspark.detect.KafkaAlertSink;
import io.idsspark.detect.KafkaTopics;
import io.idsspark.detect.PcapFlowRows;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.FlowSettings;
import io.idsspark.scoring.ModelScorers;
import io.idsspark.spark.Inputs;
import io.idsspark.spark.Sparks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code detect}: watches a flow folder with Structured Streaming and appends explained alerts to
 * {@code alerts.csv} and {@code alerts.jsonl}, exactly once across crashes and restarts; or scores
 * one capture ({@code --pcap}) or one flow CSV ({@code --csv}) and appends their alerts.
 *
 * <pre>
 * scripts/spark-submit --master 'local[2]' spark-jobs/target/ids-spark-jobs.jar detect --flows-dir data/flows --model models
 * {"ts":"2026-11-25T18:19:58.4Z","event":"warmup","flows":20000,"passes":3,"duration_ms":5200,...}
 * {"ts":"2026-11-25T18:19:58.9Z","event":"ready","query":"04f21edb-..."}
 * {"ts":"2026-11-25T18:20:02.1Z","event":"batch","batch":7,"files":2,"rows":40000,"quarantined_rows":0,
 *  "alerts":{"yellow":12,"red":3},"latency_ms":850,"oldest_file_age_ms":2400,"model_version":"20261125-181500-a1b2c3",...}
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar detect --pcap capture.pcap --model models
 * </pre>
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Watches a flow folder (Structured Streaming) and appends explained alerts to"
            + " alerts.csv/jsonl; or scores one --pcap or --csv file.")
public final class DetectJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @ArgGroup(exclusive = true)
  OneShot oneShot;

  static final class OneShot {
    @Option(
        names = "--pcap",
        paramLabel = "FILE",
        description = "Score one capture file, then stop.")
    Path pcap;

    @Option(names = "--csv", paramLabel = "FILE", description = "Score one flow CSV, then stop.")
    String csv;
  }

  @Option(
      names = "--flows-dir",
      paramLabel = "DIR",
      description = "Folder to watch (default: flows_dir).")
  Path flowsDir;

  @Mixin ModelOption model;

  @Option(
      names = "--alerts-dir",
      paramLabel = "DIR",
      description = "Where alerts.csv and alerts.jsonl go (default: logs_dir).")
  Path alertsDir;

  @Option(
      names = "--checkpoint",
      paramLabel = "DIR",
      description =
          "Streaming checkpoint (default: logs_dir/checkpoint/detect, with --source kafka"
              + " logs_dir/checkpoint/detect-kafka-TOPIC).")
  Path checkpoint;

  @Option(
      names = "--trigger",
      paramLabel = "INTERVAL",
      description =
          "Micro-batch interval, e.g. 2s or 500ms (default: trigger_interval); or realtime[:30s]"
              + " for Spark's Real-time Mode (per-flow path only: --source kafka, --alerts-topic, a"
              + " model without host context; the interval is how often offsets are checkpointed).")
  String trigger;

  @Option(
      names = "--flow-format",
      paramLabel = "csv|jsonl",
      description = "Format of the watched files (default: flow_format).")
  String flowFormat;

  @Option(
      names = "--max-files-per-trigger",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Files per micro-batch at most (default: no limit). Spark takes files in modification"
              + " time order and files with the same time in no set order, so with a limit, files"
              + " copied in at once can make flows late for host context (counted in"
              + " health.jsonl).")
  int maxFilesPerTrigger;

  @Option(
      names = "--source",
      paramLabel = "files|kafka",
      defaultValue = "files",
      description = "Read the flow folder (default) or a Kafka topic (--kafka, --topic).")
  String source;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      defaultValue = "localhost:9092",
      description =
          "Kafka brokers for --source kafka and --alerts-topic (default: localhost:9092,"
              + " scripts/kafka).")
  String kafka;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "flows",
      description = "Topic of flow records (JSON) for --source kafka (default: flows).")
  String topic;

  @Option(
      names = "--max-offsets-per-trigger",
      paramLabel = "N",
      defaultValue = "0",
      description = "Messages per micro-batch at most with --source kafka (default: no limit).")
  long maxOffsetsPerTrigger;

  @Option(
      names = "--alerts-topic",
      paramLabel = "TOPIC",
      description =
          "Also publish alerts (JSON, keyed by alert_id) to this Kafka topic on --kafka;"
              + " at-least-once, the files stay exactly-once (default: none).")
  String alertsTopic;

  @Option(
      names = "--incidents-topic",
      paramLabel = "TOPIC",
      defaultValue = "incidents",
      description =
          "With --alerts-topic: the topic of incident records (keyed by incident_id; default:"
              + " incidents).")
  String incidentsTopic;

  @Option(
      names = "--shadow-model",
      paramLabel = "DIR",
      description =
          "Also score a sample of each batch with this model and report in health.jsonl how far it"
              + " agrees with the model in use (its alerts are not written).")
  String shadowModel;

  @Option(
      names = "--once",
      description = "Process the files already in the folder, then stop (Trigger.AvailableNow).")
  boolean once;

  @Option(
      names = "--top-features",
      paramLabel = "N",
      description = "Features named per alert (default: top_features).")
  Integer topFeatures;

  @Option(
      names = "--warmup-flows",
      paramLabel = "N",
      description =
          "Synthetic flows run through the stream's own path (no alerts) before watching, so the first"
              + " files are not slowed by JIT compilation; 0 = none (default:"
              + " detect_warmup_flows; never with --once).")
  Integer warmupFlows;

  @Override
  public Integer call() throws Exception {
    IdsConfig config = common.config();
    Path logs = config.writableDir(ConfigKeys.LOGS_DIR);
    Path alerts = alertsDir != null ? alertsDir : logs;
    String format = flowFormat != null ? flowFormat : config.get(ConfigKeys.FLOW_FORMAT);
    if (!format.equals("csv") && !format.equals("jsonl")) {
      throw IdsException.usage("--flow-format must be csv or jsonl, not '" + format + "'");
    }
    int warmup = warmupFlows != null ? warmupFlows : config.get(ConfigKeys.DETECT_WARMUP_FLOWS);
    if (warmup < 0) {
      throw IdsException.usage("--warmup-flows must be >= 0, not " + warmup);
    }
    long realTimeMillis = realTimeInterval(trigger);
    if (realTimeMillis > 0 && (once || !source.equals("kafka") || alertsTopic == null)) {
      throw IdsException.usage(
          "--trigger realtime needs --source kafka and --alerts-topic (Real-time Mode writes to"
              + " Kafka, not to the alert files), and no --once");
    }
    long triggerMillis =
        once
            ? 0
            : realTimeMillis > 0
                ? realTimeMillis
                : parseInterval(
                    trigger != null ? trigger : config.get(ConfigKeys.TRIGGER_INTERVAL));
    if (!source.equals("files") && !source.equals("kafka")) {
      throw IdsException.usage("--source must be files or kafka, not '" + source + "'");
    }
    if (source.equals("kafka") && oneShot != null) {
      throw IdsException.usage("--source kafka reads a topic; --pcap and --csv read a file");
    }
    DetectSettings settings =
        new DetectSettings(
            flowsDir != null ? flowsDir : config.path(ConfigKeys.FLOWS_DIR),
            format,
            alerts,
            logs,
            checkpoint != null
                ? checkpoint
                : logs.resolve("checkpoint")
                    .resolve(
                        !source.equals("kafka")
                            ? "detect"
                            : (realTimeMillis > 0 ? "detect-realtime-" : "detect-kafka-") + topic),
            triggerMillis,
            maxFilesPerTrigger,
            topFeatures != null ? topFeatures : config.get(ConfigKeys.TOP_FEATURES),
            config.get(ConfigKeys.DETECT_STATE_PARTITIONS),
            config.get(ConfigKeys.DETECT_STATE_MEMORY_MB),
            config.get(ConfigKeys.INCIDENT_GAP_SECONDS),
            config.get(ConfigKeys.INCIDENT_LATENESS_SECONDS),
            source.equals("kafka")
                ? new DetectSettings.KafkaSource(kafka, topic, maxOffsetsPerTrigger)
                : null);
    SparkSession spark = Sparks.session("detect", common.verbose());
    String modelPath = model.path(config);
    // a stream started without host context cannot switch to a model that needs it (its state
    // would be missing); until the stream starts, any model goes
    java.util.concurrent.atomic.AtomicBoolean streamContext =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    ModelScorers.Watching models =
        new ModelScorers.Watching(
            modelPath,
            spark.sparkContext().hadoopConfiguration(),
            s ->
                !streamContext.get() && HostContext.usedBy(s.featureColumns())
                    ? "model "
                        + s.version()
                        + " uses host context (train --context), but this stream was started"
                        + " without it; restart detect with a new --checkpoint to use it"
                    : null);
    DetectRunner runner = new DetectRunner(settings, models, System.out, Clock.systemUTC());
    streamContext.set(oneShot != null || runner.streamContext());
    KafkaAlertSink published =
        alertsTopic == null
            ? null
            : new KafkaAlertSink(
                new KafkaAlertSink.Topics(kafka, alertsTopic, incidentsTopic), 120_000);
    if (published != null) {
      runner.publishingTo(published);
    }
    runner.withHealth(
        DetectRunner.driftSettings(
            config.get(ConfigKeys.DRIFT_PSI_LEVEL),
            config.get(ConfigKeys.DRIFT_WINDOW_SECONDS),
            config.get(ConfigKeys.DRIFT_SUSTAIN_SECONDS)),
        config.get(ConfigKeys.HEARTBEAT_SECONDS) * 1000L);
    if (shadowModel != null) {
      runner.withShadow(
          io.idsspark.model.ModelStore.load(
              shadowModel, spark.sparkContext().hadoopConfiguration()));
    }
    try {
      return run(runner, models, modelPath, alerts, settings, spark, triggerMillis, warmup, config);
    } finally {
      runner.close();
      if (published != null) {
        published.close();
      }
    }
  }

  private Integer run(
      DetectRunner runner,
      ModelScorers.Watching models,
      String modelPath,
      Path alerts,
      DetectSettings settings,
      SparkSession spark,
      long triggerMillis,
      int warmup,
      IdsConfig config)
      throws Exception {
    models.onSwap(
        s ->
            runner.logEvent(
                s.error() == null ? "model_switch" : "model_error",
                n -> {
                  n.put("from", s.from());
                  n.put("to", s.to());
                  if (s.error() != null) {
                    n.put("error", s.error());
                    n.put("kept", s.from());
                  }
                }));
    runner.logEvent(
        "start",
        n -> {
          n.put("mode", oneShot == null ? "stream" : oneShot.pcap != null ? "pcap" : "csv");
          n.put("model", modelPath);
          n.put("model_version", models.current().version());
          n.put("model_pinned", models.pinned());
          n.put("alerts_dir", alerts.toString());
          if (alertsTopic != null) {
            n.put("alerts_topic", alertsTopic);
            n.put("incidents_topic", incidentsTopic);
          }
          if (oneShot == null) {
            if (settings.kafka() != null) {
              n.put("kafka", settings.kafka().bootstrap());
              n.put("topic", settings.kafka().topic());
            } else {
              n.put("flows_dir", settings.flowsDir().toString());
            }
            n.put("checkpoint", settings.checkpointDir().toString());
            n.put("trigger_ms", triggerMillis);
          }
          for (PathFallback f : config.fallbacks()) {
            n.put("fallback_" + f.key(), f.toString());
          }
        });
    if (oneShot != null) {
      Dataset<Row> flows;
      String source;
      if (oneShot.pcap != null) {
        flows = PcapFlowRows.of(spark, oneShot.pcap, FlowSettings.from(config));
        source = oneShot.pcap.toString();
      } else {
        flows = Inputs.readFlows(spark, List.of(oneShot.csv));
        source = oneShot.csv;
      }
      BatchDetector.Result r = runner.once(flows, source);
      System.out.printf(
          "detect: %s: %d flows, %d quarantined, alerts yellow %d red %d -> %s%n",
          source, r.rows(), r.quarantined(), r.yellow(), r.red(), alerts);
      return 0;
    }
    if (settings.kafka() != null) {
      KafkaTopics.awaitTopic(
          settings.kafka().bootstrap(),
          settings.kafka().topic(),
          java.time.Duration.ofSeconds(30),
          w -> runner.logEvent("warning", n -> n.put("message", w)));
    } else if (!Files.isDirectory(settings.flowsDir())) {
      throw IdsException.input(settings.flowsDir() + ": no such flow folder (--flows-dir)");
    }
    boolean realTime = realTimeInterval(trigger) > 0;
    if (!once) {
      runner.warmUp(spark, warmup, DetectRunner.WARMUP_PASSES, realTime);
    }
    StreamingQuery q =
        realTime
            ? runner.startRealTime(
                spark,
                new KafkaAlertSink.Topics(kafka, alertsTopic, incidentsTopic),
                settings.kafka().topic() + "-dead-letters",
                triggerMillis)
            : runner.start(spark);
    runner.logEvent("ready", n -> n.put("query", q.id().toString()));
    try {
      q.awaitTermination();
    } catch (StreamingQueryException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    }
    runner.logEvent("stop", n -> n.put("reason", "done"));
    return 0;
  }

  /**
   * The checkpoint interval of {@code realtime} ({@code 30 s}) or {@code realtime:INTERVAL}; 0 when
   * {@code trigger} is not a Real-time trigger.
   */
  static long realTimeInterval(String trigger) {
    if (trigger == null || !trigger.startsWith("realtime")) {
      return 0;
    }
    if (trigger.equals("realtime")) {
      return 30_000;
    }
    if (!trigger.startsWith("realtime:")) {
      throw IdsException.usage("--trigger: '" + trigger + "' is not realtime or realtime:30s");
    }
    return parseInterval(trigger.substring("realtime:".length()));
  }

  /** {@code 2s}, {@code 500ms}, {@code 1m} in milliseconds. */
  static long parseInterval(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(s.trim());
    if (!m.matches()) {
      throw IdsException.usage("--trigger: '" + s + "' is not an interval like 2s, 500ms or 1m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> n;
      case "s" -> n * 1000;
      default -> n * 60_000;
    };
  }
}
