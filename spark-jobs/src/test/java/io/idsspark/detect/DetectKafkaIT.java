package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.AlertLog;
import io.idsspark.config.ConfigKeys;
import io.idsspark.errors.IdsException;
import io.idsspark.model.StoredModel;
import io.idsspark.scoring.ModelScorers;
import io.idsspark.scoring.RecordScorer;
import io.idsspark.scoring.ScorerSource;
import io.idsspark.spark.Inputs;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestModels;
import io.idsspark.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka lane's detect end, on a real broker (scripts/kafka, Kafka's own server, started as a
 * user starts it): flow records produced as JSON are scored, alerts written once across a restart
 * that resumes from the checkpoint's offsets, and messages that are not flow records become dead
 * letters with their topic, partition, offset and reason.
 */
class DetectKafkaIT {
  private static final Path ROOT = TestSpark.projectRoot();
  private static final String PORT = "19092";
  private static final String BOOTSTRAP = "localhost:" + PORT;
  @TempDir static Path broker;
  @TempDir Path tmp;

  private static Map<String, String> env() {
    return Map.of(
        "IDS_KAFKA_DIR",
        broker.resolve("kafka").toString(),
        "IDS_KAFKA_PORT",
        PORT,
        "IDS_KAFKA_CONTROLLER_PORT",
        "19093");
  }

  private static String kafka(String verb) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("scripts/kafka", verb).directory(ROOT.toFile());
    pb.environment().putAll(env());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "scripts/kafka " + verb + " timed out");
    assertEquals(0, p.exitValue(), "scripts/kafka " + verb + ": " + out);
    return out;
  }

  @BeforeAll
  static void startBroker() throws Exception {
    kafka("start");
  }

  @AfterAll
  static void stopBroker() throws Exception {
    kafka("stop");
  }

  /** The flow rows of {@code rows} (sniffer CSV lines) as JSON messages, as the sniffer sends. */
  private List<String> asJson(SparkSession spark, String name, List<String> rows) throws Exception {
    Path f = TestFlows.write(tmp.resolve("csv-" + name), name + ".csv", rows);
    return Inputs.readFlows(spark, List.of(f.toString()))
        .drop("_corrupt_record")
        .toJSON()
        .collectAsList();
  }

  private static void produce(String topic, List<String> values) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, "k", v));
      }
      producer.flush();
    }
  }

  private DetectRunner runner(Path logs, Path ckpt, String topic) {
    return runner(logs, ckpt, topic, 0, () -> new RuleScorer("rule-k", 3000));
  }

  /**
   * detect on {@code topic} (trigger 0: what is there, then stop), alerts and logs in {@code logs}.
   */
  private DetectRunner runner(
      Path logs, Path ckpt, String topic, long triggerMillis, ScorerSource scorer) {
    DetectSettings s =
        new DetectSettings(
            tmp.resolve("unused"),
            "csv",
            logs,
            logs,
            ckpt,
            triggerMillis,
            0,
            3,
            0,
            0,
            ConfigKeys.INCIDENT_GAP_SECONDS.defaultValue(),
            ConfigKeys.INCIDENT_LATENESS_SECONDS.defaultValue(),
            new DetectSettings.KafkaSource(BOOTSTRAP, topic, 0));
    return new DetectRunner(
        s,
        scorer,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        Clock.systemUTC());
  }

  @Test
  void flowsFromATopicAlertOnceAcrossARestartAndBadMessagesAreDeadLetters() throws Exception {
    SparkSession spark = TestSpark.session();
    String topic = "flows-it";
    // 60 flows, every 10th with 5,000 forward packets (red under the rule), then 2 bad messages
    List<String> first =
        new ArrayList<>(
            asJson(spark, "a", TestFlows.rows(1, 0, 60, 10, Map.of("tot_fwd_pkts", "5000"))));
    first.add("this is not json");
    first.add("{\"tot_fwd_pkts\": 9000}");
    produce(topic, first);
    KafkaTopics.awaitTopic(BOOTSTRAP, topic, Duration.ofSeconds(30), w -> {});

    Path logs = tmp.resolve("logs");
    Path ckpt = tmp.resolve("ckpt");
    runner(logs, ckpt, topic).start(spark).awaitTermination();
    List<String> alerts = Files.readAllLines(logs.resolve(AlertLog.CSV_FILE));
    assertEquals(1 + 6, alerts.size(), "header and the 6 red flows: " + alerts);

    // the dead letters: where each message was and why it is not a flow record
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> dead = new ArrayList<>();
    try (var files = Files.walk(logs.resolve("quarantine"))) {
      for (Path q : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        for (String l : Files.readAllLines(q)) {
          dead.add(json.readTree(l));
        }
      }
    }
    assertEquals(2, dead.size(), dead.toString());
    Set<String> reasons = new HashSet<>();
    for (JsonNode d : dead) {
      assertEquals(topic, d.get("topic").asText());
      assertTrue(d.get("offset").asLong() >= 60, d.toString());
      assertTrue(d.has("partition"), d.toString());
      reasons.add(d.get("reason").asText());
    }
    assertEquals(Set.of("not a JSON object of flow record fields", "no timestamp"), reasons);

    // more flows, and a restart on the same checkpoint: only the new flows' alerts are added
    produce(
        topic, asJson(spark, "b", TestFlows.rows(2, 60, 40, 10, Map.of("tot_fwd_pkts", "5000"))));
    runner(logs, ckpt, topic).start(spark).awaitTermination();
    List<String> after = Files.readAllLines(logs.resolve(AlertLog.CSV_FILE));
    assertEquals(1 + 6 + 4, after.size(), "4 more red flows, none twice: " + after);
    assertEquals(after.size(), new HashSet<>(after).size(), "no alert line twice");

    // the checkpoint knows its source: the folder cannot be read with it
    IdsException e =
        assertThrows(IdsException.class, () -> CheckpointFacts.requireSameSource(ckpt, "files"));
    assertTrue(e.getMessage().contains("kafka:" + topic), e.getMessage());
  }

  private static String run(Path dir, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    return out;
  }

  @Test
  void snifferToKafkaToDetectAlertsOnTheFlowsTheFilesHold() throws Exception {
    SparkSession spark = TestSpark.session();
    String pcap =
        ROOT.resolve("spark-jobs/src/test/resources/pcaps/tcpdump__resp_1_benchmark.pcap")
            .toString();
    // the same capture as flow files (the reference) and through Kafka, as a user runs the sniffer
    Path files = tmp.resolve("files");
    run(ROOT, "scripts/sniffer", "--pcap", pcap, "--out", files.toString());
    String out =
        run(
            ROOT,
            "scripts/sniffer",
            "--pcap",
            pcap,
            "--kafka",
            BOOTSTRAP,
            "--topic",
            "sniffed",
            "--out",
            tmp.resolve("spill").toString());
    assertTrue(out.contains("15 flows sent, 0 spilled"), out);

    List<String> csv;
    try (var s = Files.list(files)) {
      csv = s.map(Path::toString).filter(f -> f.endsWith(".csv")).toList();
    }
    // red below the smallest forward packet count (every flow of this capture has 6): each of the
    // 15 flows must come through Kafka and alert exactly once
    List<Long> packets = new ArrayList<>();
    for (org.apache.spark.sql.Row r :
        Inputs.readFlows(spark, csv).select("tot_fwd_pkts").collectAsList()) {
      packets.add(((Number) r.get(0)).longValue());
    }
    java.util.Collections.sort(packets);
    long limit = packets.get(0) - 1;
    long expected = packets.stream().filter(n -> n > limit).count();
    assertEquals(15, expected);

    Path logs = tmp.resolve("logs");
    runner(logs, tmp.resolve("ckpt"), "sniffed", 0, () -> new RuleScorer("rule-s", limit))
        .start(spark)
        .awaitTermination();
    List<String> alerts = Files.readAllLines(logs.resolve(AlertLog.CSV_FILE));
    assertEquals(1 + expected, alerts.size(), alerts.toString());
  }

  /** Keys of every message of {@code topic}, read from the start until {@code atLeast} came. */
  private static List<String> keysOf(String topic, int atLeast) {
    return recordsOf(topic, atLeast).stream().map(ConsumerRecord::key).toList();
  }

  /** The last line of event {@code event} in the detect log of {@code logs}. */
  private static JsonNode lastEvent(Path logs, String event) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode last = null;
    for (String l : Files.readAllLines(logs.resolve("detect.log"))) {
      JsonNode n = json.readTree(l);
      if (event.equals(n.path("event").asText())) {
        last = n;
      }
    }
    assertTrue(last != null, "no " + event + " line in " + logs);
    return last;
  }

  /** The topics on the broker. */
  private static Set<String> topicNames() throws Exception {
    try (Admin admin = KafkaTopics.admin(BOOTSTRAP, java.time.Duration.ofSeconds(30))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  /** The values of the messages of {@code topic}, as {@link #keysOf}. */
  private static List<String> valuesOf(String topic, int atLeast) {
    return recordsOf(topic, atLeast).stream().map(ConsumerRecord::value).toList();
  }

  /**
   * Every message of {@code topic} from the start: at least {@code atLeast}, then until 3 s pass
   * without one (a minute at most).
   */
  private static List<ConsumerRecord<String, String>> recordsOf(String topic, int atLeast) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      int idle = 0;
      while (System.currentTimeMillis() < deadline && (out.size() < atLeast || idle < 3)) {
        int n = 0;
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
          out.add(r);
          n++;
        }
        idle = n == 0 ? idle + 1 : 0;
      }
    }
    return out;
  }

  /** A field of each JSON line of {@code file}. */
  private static List<String> field(Path file, String pointer) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      out.add(json.readTree(l).at(pointer).asText());
    }
    return out;
  }

  @Test
  void killedMidStreamAndRestartedEveryAlertOnceInTheFilesAtLeastOnceInTheTopics()
      throws Exception {
    Path models = tmp.resolve("models");
    TestModels.train(models, tmp.resolve("work"), 31, Instant.parse("2026-11-25T14:00:00Z"));
    SparkSession spark = TestSpark.session();
    String topic = "flows-kill";
    Map<String, String> flood = new HashMap<>(TestModels.FLOOD);
    flood.put("src_ip", "10.9.9.9");
    List<String> messages = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      messages.addAll(asJson(spark, "k" + f, TestFlows.rows(40 + f, f * 50, 50, 10, flood)));
    }
    produce(topic, messages);
    Path alerts = tmp.resolve("alerts");
    List<String> args =
        List.of(
            "--source",
            "kafka",
            "--kafka",
            BOOTSTRAP,
            "--topic",
            topic,
            "--max-offsets-per-trigger",
            "50",
            "--model",
            models.toString(),
            "--alerts-dir",
            alerts.toString(),
            "--checkpoint",
            tmp.resolve("ckpt").toString(),
            "--alerts-topic",
            "alerts-kill",
            "--incidents-topic",
            "incidents-kill",
            "--once");
    DetectProcess detect = new DetectProcess(tmp);
    // 1: killed after batch 1 was published to the topics, before its commit: it is published
    // again by the retry; 2: killed after batch 2's commit, before Spark's: the retry skips it
    detect.killWhenPaused(
        detect.start("after-publish:1", args), alerts.resolve(".paused-after-publish-1"));
    detect.killWhenPaused(
        detect.start("after-commit:2", args), alerts.resolve(".paused-after-commit-2"));
    detect.finishes(detect.start(null, args));

    List<String> ids = field(alerts.resolve(AlertLog.JSONL_FILE), "/event/id");
    assertEquals(20, ids.size(), "5 flood flows in each of the 4 batches");
    assertEquals(20, new HashSet<>(ids).size(), "no alert twice in the file");
    assertEquals(21, Files.readAllLines(alerts.resolve(AlertLog.CSV_FILE)).size());
    List<String> published = keysOf("alerts-kill", 20);
    assertEquals(new HashSet<>(ids), new HashSet<>(published), "every alert published, by id");
    assertEquals(25, published.size(), "batch 1's 5 alerts published twice (at-least-once)");

    List<String> incidentIds = field(alerts.resolve(AlertLog.INCIDENTS_JSONL_FILE), "/incident_id");
    assertEquals(4, incidentIds.size(), "opened, then updated by each later batch");
    assertEquals(
        new HashSet<>(incidentIds), new HashSet<>(keysOf("incidents-kill", incidentIds.size())));
  }

  @Test
  void scoreReadsATopicInBatchAndQuarantinesDeadLetters() throws Exception {
    SparkSession spark = TestSpark.session();
    Path models = tmp.resolve("models");
    TestModels.train(models, tmp.resolve("work"), 32, Instant.parse("2026-11-25T14:00:00Z"));
    String topic = "flows-score";
    List<String> messages =
        new ArrayList<>(asJson(spark, "s", TestFlows.rows(7, 0, 40, 10, TestModels.FLOOD)));
    messages.add(5, "{\"src_ip\": \"10.0.0.1\"}");
    produce(topic, messages);
    Path config = tmp.resolve("ids.yml");
    Files.writeString(config, "logs_dir: " + tmp.resolve("logs") + "\n");
    Path out = tmp.resolve("scored");
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cl = io.idsspark.jobs.IdsJobs.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int code =
        cl.execute(
            "score",
            "--source",
            "kafka",
            "--kafka",
            BOOTSTRAP,
            "--topic",
            topic,
            "--model",
            models.toString(),
            "--out",
            out.toString(),
            "--config",
            config.toString());
    assertEquals(0, code, err.toString());
    var scored = spark.read().option("header", "true").csv(out.toString());
    assertEquals(40, scored.count(), "every flow record scored, the dead letter not");
    assertEquals(4, scored.filter("level = 'red'").count(), "the 4 flood flows");
    assertEquals(
        40, scored.select("_kafka_offset").distinct().count(), "each row keeps its offset");
    List<JsonNode> dead = new ArrayList<>();
    try (var files = Files.walk(tmp.resolve("logs").resolve("quarantine"))) {
      for (Path q : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        for (String l : Files.readAllLines(q)) {
          dead.add(new ObjectMapper().readTree(l));
        }
      }
    }
    assertEquals(1, dead.size(), dead.toString());
    assertEquals("no timestamp", dead.get(0).get(KafkaFlows.REASON).asText());
    assertEquals(5, dead.get(0).get(KafkaFlows.OFFSET).asLong());

    // a topic that does not exist is one line naming it
    err.getBuffer().setLength(0);
    assertEquals(
        3,
        cl.execute(
            "score",
            "--source",
            "kafka",
            "--kafka",
            BOOTSTRAP,
            "--topic",
            "no-such-topic",
            "--model",
            models.toString(),
            "--out",
            tmp.resolve("none").toString(),
            "--config",
            config.toString()),
        err.toString());
    assertTrue(err.toString().contains("no-such-topic"), err.toString());
  }

  @Test
  void realTimeModeWritesEachAlertAndDeadLetterToTopicsAsFlowsArrive() throws Exception {
    SparkSession spark = TestSpark.session();
    StoredModel model =
        TestModels.train(
            tmp.resolve("models"), tmp.resolve("work"), 33, Instant.parse("2026-11-25T14:00:00Z"));
    String topic = "flows-rt";
    List<String> messages =
        new ArrayList<>(asJson(spark, "rt", TestFlows.rows(8, 0, 60, 10, TestModels.FLOOD)));
    messages.add("not a flow");
    messages.add("{\"timestamp\":\"2026-11-25T14:00:00Z\",\"dst_ip\":\"10.0.0.2\"}");
    produce(topic, messages);
    Path logs = tmp.resolve("logs");
    DetectRunner rt = runner(logs, tmp.resolve("ckpt"), topic, 0, () -> ModelScorers.of(model));
    // the warm-up runs the query's own per-message function over synthetic flows, then the query
    // itself through topics of its own (deleted after), sending nothing to the stream's topics
    BatchDetector.Result warm = rt.warmUp(spark, 2_000, 2, true);
    JsonNode warmLine = lastEvent(logs, "warmup");
    assertEquals(2_000, warm.rows(), warmLine.toString());
    assertTrue(warm.yellow() > 0, "the warm-up's flows alert (not sent): " + warm);
    assertEquals(4_000, warmLine.path("broker_messages").asLong(), warmLine.toString());
    assertEquals(3, warmLine.path("pass_ms").size(), "2 in memory + 1 through the broker");
    assertTrue(
        topicNames().stream().noneMatch(t -> t.startsWith(BrokerWarmUp.TOPIC_PREFIX)),
        "warm-up topics deleted: " + topicNames());
    StreamingQuery q =
        rt.startRealTime(
            spark,
            new KafkaAlertSink.Topics(BOOTSTRAP, "alerts-rt", "incidents-rt"),
            "flows-rt-dead",
            5_000);
    List<String> alertKeys;
    List<String> dead;
    try {
      alertKeys = keysOf("alerts-rt", 6);
      dead = valuesOf("flows-rt-dead", 2);
      assertTrue(q.isActive(), "the query runs on: " + q.exception());
    } finally {
      q.stop();
    }
    assertEquals(6, alertKeys.size(), "the 6 flood flows, no warm-up alert: " + alertKeys);
    assertEquals(6, new HashSet<>(alertKeys).size(), alertKeys.toString());
    assertEquals(2, dead.size(), dead.toString());
    ObjectMapper json = new ObjectMapper();
    Set<String> reasons = new HashSet<>();
    for (String d : dead) {
      JsonNode n = json.readTree(d);
      assertEquals(topic, n.path("topic").asText(), d);
      reasons.add(n.path("reason").asText());
    }
    assertEquals(Set.of(RecordScorer.NOT_A_RECORD, "no src_ip"), reasons);
    // a model with host context cannot run there: one line saying why
    IdsException e =
        assertThrows(
            IdsException.class,
            () ->
                runner(
                        logs,
                        tmp.resolve("ckpt-ctx"),
                        topic,
                        0,
                        () -> new RuleScorer("rule-ctx", 3000, true))
                    .startRealTime(
                        spark, new KafkaAlertSink.Topics(BOOTSTRAP, "a", "i"), "d", 5_000));
    assertTrue(e.getMessage().contains("host context"), e.getMessage());
  }

  @Test
  void aBrokerRestartMidRunIsSurvived() throws Exception {
    SparkSession spark = TestSpark.session();
    String topic = "flows-restart";
    produce(
        topic, asJson(spark, "r1", TestFlows.rows(5, 0, 60, 10, Map.of("tot_fwd_pkts", "5000"))));
    Path logs = tmp.resolve("logs");
    StreamingQuery q =
        runner(logs, tmp.resolve("ckpt"), topic, 500, () -> new RuleScorer("rule-r", 3000))
            .start(spark);
    try {
      awaitAlerts(q, logs, 6);
      kafka("stop");
      Thread.sleep(3_000);
      kafka("start");
      produce(
          topic,
          asJson(spark, "r2", TestFlows.rows(6, 60, 40, 10, Map.of("tot_fwd_pkts", "5000"))));
      awaitAlerts(q, logs, 10);
    } finally {
      q.stop();
    }
    List<String> lines = Files.readAllLines(logs.resolve(AlertLog.CSV_FILE));
    assertEquals(1 + 10, lines.size(), lines.toString());
  }

  /** Waits (at most 180 s) until the alerts CSV holds {@code n} alerts; fails if the query did. */
  private static void awaitAlerts(StreamingQuery q, Path logs, int n) throws Exception {
    Path csv = logs.resolve(AlertLog.CSV_FILE);
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(q.isActive(), "the stream stopped: " + q.exception());
      if (Files.exists(csv) && Files.readAllLines(csv).size() - 1 >= n) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("fewer than " + n + " alerts after 180 s");
  }

  @Test
  void anUnreachableBrokerIsOneLineNamingIt() {
    IdsException e =
        assertThrows(
            IdsException.class,
            () -> KafkaTopics.awaitTopic("localhost:1", "flows", Duration.ofSeconds(3), w -> {}));
    assertTrue(e.getMessage().contains("localhost:1"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
