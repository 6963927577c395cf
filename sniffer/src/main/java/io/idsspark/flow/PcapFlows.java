package io.idsspark.flow;

import io.idsspark.capture.CaptureFiles;
import io.idsspark.capture.PacketSource;
import io.idsspark.capture.RawPacket;
import io.idsspark.capture.SkipReason;
import io.idsspark.errors.IdsException;
import io.idsspark.errors.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Capture file to flow records in one call: what {@code detect --pcap}, {@code pcap2flows} and the
 * sniffer's {@code --pcap} use.
 *
 * <pre>
 * List&lt;FlowRecord&gt; flows = PcapFlows.read(Path.of("capture.pcap"));
 * CaptureStats s = PcapFlows.forEach(file, FlowSettings.from(config), writer::write);
 * </pre>
 *
 * <p>A file that cannot be read at all throws {@link IdsException} (exit 3) with one line naming
 * it. A file that breaks part-way (cut short, corrupt record, bad pcapng section) keeps the flows
 * of the packets before the break and records one problem line in the stats.
 */
public final class PcapFlows {
  private PcapFlows() {}

  /** Every flow of a capture file, default settings. */
  public static List<FlowRecord> read(Path file) {
    return read(file, FlowSettings.defaults());
  }

  /** Every flow of a capture file. */
  public static List<FlowRecord> read(Path file, FlowSettings settings) {
    List<FlowRecord> out = new ArrayList<>();
    forEach(file, settings, out::add);
    return out;
  }

  /** Streams a capture file's flows to {@code sink}; returns the counters. */
  public static CaptureStats forEach(Path file, FlowSettings settings, Consumer<FlowRecord> sink) {
    CaptureStats stats = new CaptureStats();
    forEach(file, settings, sink, stats);
    return stats;
  }

  /**
   * Streams a capture file's flows to {@code sink}, counting into {@code stats}.
   *
   * @throws IdsException naming the file when nothing can be read from it
   */
  public static void forEach(
      Path file, FlowSettings settings, Consumer<FlowRecord> sink, CaptureStats stats) {
    PacketSource src;
    try {
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString());
      }
      src = CaptureFiles.open(file);
    } catch (NoSuchFileException e) {
      stats.problem(file + ": no such file", true);
      throw IdsException.input(file + ": no such file");
    } catch (IOException e) {
      String msg = file + ": " + Messages.oneLine(e.getMessage());
      stats.problem(msg, true);
      throw IdsException.input(msg);
    }
    run(src, file.toString(), new FlowAssembler(settings, sink, stats));
  }

  /**
   * Streams the flows of a capture read from a stream (any file system; no libpcap fallback).
   * {@code name} names the capture in messages.
   */
  public static void forEach(
      InputStream in,
      String name,
      FlowSettings settings,
      Consumer<FlowRecord> sink,
      CaptureStats stats) {
    run(openStream(in, name, stats), name, new FlowAssembler(settings, sink, stats));
  }

  /** Reads every record of an open source into the assembler, then flushes it. */
  public static void run(PacketSource src, String name, FlowAssembler assembler) {
    run(src, name, assembler, null);
  }

  /**
   * As {@link #run(PacketSource, String, FlowAssembler)}, calling {@code progress} with the packets
   * read so far every 65,536 packets (for progress lines on big files).
   */
  public static void run(
      PacketSource src, String name, FlowAssembler assembler, LongConsumer progress) {
    CaptureStats stats = assembler.stats();
    RawPacket p = new RawPacket();
    long before = stats.packetsRead();
    try (PacketSource s = src) {
      long n = 0;
      while (s.next(p)) {
        assembler.accept(p);
        if ((++n & 0xffff) == 0 && progress != null) {
          progress.accept(stats.packetsRead());
        }
      }
      countCut(s, name, stats);
    } catch (IOException e) {
      failed(e, name, stats, before, assembler);
    }
    assembler.finish();
    stats.countFileRead();
  }

  /**
   * Flows of a capture stream, pulled one at a time: the packets are read as the flows are
   * consumed, so memory stays bounded by the flow table whatever the file size. Used by {@code
   * pcap2flows} (one iterator per Spark task).
   */
  public static FlowIterator iterator(
      InputStream in, String name, FlowSettings settings, CaptureStats stats) {
    return new FlowIterator(openStream(in, name, stats), name, settings, stats);
  }

  /** A capture stream's reader; a stream no reader takes is one problem line and an input error. */
  private static PacketSource openStream(InputStream in, String name, CaptureStats stats) {
    try {
      return CaptureFiles.open(in, false);
    } catch (IOException e) {
      String msg = name + ": " + Messages.oneLine(e.getMessage());
      stats.problem(msg, true);
      throw IdsException.input(msg);
    }
  }

  /** Counts a record cut by the end of the file. */
  static void countCut(PacketSource s, String name, CaptureStats stats) {
    long cut = s.truncatedRecords();
    for (long i = 0; i < cut; i++) {
      stats.countPacketRead(0);
      stats.countSkip(SkipReason.TRUNCATED_FILE);
    }
    if (cut > 0) {
      stats.problem(
          name + ": file ends inside a packet record (cut short); earlier packets kept", false);
    }
  }

  /**
   * A read error: fatal (one-line {@link IdsException}) if no packet was read before it, else a
   * warning and the earlier packets' flows are kept.
   */
  static void failed(
      IOException e, String name, CaptureStats stats, long packetsBefore, FlowAssembler a) {
    boolean any = stats.packetsRead() > packetsBefore;
    stats.countPacketRead(0);
    stats.countSkip(SkipReason.TRUNCATED_FILE);
    String msg = name + ": " + Messages.oneLine(e.getMessage());
    if (!any) {
      stats.problem(msg, true);
      a.finish();
      throw IdsException.input(msg);
    }
    stats.problem(msg + "; reading stopped there, earlier packets kept", false);
  }
}
