package io.idsspark.detect;

import io.idsspark.alerts.AlertPublisher;
import io.idsspark.errors.IdsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes detect's alerts and incident records to Kafka topics as JSON (the JSONL objects of
 * {@code alerts.jsonl} and {@code incidents.jsonl}), keyed by {@code alert_id} and {@code
 * incident_id}. At-least-once: {@link io.idsspark.alerts.AlertLog} publishes before it commits a
 * batch, a batch retried after a failure or a kill is published again, and consumers drop repeats
 * by key. A batch whose records cannot be delivered within {@code deliveryTimeoutMs} fails the
 * batch (and the stream) with one line naming the topic and broker; the files keep every alert, and
 * a restart publishes the failed batch again.
 */
public final class KafkaAlertSink implements AlertPublisher {
  /** Where to publish: the brokers, the alerts topic and the incidents topic. */
  public record Topics(String bootstrap, String alerts, String incidents) {}

  private final Topics topics;
  private final KafkaProducer<String, String> producer;

  public KafkaAlertSink(Topics topics, int deliveryTimeoutMs) {
    this.topics = topics;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, deliveryTimeoutMs));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryTimeoutMs);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  @Override
  public void publish(List<Keyed> alerts, List<Keyed> incidents) {
    List<Future<RecordMetadata>> sent = new ArrayList<>(alerts.size() + incidents.size());
    try {
      for (Keyed k : alerts) {
        sent.add(producer.send(new ProducerRecord<>(topics.alerts(), k.key(), k.json())));
      }
      for (Keyed k : incidents) {
        sent.add(producer.send(new ProducerRecord<>(topics.incidents(), k.key(), k.json())));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw IdsException.failed(
          "cannot publish alerts to Kafka topics "
              + topics.alerts()
              + "/"
              + topics.incidents()
              + " on "
              + topics.bootstrap()
              + " (--alerts-topic): "
              + cause.getClass().getSimpleName()
              + ": "
              + cause.getMessage(),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IdsException.input("interrupted while publishing alerts to " + topics.alerts());
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
