package io.idsspark.flow;

import io.idsspark.capture.SkipReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Counters of one run: packets read, parsed and skipped by reason, flows emitted by end reason,
 * files read, failed and written, plus the one-line problems met per file. Not thread-safe: one per
 * reading thread, {@link #merge} to combine.
 */
public final class CaptureStats {
  /**
   * File in {@code logs_dir} where a live sniffer appends these counters as JSON lines and detect
   * reads the last one (docs/health.md).
   */
  public static final String HEALTH_FILE = "sniffer-health.jsonl";

  private static final int MAX_PROBLEMS = 1000;

  long packetsRead;
  long packetsParsed;
  long bytesRead;
  final long[] skipped = new long[SkipReason.values().length];
  long flowsEmitted;
  final long[] flowsByReason = new long[EndReason.values().length];
  long filesRead;
  long filesFailed;
  long filesWritten;
  private final List<String> problems = new ArrayList<>();

  public long packetsRead() {
    return packetsRead;
  }

  public long packetsParsed() {
    return packetsParsed;
  }

  public long bytesRead() {
    return bytesRead;
  }

  public long skipped(SkipReason r) {
    return skipped[r.ordinal()];
  }

  public long skippedTotal() {
    long t = 0;
    for (long s : skipped) {
      t += s;
    }
    return t;
  }

  public long flowsEmitted() {
    return flowsEmitted;
  }

  public long flows(EndReason r) {
    return flowsByReason[r.ordinal()];
  }

  public long filesRead() {
    return filesRead;
  }

  public long filesFailed() {
    return filesFailed;
  }

  public long filesWritten() {
    return filesWritten;
  }

  /**
   * One-line problems, each naming its file and starting with {@code error: } (file unreadable) or
   * {@code warning: } (read in part); at most 1000 kept.
   */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }

  public void countSkip(SkipReason r) {
    skipped[r.ordinal()]++;
  }

  public void countPacketRead(int wireLength) {
    packetsRead++;
    bytesRead += wireLength;
  }

  public void countParsed() {
    packetsParsed++;
  }

  public void countFlow(EndReason r) {
    flowsEmitted++;
    flowsByReason[r.ordinal()]++;
  }

  public void countFileRead() {
    filesRead++;
  }

  public void countFileWritten() {
    filesWritten++;
  }

  /** Records a file that could not be read (or read only in part). */
  public void problem(String line, boolean fileFailed) {
    if (fileFailed) {
      filesFailed++;
    }
    if (problems.size() < MAX_PROBLEMS) {
      problems.add((fileFailed ? "error: " : "warning: ") + line);
    }
  }

  /** Adds another run's counters to these. */
  public void merge(CaptureStats o) {
    packetsRead += o.packetsRead;
    packetsParsed += o.packetsParsed;
    bytesRead += o.bytesRead;
    for (int i = 0; i < skipped.length; i++) {
      skipped[i] += o.skipped[i];
    }
    flowsEmitted += o.flowsEmitted;
    for (int i = 0; i < flowsByReason.length; i++) {
      flowsByReason[i] += o.flowsByReason[i];
    }
    filesRead += o.filesRead;
    filesFailed += o.filesFailed;
    filesWritten += o.filesWritten;
    for (String p : o.problems) {
      if (problems.size() < MAX_PROBLEMS) {
        problems.add(p);
      }
    }
  }

  /**
   * One line, e.g. {@code packets read=54 parsed=53 skipped=1 (not_ip=1) flows=2 (fin=1 eof=1)
   * files read=1 failed=0 written=1}.
   */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("packets read=").append(packetsRead).append(" parsed=").append(packetsParsed);
    sb.append(" skipped=").append(skippedTotal());
    appendBreakdown(sb, skipped, SkipReason.values());
    sb.append(" flows=").append(flowsEmitted);
    appendBreakdown(sb, flowsByReason, EndReason.values());
    sb.append(" files read=").append(filesRead).append(" failed=").append(filesFailed);
    sb.append(" written=").append(filesWritten);
    return sb.toString();
  }

  private static void appendBreakdown(StringBuilder sb, long[] counts, Enum<?>[] names) {
    StringBuilder inner = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        inner.append(inner.length() == 0 ? "" : " ");
        inner
            .append(names[i].name().toLowerCase(java.util.Locale.ROOT))
            .append('=')
            .append(counts[i]);
      }
    }
    if (inner.length() > 0) {
      sb.append(" (").append(inner).append(')');
    }
  }
}
