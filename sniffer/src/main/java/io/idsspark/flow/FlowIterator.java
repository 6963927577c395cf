package io.idsspark.flow;

import io.idsspark.capture.PacketSource;
import io.idsspark.capture.RawPacket;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Pull-style flows of one capture (see {@link PcapFlows#iterator}): reads packets only until the
 * next flow is finished. Closes the capture at its end; call {@link #close()} when stopping early.
 */
public final class FlowIterator implements Iterator<FlowRecord>, Closeable {
  private final PacketSource src;
  private final String name;
  private final CaptureStats stats;
  private final ArrayDeque<FlowRecord> ready = new ArrayDeque<>();
  private final FlowAssembler assembler;
  private final RawPacket packet = new RawPacket();
  private final long packetsBefore;
  private boolean done;

  FlowIterator(PacketSource src, String name, FlowSettings settings, CaptureStats stats) {
    this.src = src;
    this.name = name;
    this.stats = stats;
    this.assembler = new FlowAssembler(settings, ready::add, stats);
    this.packetsBefore = stats.packetsRead();
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && !done) {
      step();
    }
    return !ready.isEmpty();
  }

  @Override
  public FlowRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void step() {
    try {
      for (int i = 0; i < 4096 && ready.isEmpty(); i++) {
        if (!src.next(packet)) {
          PcapFlows.countCut(src, name, stats);
          end();
          return;
        }
        assembler.accept(packet);
      }
    } catch (IOException e) {
      try {
        PcapFlows.failed(e, name, stats, packetsBefore, assembler);
      } finally {
        done = true;
        closeQuietly();
      }
      end();
    }
  }

  private void end() {
    assembler.finish();
    stats.countFileRead();
    done = true;
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      src.close();
    } catch (IOException e) {
      // reading is over; nothing useful to do with a close failure
    }
  }

  @Override
  public void close() {
    done = true;
    closeQuietly();
  }
}
