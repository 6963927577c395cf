package io.idsspark.sniffer;

import io.idsspark.capture.CaptureFiles;
import io.idsspark.capture.PacketSource;
import io.idsspark.cli.ExitCodes;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowAssembler;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.PcapFlows;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code --pcap FILE|DIR}: every capture through one flow writer. A file that cannot be read is one
 * error line naming it and the others go on; the run fails (exit 3) only if no file could be read.
 * Files rotate on capture time.
 */
final class PcapRun {
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  private final FlowSettings settings;
  private final CaptureStats stats;
  private final PrintStream err;
  private final boolean libpcap;
  private FlowAssembler current;
  private long lastProgressNanos = System.nanoTime();

  PcapRun(FlowSettings settings, CaptureStats stats, PrintStream err, boolean libpcap) {
    this.settings = settings;
    this.stats = stats;
    this.err = err;
    this.libpcap = libpcap;
  }

  int run(Path input, Function<LongSupplier, ? extends FlowSink> writers) throws IOException {
    if (!Files.exists(input)) {
      throw IdsException.input("--pcap " + input + ": no such file or folder");
    }
    List<Path> files = CaptureFiles.expand(input);
    if (files.isEmpty()) {
      throw IdsException.input(
          "--pcap " + input + ": no capture files (*.pcap, *.pcapng, *.cap, *.dmp) in the folder");
    }
    LongSupplier clock = () -> current == null ? 0 : current.clockMicros();
    try (FlowSink writer = writers.apply(clock)) {
      for (Path f : files) {
        readOne(f, writer, files.size() == 1);
      }
    } catch (UncheckedIOException e) {
      throw IdsException.failed(e.getMessage(), e);
    }
    if (stats.filesRead() == 0) {
      throw IdsException.input(
          files.size() == 1
              ? stats.problems().get(stats.problems().size() - 1).replaceFirst("^error: ", "")
              : "none of the " + files.size() + " captures in " + input + " could be read");
    }
    return ExitCodes.OK;
  }

  private void readOne(Path f, FlowSink writer, boolean only) {
    int problemsBefore = stats.problems().size();
    try {
      PacketSource src = libpcap ? CaptureFiles.openWithLibpcap(f) : CaptureFiles.open(f);
      current = new FlowAssembler(settings, writer::write, stats);
      PcapFlows.run(src, f.toString(), current, this::progress);
    } catch (IdsException e) {
      // PcapFlows recorded the problem in the stats already: printed below
    } catch (IOException e) {
      stats.problem(f + ": " + e.getMessage().replaceAll("\\s+", " "), true);
    }
    List<String> problems = stats.problems();
    for (int i = Math.max(0, problemsBefore); i < problems.size(); i++) {
      // a lone unreadable file is reported once, by the exit error
      if (!(only && stats.filesRead() == 0 && problems.get(i).startsWith("error: "))) {
        err.println(problems.get(i));
      }
    }
  }

  private void progress(long packets) {
    long now = System.nanoTime();
    if (now - lastProgressNanos >= PROGRESS_EVERY_NANOS) {
      lastProgressNanos = now;
      err.println("sniffer: ... " + stats.summary());
    }
  }
}
