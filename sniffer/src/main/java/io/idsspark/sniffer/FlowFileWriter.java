package io.idsspark.sniffer;

import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowWriters;
import io.idsspark.flow.Format;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Writes flow records into rotating files in one folder, each first written under a hidden
 * temporary name ({@code .flows-...csv.tmp}) and renamed when complete, so a reader of the folder
 * (such as {@code detect}, whose file source skips names starting with a dot) never sees half a
 * file. A file is completed after {@code windowMicros} of the supplied clock (capture time for pcap
 * files, wall time live), after {@code maxFlowsPerFile} flows, and on {@link #close()}. No file is
 * made for a window without flows.
 *
 * <p>Names: {@code flows-20260101T120000Z-p4242-000001.csv} (UTC start of the file's window, the
 * process id so concurrent sniffers never collide, a sequence number).
 */
final class FlowFileWriter implements FlowSink {
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final Format format;
  private final FlowWriters.Label label;
  private final int maxFlowsPerFile;
  private final long windowMicros;
  private final LongSupplier clockMicros;
  private final CaptureStats stats;
  private final List<Path> written = new ArrayList<>();
  private final long pid = ProcessHandle.current().pid();

  private BufferedWriter out;
  // reused for every line: no per-flow garbage from formatting
  private final StringBuilder line = new StringBuilder(1024);
  private char[] chars = new char[2048];
  private Path tmp;
  private Path target;
  private long fileStartMicros;
  private int flowsInFile;
  private int sequence;

  FlowFileWriter(
      Path dir,
      Format format,
      FlowWriters.Label label,
      int maxFlowsPerFile,
      long windowMicros,
      LongSupplier clockMicros,
      CaptureStats stats) {
    this.dir = dir;
    this.format = format;
    this.label = label;
    this.maxFlowsPerFile = maxFlowsPerFile;
    this.windowMicros = windowMicros;
    this.clockMicros = clockMicros;
    this.stats = stats;
  }

  /** Appends one flow (opening a file if none is open, completing one that is full). */
  @Override
  public void write(FlowRecord r) {
    try {
      tick();
      if (out == null) {
        open();
      }
      line.setLength(0);
      if (format == Format.CSV) {
        FlowWriters.csv(line, r, label);
      } else {
        FlowWriters.json(line, r, label);
      }
      int n = line.length();
      if (chars.length < n) {
        chars = new char[n * 2];
      }
      line.getChars(0, n, chars, 0);
      out.write(chars, 0, n);
      if (++flowsInFile >= maxFlowsPerFile) {
        complete();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write flow file: " + e.getMessage(), e);
    }
  }

  /** Completes the open file if its window has passed on the clock. */
  @Override
  public void tick() throws IOException {
    if (out != null && clockMicros.getAsLong() - fileStartMicros >= windowMicros) {
      complete();
    }
  }

  /** Files completed so far (renamed to their final names). */
  List<Path> written() {
    return List.copyOf(written);
  }

  private void open() throws IOException {
    fileStartMicros = clockMicros.getAsLong();
    long now = fileStartMicros;
    String base =
        "flows-"
            + NAME_TIME.format(Instant.ofEpochSecond(Math.floorDiv(now, 1_000_000L)))
            + "-p"
            + pid
            + "-"
            + String.format("%06d", ++sequence)
            + "."
            + format.text();
    target = dir.resolve(base);
    tmp = dir.resolve("." + base + ".tmp");
    out =
        new BufferedWriter(
            new java.io.OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8),
            1 << 16);
    flowsInFile = 0;
    if (format == Format.CSV) {
      FlowWriters.csvHeader(out, label != null);
    }
  }

  private void complete() throws IOException {
    if (out == null) {
      return;
    }
    out.close();
    out = null;
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target);
    }
    written.add(target);
    stats.countFileWritten();
  }

  /** Completes the last file. */
  @Override
  public void close() throws IOException {
    complete();
  }
}
