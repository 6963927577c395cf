package io.idsspark.sniffer;

import io.idsspark.capture.LiveCapture;
import io.idsspark.capture.PacketSource;
import io.idsspark.capture.RawPacket;
import io.idsspark.cli.ExitCodes;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowAssembler;
import io.idsspark.flow.FlowSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code --iface NAME}: live capture until {@code --minutes} pass or Ctrl-C; idle flows expire on
 * the wall clock, files rotate every window, statistics are printed every 10 s. On Ctrl-C the open
 * flows are flushed and the last file completed before the process exits.
 */
final class LiveRun {
  private static final long STATS_EVERY_MICROS = 10_000_000L;
  private static final int BATCH = 10_000;
  private static final int IDLE_POLL_MILLIS = 5;

  private final FlowSettings settings;
  private final CaptureStats stats;
  private final PrintStream err;
  private final LongSupplier wallMicros;
  private volatile boolean stop;

  LiveRun(FlowSettings settings, CaptureStats stats, PrintStream err) {
    this(settings, stats, err, () -> System.currentTimeMillis() * 1000L);
  }

  LiveRun(FlowSettings settings, CaptureStats stats, PrintStream err, LongSupplier wallMicros) {
    this.settings = settings;
    this.stats = stats;
    this.err = err;
    this.wallMicros = wallMicros;
  }

  int run(
      String iface, String bpf, Double minutes, Function<LongSupplier, ? extends FlowSink> writers)
      throws IOException {
    PacketSource src = LiveCapture.open(iface, bpf);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop = true;
              try {
                done.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sniffer-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    long start = wallMicros.getAsLong();
    long deadline = minutes == null ? Long.MAX_VALUE : start + (long) (minutes * 60_000_000.0);
    err.println(
        "sniffer: capturing on "
            + iface
            + (bpf == null || bpf.isBlank() ? "" : " (filter: " + bpf + ")")
            + (minutes == null ? " until Ctrl-C" : " for " + minutes + " min"));
    boolean interrupted = false;
    try (FlowSink writer = writers.apply(wallMicros)) {
      FlowAssembler assembler = new FlowAssembler(settings, writer::write, stats);
      RawPacket p = new RawPacket();
      long nextStats = start + STATS_EVERY_MICROS;
      try (src) {
        while (!stop) {
          long now = wallMicros.getAsLong();
          if (now >= deadline) {
            break;
          }
          int n = 0;
          while (n < BATCH && src.next(p)) {
            assembler.accept(p);
            n++;
          }
          if (n == 0) {
            sleepQuietly(IDLE_POLL_MILLIS);
          }
          now = wallMicros.getAsLong();
          assembler.advanceTo(now);
          writer.tick();
          if (now >= nextStats) {
            nextStats = now + STATS_EVERY_MICROS;
            err.println("sniffer: " + stats.summary() + " open_flows=" + assembler.openFlows());
            health(iface, src, writer, assembler.openFlows());
          }
        }
      }
      interrupted = stop;
      assembler.finish();
    } finally {
      // printed here, not by the caller: on Ctrl-C the JVM halts as soon as the hook returns
      err.println(
          "sniffer: "
              + stats.summary()
              + (interrupted ? " (interrupted)" : "")
              + Memory.peakSuffix());
      err.flush();
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down (Ctrl-C): the hook is running and waits for us
      }
    }
    return interrupted ? ExitCodes.INTERRUPTED : ExitCodes.OK;
  }

  /**
   * Also writes the counters as one JSON line to {@code file} (the contract's {@code
   * logs_dir/sniffer-health.jsonl}, which detect's health lines carry) at each statistics print.
   */
  LiveRun withHealthFile(Path file) {
    this.healthFile = file;
    return this;
  }

  private Path healthFile;
  private boolean healthFailed;

  /** One health line: packets, libpcap's drops, flows, the sink's counters (Kafka sent/spilled). */
  private void health(String iface, PacketSource src, FlowSink sink, long openFlows) {
    if (healthFile == null || healthFailed) {
      return;
    }
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("packets_read", stats.packetsRead());
    c.put("packets_parsed", stats.packetsParsed());
    c.put("packets_skipped", stats.skippedTotal());
    c.put("capture_drops", src.capturedDrops());
    c.put("flows", stats.flowsEmitted());
    c.put("open_flows", openFlows);
    c.put("files_written", stats.filesWritten());
    sink.counters(c);
    StringBuilder line = new StringBuilder(256);
    line.append("{\"@timestamp\":\"")
        .append(Instant.ofEpochSecond(0, wallMicros.getAsLong() * 1000))
        .append("\",\"type\":\"sniffer\",\"iface\":\"")
        .append(iface.replace("\\", "\\\\").replace("\"", "\\\""))
        .append('"');
    c.forEach((k, v) -> line.append(",\"").append(k).append("\":").append(v));
    line.append("}\n");
    try {
      Files.createDirectories(healthFile.toAbsolutePath().getParent());
      Files.writeString(
          healthFile,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      healthFailed = true;
      err.println("sniffer: warning: cannot write " + healthFile + " (" + e.getMessage() + ")");
    }
  }

  private void sleepQuietly(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop = true;
    }
  }
}
