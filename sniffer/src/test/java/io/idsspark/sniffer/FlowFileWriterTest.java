package io.idsspark.sniffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.capture.TestPcaps;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowSchema;
import io.idsspark.flow.FlowWriters;
import io.idsspark.flow.Format;
import io.idsspark.flow.PcapFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atomic file contract: readers of the folder only ever see complete files. */
class FlowFileWriterTest {
  @TempDir Path dir;

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000_000L);
  private final CaptureStats stats = new CaptureStats();
  private final List<FlowRecord> flows =
      PcapFlows.read(TestPcaps.get("tcpdump__resp_1_benchmark.pcap")); // 15 flows

  private List<Path> visible() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  private List<Path> hidden() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  private FlowFileWriter writer(Format f, FlowWriters.Label label, int max) {
    return new FlowFileWriter(dir, f, label, max, 10_000_000L, clock::get, stats);
  }

  @Test
  void aFileAppearsOnlyWhenCompleteAndWhole() throws Exception {
    try (FlowFileWriter w = writer(Format.CSV, null, 4)) {
      for (int i = 0; i < 3; i++) {
        w.write(flows.get(i));
      }
      // in progress: nothing visible, one hidden temporary file
      assertEquals(List.of(), visible());
      assertEquals(1, hidden().size());
      assertTrue(hidden().get(0).getFileName().toString().matches("\\.flows-.*\\.csv\\.tmp"));
      w.write(flows.get(3)); // 4th flow: the file is full and renamed
      assertEquals(1, visible().size());
      assertEquals(List.of(), hidden());
      for (int i = 4; i < flows.size(); i++) {
        w.write(flows.get(i));
      }
    }
    List<Path> files = visible();
    assertEquals(4, files.size()); // 15 flows, 4 per file
    assertEquals(List.of(), hidden());
    assertEquals(4, stats.filesWritten());
    int rows = 0;
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      assertEquals(String.join(",", FlowSchema.flowColumnNames()), lines.get(0));
      for (String l : lines.subList(1, lines.size())) {
        assertEquals(FlowSchema.flowColumnNames().size(), l.split(",", -1).length);
        rows++;
      }
    }
    assertEquals(15, rows);
  }

  @Test
  void filesRotateEveryWindowOfTheClock() throws Exception {
    try (FlowFileWriter w = writer(Format.CSV, null, 1000)) {
      w.write(flows.get(0));
      clock.addAndGet(9_999_999L);
      w.tick();
      assertEquals(0, visible().size());
      clock.addAndGet(1L); // 10 s after the file was opened
      w.tick();
      assertEquals(1, visible().size());
      w.tick(); // no flows: no empty file
      assertEquals(1, visible().size());
      w.write(flows.get(1));
    }
    assertEquals(2, visible().size());
  }

  @Test
  void labelledJsonLinesUseTheSameNames() throws Exception {
    try (FlowFileWriter w = writer(Format.JSONL, new FlowWriters.Label(1, "dos"), 1000)) {
      w.write(flows.get(0));
    }
    Path f = visible().get(0);
    assertTrue(f.getFileName().toString().endsWith(".jsonl"));
    JsonNode n = new ObjectMapper().readTree(Files.readAllLines(f).get(0));
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    assertEquals(FlowSchema.allColumnNames(), names);
    assertEquals(1, n.get("label").asInt());
    assertEquals("dos", n.get("attack_type").asText());
    assertEquals(flows.get(0).get("src_ip"), n.get("src_ip").asText());
    assertFalse(n.get("flow_duration").isTextual());
  }
}
