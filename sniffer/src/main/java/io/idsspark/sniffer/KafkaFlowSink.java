package io.idsspark.sniffer;

import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowSchema;
import io.idsspark.flow.FlowWriters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends each flow record to a Kafka topic as one JSON message with the flow schema's field names
 * (the same object a JSONL flow file holds), keyed by the flow's source address, so that one
 * source's flows stay in one partition, in the order the sniffer emitted them ({@code
 * exported_at}). The producer is idempotent with {@code acks=all} (a retried send is not written
 * twice) and batches messages (linger 20 ms, 256 KB batches, lz4).
 *
 * <p>Capture never waits on the broker: flows go into a bounded queue ({@link #QUEUE_FLOWS}) that
 * one sender thread hands to the producer (in handfuls of up to {@link #HANDOFF_FLOWS} flows or
 * {@link #HANDOFF_NANOS}: one wake-up of the sender per flow cost more CPU than the flow's JSON),
 * which retries with backoff while the broker is away. A flow that finds the queue full, or that
 * the producer could not deliver (retries exhausted after the delivery timeout, 30 s), is written
 * to the spill sink instead (the flow folder's rotating files) and counted; the first spill prints
 * one warning line. Nothing is lost.
 */
final class KafkaFlowSink implements FlowSink {
  /** Flows waiting for the producer at most; beyond, they are spilled. */
  static final int QUEUE_FLOWS = 100_000;

  /** Flows the capture thread collects before it hands them to the sender at once. */
  static final int HANDOFF_FLOWS = 256;

  /** How long a flow waits at most in a handful (also handed over at each tick and at close). */
  static final long HANDOFF_NANOS = 5_000_000L;

  private record Pending(FlowRecord flow, byte[] key, byte[] value) {}

  private static final List<Pending> END = List.of();

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final String bootstrap;
  private final FlowWriters.Label label;
  private final FlowSink spill;
  private final PrintStream err;
  private final BlockingQueue<List<Pending>> queue;
  private final int queueFlows;
  private final AtomicLong queued = new AtomicLong();
  private List<Pending> handful = new ArrayList<>(HANDOFF_FLOWS);
  private long handfulSince;
  private final Thread sender;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong spilled = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();
  private volatile boolean closing;
  private java.util.function.Consumer<KafkaFlowSink> onClose = k -> {};
  private final StringBuilder json = new StringBuilder(1024);
  private final int srcIp = FlowSchema.flowColumnNames().indexOf(FlowSchema.SRC_IP);

  KafkaFlowSink(
      String bootstrap, String topic, FlowWriters.Label label, FlowSink spill, PrintStream err) {
    this(producerConfig(bootstrap), QUEUE_FLOWS, topic, label, spill, err);
  }

  /** With the producer's settings and the queue's size given (tests use short timeouts). */
  KafkaFlowSink(
      Properties producerConfig,
      int queueFlows,
      String topic,
      FlowWriters.Label label,
      FlowSink spill,
      PrintStream err) {
    this.producer =
        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
    this.bootstrap = producerConfig.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    this.topic = topic;
    this.label = label;
    this.spill = spill;
    this.err = err;
    this.queueFlows = queueFlows;
    this.queue = new ArrayBlockingQueue<>(queueFlows + 1);
    this.sender = new Thread(this::sendLoop, "kafka-flow-sender");
    sender.setDaemon(true);
    sender.start();
  }

  /** The producer's settings: idempotent, acks=all, batching, bounded memory and retry time. */
  static Properties producerConfig(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L * 1024 * 1024);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 200);
    p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 5_000);
    return p;
  }

  @Override
  public void write(FlowRecord r) {
    json.setLength(0);
    FlowWriters.json(json, r, label);
    json.setLength(json.length() - 1); // the line's newline: a message is the object alone
    String src = r.text(srcIp);
    if (handful.isEmpty()) {
      handfulSince = System.nanoTime();
    }
    handful.add(
        new Pending(
            r,
            src == null ? null : src.getBytes(StandardCharsets.UTF_8),
            json.toString().getBytes(StandardCharsets.UTF_8)));
    if (handful.size() >= HANDOFF_FLOWS || System.nanoTime() - handfulSince >= HANDOFF_NANOS) {
      handOff();
    }
  }

  /** Gives the collected flows to the sender; spills them when the queue holds too many. */
  private void handOff() {
    if (handful.isEmpty()) {
      return;
    }
    List<Pending> h = handful;
    handful = new ArrayList<>(HANDOFF_FLOWS);
    if (queued.get() + h.size() > queueFlows || !queue.offer(h)) {
      for (Pending p : h) {
        spill(p.flow(), "the queue of " + queueFlows + " flows is full");
      }
      return;
    }
    queued.addAndGet(h.size());
  }

  /** The sender thread: hands queued flows to the producer until {@link #END}. */
  private void sendLoop() {
    try {
      while (true) {
        List<Pending> h = queue.take();
        if (h == END) {
          return;
        }
        queued.addAndGet(-h.size());
        for (int i = 0; i < h.size(); i++) {
          Pending p = h.get(i);
          try {
            producer.send(
                new ProducerRecord<>(topic, p.key(), p.value()),
                (meta, e) -> {
                  if (e == null) {
                    sent.incrementAndGet();
                  } else {
                    spill(p.flow(), e.getClass().getSimpleName() + ": " + e.getMessage());
                  }
                });
          } catch (RuntimeException e) {
            // no metadata or buffer space within max.block.ms: the broker is away
            spill(p.flow(), e.getClass().getSimpleName() + ": " + e.getMessage());
            if (closing) {
              for (Pending rest : h.subList(i + 1, h.size())) {
                spill(rest.flow(), "the broker was away when the sniffer stopped");
              }
              spillQueued("the broker was away when the sniffer stopped");
              return;
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes a flow the producer could not take or deliver to the flow folder instead. */
  private void spill(FlowRecord r, String why) {
    synchronized (spill) {
      spill.write(r);
    }
    spilled.incrementAndGet();
    if (warned.compareAndSet(false, true)) {
      err.println(
          "sniffer: Kafka "
              + bootstrap
              + " topic "
              + topic
              + " is not taking flows ("
              + why.replace('\n', ' ')
              + "); spilling them to the flow folder and retrying");
      err.flush();
    }
  }

  @Override
  public void tick() throws IOException {
    handOff();
    synchronized (spill) {
      spill.tick();
    }
  }

  /** Called at the end of {@link #close()}, when the counts are final. */
  void onClose(java.util.function.Consumer<KafkaFlowSink> then) {
    this.onClose = then;
  }

  /** Flows the broker acknowledged. */
  @Override
  public void counters(java.util.Map<String, Long> out) {
    out.put("kafka_sent", sent.get());
    out.put("kafka_spilled", spilled.get());
  }

  long sent() {
    return sent.get();
  }

  /** Flows written to the flow folder instead. */
  long spilled() {
    return spilled.get();
  }

  /**
   * Hands the queued flows to the producer and waits for them (undelivered ones are spilled by
   * their callbacks after the delivery timeout), then completes the spill files.
   */
  @Override
  public void close() throws IOException {
    handOff();
    closing = true;
    try {
      if (!queue.offer(END)) {
        // full: the broker is away; the sender spills what is queued at its next failure
        spillQueued("the broker was away when the sniffer stopped");
        queue.offer(END);
      }
      sender.join(Duration.ofSeconds(40).toMillis());
      if (sender.isAlive()) {
        sender.interrupt();
        sender.join(Duration.ofSeconds(10).toMillis());
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close(Duration.ofSeconds(30));
      spillQueued("the sniffer stopped before it was sent");
      synchronized (spill) {
        spill.close();
      }
      onClose.accept(this);
    }
  }

  /** Spills every flow still queued. */
  private void spillQueued(String why) {
    for (List<Pending> h; (h = queue.poll()) != null; ) {
      queued.addAndGet(-h.size());
      for (Pending p : h) {
        spill(p.flow(), why);
      }
    }
  }
}
