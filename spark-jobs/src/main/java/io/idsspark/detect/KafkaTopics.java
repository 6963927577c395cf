package io.idsspark.detect;

import io.idsspark.errors.IdsException;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks a Kafka source before the stream starts, so that a wrong broker address or topic name
 * gives one line instead of a stream that waits silently: an unreachable broker is an error after a
 * bounded wait; a topic that does not exist yet is a warning, then a wait until it does (a sniffer
 * that starts later creates it).
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  /**
   * An admin client of the broker at {@code bootstrap} whose calls give up after {@code within}.
   */
  static Admin admin(String bootstrap, Duration within) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(within.toMillis(), 30_000));
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) within.toMillis());
    return Admin.create(p);
  }

  /**
   * Returns when {@code topic} exists on the broker at {@code bootstrap}.
   *
   * @param reachWithin how long the broker may take to answer before this gives up
   * @param warn called once if the topic is missing, with a one-line message
   * @throws IdsException (input error) naming the broker when it does not answer in time
   */
  public static void awaitTopic(
      String bootstrap, String topic, Duration reachWithin, Consumer<String> warn) {
    boolean warned = false;
    try (Admin admin = admin(bootstrap, reachWithin)) {
      while (true) {
        Set<String> names;
        try {
          names = admin.listTopics().names().get(reachWithin.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          throw IdsException.input(
              "Kafka broker "
                  + bootstrap
                  + " did not answer within "
                  + reachWithin.toSeconds()
                  + " s (--kafka; is it running? scripts/kafka status)");
        }
        if (names.contains(topic)) {
          return;
        }
        if (!warned) {
          warn.accept(
              "Kafka topic '"
                  + topic
                  + "' does not exist on "
                  + bootstrap
                  + " yet; waiting for it (--topic; a sniffer with --kafka creates it)");
          warned = true;
        }
        Thread.sleep(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw IdsException.input("interrupted while waiting for Kafka topic " + topic);
    }
  }
}
