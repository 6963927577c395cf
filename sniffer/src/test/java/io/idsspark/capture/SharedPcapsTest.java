package io.idsspark.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.idsspark.errors.IdsException;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.PcapFlows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every capture of {@code ../shared/data/pcaps/} (next to the repository; skipped when absent, or
 * point {@code -Dids.shared.dir} at a copy) either yields flows, reading every record capinfos
 * counts, or fails with one line naming the file.
 */
class SharedPcapsTest {
  @Test
  void everySharedCaptureYieldsFlowsOrOneLineNamingIt() throws Exception {
    Path root = Path.of(System.getProperty("ids.project.root", ".."));
    Path dir =
        Path.of(
            System.getProperty(
                "ids.shared.dir", root.toAbsolutePath().getParent().resolve("shared").toString()),
            "data",
            "pcaps");
    assumeTrue(Files.isDirectory(dir), dir + " absent");
    List<String> index = Files.readAllLines(dir.resolve("INDEX.tsv"));
    int readable = 0;
    int refused = 0;
    for (String row : index.subList(1, index.size())) {
      String[] c = row.split("\t", -1);
      Path file = dir.resolve(c[0]);
      try {
        CaptureStats s = PcapFlows.forEach(file, FlowSettings.defaults(), r -> {});
        readable++;
        assertEquals(1, s.filesRead(), c[0]);
        if (c[6].matches("\\d+")) {
          assertEquals(Long.parseLong(c[6]), s.packetsRead(), c[0] + ": records read");
        }
        for (String p : s.problems()) {
          assertTrue(p.startsWith("warning: " + file + ": "), p);
        }
      } catch (IdsException e) {
        refused++;
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
      }
    }
    assertEquals(1, refused, "only the pcap with version 1 is unreadable");
    assertTrue(readable >= 30, "readable: " + readable);
  }
}
