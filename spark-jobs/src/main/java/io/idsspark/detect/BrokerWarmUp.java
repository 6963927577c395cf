package io.idsspark.detect;

import io.idsspark.scoring.RecordScorer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The Real-time path's warm-up through the broker: the warm-up's flow records are produced to a
 * topic of their own and run through the Real-time query itself (Kafka source, the per-message
 * function, Kafka sink) into a second topic of their own; both topics are deleted afterwards.
 * Warming the per-message function alone (in memory, {@link RealTimeAlerts#warmUp}) left the first
 * 10-20 s of a 20,000 flows/s stream at a p99 of 1.4-4.8 s: the Kafka consumer and producer code
 * and the Real-time tasks' own code were still being compiled (JFR: 3.7 s of the 7.4 s of C2
 * compilation in the first 16 s of traffic). Needs the right to create and delete topics on the
 * broker; without it the warm-up stops with its error logged and detection starts anyway.
 */
final class BrokerWarmUp {
  /** Prefix of the warm-up's topic names ({@code ids-warmup-<random>} and its {@code -out}). */
  static final String TOPIC_PREFIX = "ids-warmup-";

  /**
   * The Real-time trigger's interval during the warm-up: its progress is seen per interval. Spark's
   * least ({@code spark.sql.streaming.realTimeMode.minBatchDuration}, 5 s by default).
   */
  private static final long INTERVAL_MS = 5_000;

  /** How long the warm-up query may take to read what was produced before it is stopped. */
  private static final long READ_WITHIN_MS = 120_000;

  private BrokerWarmUp() {}

  /**
   * Produces {@code messages} flow records, the JSON lines of the simulated part files in {@code
   * flows} over and over (the warm-up's other files are copies of them), to a new topic (on the
   * source's broker, where the stream's alerts go too) with as many partitions as the source topic
   * (one long-running task each, as in the real query), runs the Real-time query over it until it
   * has read them all (or {@link #READ_WITHIN_MS}), stops it and deletes the topics.
   *
   * @param checkpoint a folder of the warm-up's own (not the stream's checkpoint)
   * @return the messages the query read
   */
  static long run(
      SparkSession spark,
      DetectSettings.KafkaSource source,
      RecordScorer scorer,
      Path flows,
      long messages,
      Path checkpoint)
      throws TimeoutException {
    String in = TOPIC_PREFIX + UUID.randomUUID().toString().substring(0, 8);
    String out = in + "-out";
    try (Admin admin = KafkaTopics.admin(source.bootstrap(), Duration.ofSeconds(30))) {
      int partitions = partitionsOf(admin, source.topic());
      try {
        get(
            admin
                .createTopics(
                    List.of(
                        new NewTopic(in, Optional.of(partitions), Optional.empty()),
                        new NewTopic(out, Optional.of(partitions), Optional.empty())))
                .all(),
            "create the warm-up topics " + in + " and " + out);
        long sent = produce(source.bootstrap(), in, WarmUpFlows.simulatedLines(flows), messages);
        StreamingQuery q =
            RealTimeAlerts.start(
                spark,
                new DetectSettings.KafkaSource(source.bootstrap(), in, 0),
                scorer,
                new KafkaAlertSink.Topics(source.bootstrap(), out, out),
                out,
                checkpoint.toString(),
                INTERVAL_MS);
        try {
          return awaitRead(q, sent);
        } finally {
          q.stop();
        }
      } finally {
        // a warm-up topic left behind (broker gone) is harmless: its name says what it is
        admin.deleteTopics(List.of(in, out));
      }
    }
  }

  /** Waits until the query's progress has counted {@code sent} input rows; returns the count. */
  private static long awaitRead(StreamingQuery q, long sent) throws TimeoutException {
    long deadline = System.currentTimeMillis() + READ_WITHIN_MS;
    Set<Long> counted = new HashSet<>();
    long read = 0;
    while (read < sent) {
      if (q.exception().isDefined()) {
        throw new IllegalStateException("warm-up query failed", q.exception().get());
      }
      if (System.currentTimeMillis() > deadline) {
        throw new TimeoutException(
            "warm-up query read "
                + read
                + " of "
                + sent
                + " messages in "
                + READ_WITHIN_MS
                + " ms");
      }
      for (StreamingQueryProgress p : q.recentProgress()) {
        if (counted.add(p.batchId())) {
          read += p.numInputRows();
        }
      }
      sleep(200);
    }
    return read;
  }

  private static long produce(String bootstrap, String topic, List<byte[]> values, long messages) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long n = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      while (n < messages && !values.isEmpty()) {
        producer.send(new ProducerRecord<>(topic, values.get((int) (n % values.size()))));
        n++;
      }
      producer.flush();
    }
    return n;
  }

  private static int partitionsOf(Admin admin, String topic) {
    return get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic)
        .get(topic)
        .partitions()
        .size();
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> f, String what) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the warm-up", e);
    }
  }
}
