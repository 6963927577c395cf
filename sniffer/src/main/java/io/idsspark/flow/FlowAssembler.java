package io.idsspark.flow;

import io.idsspark.capture.PacketParser;
import io.idsspark.capture.ParsedPacket;
import io.idsspark.capture.RawPacket;
import io.idsspark.capture.SkipReason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Raw packets in, finished flows out: parses each packet's headers, keeps a bidirectional flow
 * table and emits a {@link FlowRecord} when a flow ends. Single-threaded; one per capture.
 *
 * <pre>
 * FlowAssembler a = new FlowAssembler(FlowSettings.defaults(), records::add);
 * a.packet(tsMicros, frameBytes, 0, frameBytes.length, frameBytes.length, LinkTypes.ETHERNET);
 * a.finish();   // capture end: flushes the open flows with end_reason=eof
 * </pre>
 *
 * <p>Flow ends (see docs/flows.md):
 *
 * <ul>
 *   <li>active: a packet arriving more than the active timeout after the flow's first packet closes
 *       it; that packet starts a new flow that keeps the old forward direction;
 *   <li>idle: no packet for the idle timeout (checked on the flow's next packet and by a sweep
 *       every second of capture time, or of wall time via {@link #advanceTo}; a sweep may find a
 *       flow idle up to one sweep interval late);
 *   <li>rst: a TCP packet with RST closes the flow, RST packet included;
 *   <li>fin: once both sides sent FIN the flow is closing: the next packet (normally the last ACK)
 *       is added and the flow closed; a new SYN instead starts a new flow; a closing flow that
 *       hears nothing more is closed by the idle sweep, still marked fin;
 *   <li>evicted: when more than {@code maxFlows} flows are open, the oldest one (longest in the
 *       table since it started or was last found active by a sweep) is emitted at once;
 *   <li>eof: {@link #finish()}.
 * </ul>
 *
 * <p>IP fragments: each fragment counts as a packet of its datagram's flow. Fragments after the
 * first carry no ports; they are mapped to the ports of the first fragment via (addresses,
 * protocol, IP identification). A TCP/UDP later fragment whose first fragment was not seen is
 * skipped as {@link SkipReason#ORPHAN_FRAGMENT}.
 */
public final class FlowAssembler {
  private static final int MAX_FRAGMENT_KEYS = 65_536;

  private final FlowSettings settings;
  private final Consumer<FlowRecord> sink;
  private final CaptureStats stats;
  private final ParsedPacket pkt = new ParsedPacket();
  private final FlowKey probe = new FlowKey();
  private final long sweepEveryMicros;
  private final LinkedHashMap<FlowKey, Flow> table;
  private final LinkedHashMap<FragmentKey, Integer> fragmentPorts;
  private long clockMicros = Long.MIN_VALUE;
  private long nextSweepMicros = Long.MIN_VALUE;

  private record FragmentKey(
      int ipVersion, long srcHi, long srcLo, long dstHi, long dstLo, int protocol, long id) {}

  /** Counts into a fresh {@link CaptureStats}. */
  public FlowAssembler(FlowSettings settings, Consumer<FlowRecord> sink) {
    this(settings, sink, new CaptureStats());
  }

  /** Counts into {@code stats} (shared with the reader, which counts files). */
  public FlowAssembler(FlowSettings settings, Consumer<FlowRecord> sink, CaptureStats stats) {
    this.settings = settings;
    this.sink = sink;
    this.stats = stats;
    this.sweepEveryMicros = Math.max(1, Math.min(1_000_000L, settings.idleTimeoutMicros() / 4));
    int max = settings.maxFlows();
    this.table =
        // insertion order, not access order: a lookup per packet must not relink list nodes
        // (extra cache misses); the idle sweep re-queues flows it finds still active instead
        new LinkedHashMap<>(1024, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<FlowKey, Flow> eldest) {
            if (size() > max) {
              emit(eldest.getValue(), EndReason.EVICTED);
              return true;
            }
            return false;
          }
        };
    this.fragmentPorts =
        new LinkedHashMap<>(64, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<FragmentKey, Integer> eldest) {
            return size() > MAX_FRAGMENT_KEYS;
          }
        };
  }

  public CaptureStats stats() {
    return stats;
  }

  /** Latest packet (or {@link #advanceTo}) time seen, microseconds; 0 before the first packet. */
  public long clockMicros() {
    return clockMicros == Long.MIN_VALUE ? 0 : clockMicros;
  }

  /** Flows currently open. */
  public int openFlows() {
    return table.size();
  }

  /** Adds one record from a reader. */
  public void accept(RawPacket p) {
    if (p.badTimestamp) {
      stats.countPacketRead(p.wireLength);
      stats.countSkip(SkipReason.BAD_TIMESTAMP);
      return;
    }
    packet(p.timestampMicros, p.data, p.offset, p.capturedLength, p.wireLength, p.linkType);
  }

  /**
   * Adds one captured frame.
   *
   * @param timestampMicros capture time, microseconds since the epoch
   * @param linkType LINKTYPE_* of the frame; a negative value means the reader could not tell
   *     (pcapng packet naming an undescribed interface)
   */
  public void packet(
      long timestampMicros,
      byte[] data,
      int offset,
      int capturedLength,
      int wireLength,
      int linkType) {
    stats.countPacketRead(wireLength);
    if (linkType < 0) {
      stats.countSkip(SkipReason.BAD_INTERFACE);
      return;
    }
    SkipReason r =
        PacketParser.parse(
            data, offset, capturedLength, wireLength, linkType, timestampMicros, pkt);
    if (r == null && pkt.fragment) {
      r = fragment(pkt);
    }
    if (r != null) {
      stats.countSkip(r);
      return;
    }
    stats.countParsed();
    add(pkt);
  }

  /**
   * Adds one packet whose headers are already parsed (simulated packets: {@code generate} makes its
   * flows here, so its features are the sniffer's by construction). Not for fragments.
   */
  public void accept(ParsedPacket p) {
    stats.countPacketRead(p.wireLength);
    stats.countParsed();
    add(p);
  }

  private SkipReason fragment(ParsedPacket p) {
    boolean ports = p.protocol == 6 || p.protocol == 17;
    if (!ports) {
      return null;
    }
    FragmentKey k =
        new FragmentKey(p.ipVersion, p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.protocol, p.fragmentId);
    if (!p.laterFragment) {
      fragmentPorts.put(k, p.srcPort << 16 | p.dstPort);
      return null;
    }
    Integer known = fragmentPorts.get(k);
    if (known == null) {
      return SkipReason.ORPHAN_FRAGMENT;
    }
    p.srcPort = known >>> 16;
    p.dstPort = known & 0xffff;
    return null;
  }

  private void add(ParsedPacket p) {
    long ts = p.timestampMicros;
    if (ts > clockMicros) {
      clockMicros = ts;
    }
    if (clockMicros >= nextSweepMicros) {
      sweep(clockMicros);
      nextSweepMicros = clockMicros + sweepEveryMicros;
    }
    FlowKey key = probe.setFrom(p);
    boolean fromA = key.fromA(p);
    Flow flow = table.get(key);
    if (flow != null) {
      if (ts - flow.startMicros > settings.activeTimeoutMicros()) {
        close(flow, EndReason.ACTIVE);
        flow = open(flow.key, flow.fwdIsA, ts);
      } else if (ts - flow.lastMicros > settings.idleTimeoutMicros()) {
        close(flow, flow.finMask == 3 ? EndReason.FIN : EndReason.IDLE);
        flow = null;
      } else if (flow.finMask == 3) {
        boolean newConnection =
            p.tcpFlags >= 0
                && (p.tcpFlags & ParsedPacket.SYN) != 0
                && (p.tcpFlags & ParsedPacket.ACK) == 0;
        if (newConnection) {
          close(flow, EndReason.FIN);
          flow = null;
        } else {
          flow.add(p, fromA);
          close(flow, (p.tcpFlags & ParsedPacket.RST) > 0 ? EndReason.RST : EndReason.FIN);
          return;
        }
      }
    }
    if (flow == null) {
      flow = open(key.copy(), fromA, ts);
    }
    flow.add(p, fromA);
    if (p.tcpFlags > 0 && (p.tcpFlags & ParsedPacket.RST) != 0) {
      close(flow, EndReason.RST);
    }
  }

  private Flow open(FlowKey key, boolean fwdIsA, long ts) {
    Flow f = new Flow(key, fwdIsA, ts);
    f.queuedMicros = clockMicros;
    table.put(key, f);
    return f;
  }

  private void close(Flow f, EndReason reason) {
    table.remove(f.key);
    emit(f, reason);
  }

  private void emit(Flow f, EndReason reason) {
    emit(f, reason, clockMicros);
  }

  /** {@code exportedMicros}: the capture clock when the flow is closed and handed on. */
  private void emit(Flow f, EndReason reason, long exportedMicros) {
    stats.countFlow(reason);
    sink.accept(f.toRecord(reason.label(), exportedMicros));
  }

  /**
   * Moves time forward without a packet (live capture: call it with the wall clock), closing flows
   * idle for longer than the idle timeout.
   */
  public void advanceTo(long nowMicros) {
    if (nowMicros > clockMicros) {
      clockMicros = nowMicros;
    }
    sweep(clockMicros);
  }

  private void sweep(long now) {
    // The head is the flow queued longest ago. Flows queued within the idle timeout cannot be
    // idle: stop there. Older ones are emitted if idle, else re-queued at the tail (second chance).
    long idle = settings.idleTimeoutMicros();
    List<Flow> requeue = null;
    Iterator<Flow> it = table.values().iterator();
    while (it.hasNext()) {
      Flow f = it.next();
      if (now - f.queuedMicros <= idle) {
        break;
      }
      it.remove();
      if (now - f.lastMicros > idle) {
        emit(f, f.finMask == 3 ? EndReason.FIN : EndReason.IDLE);
      } else {
        (requeue == null ? requeue = new ArrayList<>() : requeue).add(f);
      }
    }
    if (requeue != null) {
      for (Flow f : requeue) {
        f.queuedMicros = now;
        table.put(f.key, f);
      }
    }
  }

  /**
   * Emits every open flow as the idle sweep would once no packet follows (end reason {@code idle},
   * or {@code fin} if it was closing; exported an idle timeout after its last packet) and forgets
   * the clock. For a caller that knows that no more packets of these flows will come: the
   * generator, which simulates one flow at a time, each at its own time.
   */
  public void expireAll() {
    // as a sweeper that never lags would: each open flow leaves once it has been idle long enough
    drain(EndReason.IDLE, true);
    clockMicros = Long.MIN_VALUE;
    nextSweepMicros = Long.MIN_VALUE;
  }

  /** Capture end: emits every open flow ({@code eof}, or {@code fin} if it was closing). */
  public void finish() {
    drain(EndReason.EOF, false);
  }

  /**
   * Emits every open flow ({@code fin} if it was closing, else {@code open}), exported now or, with
   * {@code atIdle}, an idle timeout after its last packet.
   */
  private void drain(EndReason open, boolean atIdle) {
    Iterator<Flow> it = table.values().iterator();
    while (it.hasNext()) {
      Flow f = it.next();
      it.remove();
      emit(
          f,
          f.finMask == 3 ? EndReason.FIN : open,
          atIdle ? f.lastMicros + settings.idleTimeoutMicros() : clockMicros);
    }
    fragmentPorts.clear();
  }
}
