package io.idsspark.sniffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.capture.TestPcaps;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.Format;
import io.idsspark.flow.PcapFlows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no broker to take them, the sniffer's Kafka sink loses no flow: every one lands in the flow
 * folder as an ordinary flow file, counted, with one warning line.
 */
class KafkaFlowSinkTest {
  @TempDir Path dir;

  @Test
  void withoutABrokerEveryFlowIsSpilledToTheFolderAndCounted() throws Exception {
    List<FlowRecord> flows = PcapFlows.read(TestPcaps.get("tcpdump__resp_1_benchmark.pcap"));
    CaptureStats stats = new CaptureStats();
    FlowFileWriter files =
        new FlowFileWriter(dir, Format.CSV, null, 1000, 10_000_000L, () -> 0L, stats);
    // nothing listens on port 1; short timeouts so the test does not wait for the real ones
    Properties p = KafkaFlowSink.producerConfig("localhost:1");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    KafkaFlowSink sink =
        new KafkaFlowSink(
            p, 4, "flows", null, files, new PrintStream(err, true, StandardCharsets.UTF_8));

    for (int round = 0; round < 4; round++) {
      for (FlowRecord r : flows) {
        sink.write(r);
      }
    }
    sink.close();

    int n = 4 * flows.size();
    assertEquals(0, sink.sent());
    assertEquals(n, sink.spilled());
    List<String> lines;
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> written =
          s.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
      assertEquals(1, written.size(), "one flow file: " + written);
      lines = Files.readAllLines(written.get(0));
    }
    assertEquals(1 + n, lines.size(), "the header and every flow");
    String warning = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, warning.lines().count(), warning);
    assertTrue(warning.contains("localhost:1") && warning.contains("spilling"), warning);
  }
}
