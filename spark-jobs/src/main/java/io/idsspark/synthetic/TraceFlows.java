package io.idsspark.synthetic;

import io.idsspark.capture.ParsedPacket;
import io.idsspark.flow.FlowAssembler;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the flow record of a simulated packet trace with the sniffer's own flow engine ({@link
 * FlowAssembler}): the generator has no feature formulas of its own, so a generated row is exactly
 * what the sniffer would write for the same packets (the agreement test checks it through a pcap).
 *
 * <p>A simulation may run past the point where a flow meter ends the flow (a pause longer than the
 * idle timeout, packets after a RST or after both FINs). Only the first flow is kept: the trace is
 * cut to that flow's packets, so the packets written by {@code generate --pcap-out} are exactly the
 * row's packets. One instance per task; not thread-safe.
 */
final class TraceFlows {
  private static final int TOT_FWD = FlowRecord.columns().indexOf("tot_fwd_pkts");
  private static final int TOT_BWD = FlowRecord.columns().indexOf("tot_bwd_pkts");

  private final List<FlowRecord> out = new ArrayList<>(4);
  private final FlowAssembler engine = new FlowAssembler(FlowSettings.defaults(), out::add);
  private final ParsedPacket pkt = new ParsedPacket();

  /**
   * The record of the trace's first flow; cuts {@code t} to that flow's packets.
   *
   * @throws IllegalArgumentException if the trace is empty
   */
  FlowRecord record(PacketTrace t, Endpoints e) {
    if (t.size == 0) {
      throw new IllegalArgumentException("a flow needs at least one packet");
    }
    replay(t, e, t.size);
    FlowRecord first = out.get(0);
    int packets = (int) (first.number(TOT_FWD) + first.number(TOT_BWD));
    if (packets < t.size) {
      // Ended before the trace did. Replay its packets alone: a flow closed by a later packet
      // (idle gap) then ends as the sniffer ends a flow that hears nothing more.
      t.size = packets;
      replay(t, e, packets);
      first = out.get(0);
    }
    return first;
  }

  private void replay(PacketTrace t, Endpoints e, int n) {
    out.clear();
    for (int i = 0; i < n; i++) {
      t.packet(i, e, pkt);
      engine.accept(pkt);
    }
    engine.expireAll();
  }
}
