// Reads an alerts topic that detect --trigger realtime wrote and prints the latency of its alerts: per alert record,
// its Kafka timestamp (set when Spark's Kafka sink sent it) minus its header ids.input_ms (the Kafka timestamp of the
// flow message it came from, which KafkaFlowWriter sets to its chunk's start). Run with Kafka's client on the class
// path (the sniffer's jar holds it):
//   java -cp sniffer/target/ids-sniffer.jar scripts/bench/KafkaAlertLatency.java BOOTSTRAP TOPIC [SKIP_FIRST_S]
// Reads from the start until 10 s pass without a record; alerts of flows sent in the first SKIP_FIRST_S seconds
// (default 0) are left out of the percentiles (reported apart), as the micro-batch benchmark leaves out its warm-up.
// With ORIGIN_MS (5th argument: the writer's first chunk) alerts of flows sent before it (a warm-up chunk) are left out
// and SKIP_FIRST_S counts from it. With TIMELINE_S (4th argument, e.g. 5; 0 = none) it also prints, per that many seconds of input time, the alerts and their
// p50/max latency: where a stall happened.
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

public class KafkaAlertLatency {
  public static void main(String[] a) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, a[0]);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    double skip = a.length > 2 ? Double.parseDouble(a[2]) : 0;
    List<long[]> seen = new ArrayList<>(); // input ms, latency ms
    Set<String> keys = new HashSet<>();
    long records = 0;
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(a[1]));
      long lastRecord = System.currentTimeMillis();
      while (System.currentTimeMillis() - lastRecord < 10_000) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
          lastRecord = System.currentTimeMillis();
          records++;
          keys.add(r.key());
          Header h = r.headers().lastHeader("ids.input_ms");
          if (h != null && h.value() != null) {
            long in = Long.parseLong(new String(h.value(), StandardCharsets.UTF_8));
            seen.add(new long[] {in, r.timestamp() - in});
          }
        }
      }
    }
    if (seen.isEmpty()) {
      System.out.printf("latency: %d records, none with an input time%n", records);
      return;
    }
    long first =
        a.length > 4
            ? Long.parseLong(a[4])
            : seen.stream().mapToLong(s -> s[0]).min().getAsLong();
    seen.removeIf(s -> s[0] < first);
    List<Long> kept = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    for (long[] s : seen) {
      all.add(s[1]);
      if (s[0] - first >= skip * 1000) {
        kept.add(s[1]);
      }
    }
    if (a.length > 3 && Double.parseDouble(a[3]) > 0) {
      long step = (long) (Double.parseDouble(a[3]) * 1000);
      TreeMap<Long, List<Long>> line = new TreeMap<>();
      for (long[] s : seen) {
        line.computeIfAbsent((s[0] - first) / step, k -> new ArrayList<>()).add(s[1]);
      }
      line.forEach((k, v) -> System.out.printf("timeline %6.1f s: %s%n", k * step / 1000.0, pct(v)));
    }
    System.out.printf(
        "latency: %d records (%d distinct keys); from the writer's start: %s; after the first %.0f s: %s%n",
        records, keys.size(), pct(all), skip, pct(kept));
  }

  private static String pct(List<Long> v) {
    if (v.isEmpty()) {
      return "none";
    }
    List<Long> s = new ArrayList<>(v);
    s.sort(null);
    return String.format(
        "n=%d p50 %.3f s, p99 %.3f s, max %.3f s",
        s.size(),
        s.get((int) Math.floor(0.50 * (s.size() - 1))) / 1000.0,
        s.get((int) Math.floor(0.99 * (s.size() - 1))) / 1000.0,
        s.get(s.size() - 1) / 1000.0);
  }
}
