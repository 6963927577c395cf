package io.idsspark.alerts;

import java.util.List;

/**
 * A second, at-least-once destination of a batch's alerts and incident records (a Kafka topic),
 * beside the files that {@link AlertLog} writes exactly once. {@link AlertLog} calls it under its
 * lock after the batch's files are written and before the batch is committed: a batch that fails or
 * is killed before its commit is retried and published again, so a consumer may see a record twice
 * and drops repeats by its key (the record's deterministic id), never misses one.
 */
public interface AlertPublisher extends AutoCloseable {
  /** One record: its key (an {@code alert_id} or {@code incident_id}) and its JSON object. */
  record Keyed(String key, String json) {}

  /**
   * Publishes a batch's records and returns once every one is acknowledged.
   *
   * @throws RuntimeException (with a one-line message naming the destination) when they could not
   *     be delivered; the batch then fails and is retried from its last commit
   */
  void publish(List<Keyed> alerts, List<Keyed> incidents);

  @Override
  void close();
}
