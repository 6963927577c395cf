package io.idsspark.sniffer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak memory of this process, for the statistics line (benchmarks read it). */
final class Memory {
  private Memory() {}

  /** {@code " peak_heap_mb=123 peak_rss_mb=456"} (RSS only where /proc exists). */
  static String peakSuffix() {
    long heap = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        heap += p.getPeakUsage().getUsed();
      }
    }
    StringBuilder sb = new StringBuilder(" peak_heap_mb=").append(heap >> 20);
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("\\D+", ""));
          sb.append(" peak_rss_mb=").append(kb >> 10);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: heap figure only
    }
    return sb.toString();
  }
}
