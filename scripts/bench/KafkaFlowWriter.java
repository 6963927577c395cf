// Produces flow records to a Kafka topic at a fixed rate, as the sniffer's Kafka sink sends them (JSON values keyed
// by src_ip, idempotent, acks=all). Run with Kafka's client on the class path (the sniffer's jar holds it):
//   java -cp sniffer/target/ids-sniffer.jar scripts/bench/KafkaFlowWriter.java POOL.jsonl BOOTSTRAP TOPIC RATE SECONDS
//        MANIFEST [CHUNKS_PER_S]
// Every 1/CHUNKS_PER_S seconds (default 2) one chunk of RATE/CHUNKS_PER_S records from the pool (cycled) is sent, all
// with the chunk's start as their Kafka timestamp, and flushed (every record acknowledged); the manifest gets
// "chunk,<timestamp ms>,<acknowledged, epoch seconds>,<records>" per chunk. detect logs the newest record timestamp
// it has read per micro-batch (newest_input_ms), which ties each chunk to the batch that wrote its alerts.
// env WARM_TOPIC and WARM_RECORDS: first send that many records of the pool to that topic as fast as they go, in
// flushed chunks, so that the writer's own JIT is warm when the timed chunks start (the Real-time leg's latency counts
// from each chunk's start, so a cold writer's slow first sends counted as detect's latency: 0.9 s for the first chunk).
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class KafkaFlowWriter {
  public static void main(String[] a) throws Exception {
    List<String> pool = Files.readAllLines(Path.of(a[0]), StandardCharsets.UTF_8);
    String topic = a[2];
    int rate = Integer.parseInt(a[3]);
    double seconds = Double.parseDouble(a[4]);
    double chunksPerS = a.length > 6 ? Double.parseDouble(a[6]) : 2.0;
    int perChunk = (int) Math.max(1, Math.round(rate / chunksPerS));
    byte[][] keys = new byte[pool.size()][];
    byte[][] values = new byte[pool.size()][];
    for (int i = 0; i < pool.size(); i++) {
      String v = pool.get(i);
      int k = v.indexOf("\"src_ip\":\"");
      keys[i] = k < 0 ? null : v.substring(k + 10, v.indexOf('"', k + 10)).getBytes(StandardCharsets.UTF_8);
      values[i] = v.getBytes(StandardCharsets.UTF_8);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, a[1]);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    int pos = 0;
    int n = 0;
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        PrintWriter m = new PrintWriter(Files.newBufferedWriter(Path.of(a[5])))) {
      String warmTopic = System.getenv("WARM_TOPIC");
      int warm = warmTopic == null ? 0 : Integer.parseInt(System.getenv().getOrDefault("WARM_RECORDS", "0"));
      for (int sent = 0; sent < warm; sent += perChunk) {
        for (int i = 0; i < perChunk; i++) {
          producer.send(new ProducerRecord<>(warmTopic, keys[pos], values[pos]));
          pos = (pos + 1) % values.length;
        }
        producer.flush();
      }
      pos = 0;
      long start = System.currentTimeMillis();
      while (true) {
        long due = start + Math.round(n * 1000 / chunksPerS);
        if (due - start >= seconds * 1000) {
          break;
        }
        long delay = due - System.currentTimeMillis();
        if (delay > 0) {
          Thread.sleep(delay);
        }
        long ts = System.currentTimeMillis();
        for (int i = 0; i < perChunk; i++) {
          producer.send(new ProducerRecord<>(topic, null, ts, keys[pos], values[pos]));
          pos = (pos + 1) % values.length;
        }
        producer.flush();
        m.printf("%d,%d,%.6f,%d%n", n, ts, System.currentTimeMillis() / 1000.0, perChunk);
        m.flush();
        n++;
      }
      double took = (System.currentTimeMillis() - start) / 1000.0;
      System.out.printf(
          "writer: %d chunks, %d flows in %.1f s = %,.0f flows/s offered%n",
          n, (long) n * perChunk, took, n * perChunk / took);
    }
  }
}
