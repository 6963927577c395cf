package io.idsspark.flow;

import static io.idsspark.capture.Frames.ethernet;
import static io.idsspark.capture.Frames.ipv4;
import static io.idsspark.capture.Frames.tcp;
import static io.idsspark.capture.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.capture.Frames;
import io.idsspark.capture.LinkTypes;
import io.idsspark.capture.SkipReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flow assembly on hand-built packets; time is the packets' own timestamps. */
class FlowAssemblerTest {
  private static final int SYN = 0x02;
  private static final int ACK = 0x10;
  private static final int FIN = 0x01;
  private static final int RST = 0x04;
  private static final int PSH = 0x08;
  private static final String C = "10.0.0.1";
  private static final String S = "10.0.0.2";
  private static final long T0 = 1_700_000_000_000_000L;

  private final List<FlowRecord> out = new ArrayList<>();
  private FlowAssembler a = new FlowAssembler(FlowSettings.defaults(), out::add);

  private void send(long tsMicros, byte[] ipPacket) {
    byte[] f = ethernet(ipPacket);
    a.packet(tsMicros, f, 0, f.length, f.length, LinkTypes.ETHERNET);
  }

  private void tcpPkt(long ts, boolean fromClient, int flags, int payload) {
    byte[] seg =
        fromClient
            ? tcp(40000, 80, flags, 1000, 20, payload)
            : tcp(80, 40000, flags, 2000, 32, payload);
    send(ts, fromClient ? ipv4(C, S, 6, seg) : ipv4(S, C, 6, seg));
  }

  @Test
  void bothDirectionsShareOneFlowAndForwardIsTheFirstSender() {
    tcpPkt(T0, true, SYN, 0);
    tcpPkt(T0 + 1000, false, SYN | ACK, 0);
    tcpPkt(T0 + 2000, true, ACK, 0);
    tcpPkt(T0 + 3000, true, PSH | ACK, 100);
    tcpPkt(T0 + 7000, false, PSH | ACK, 300);
    a.finish();
    assertEquals(1, out.size());
    FlowRecord f = out.get(0);
    assertEquals(C, f.get("src_ip"));
    assertEquals(40000, f.get("src_port"));
    assertEquals(3L, f.get("tot_fwd_pkts"));
    assertEquals(2L, f.get("tot_bwd_pkts"));
    assertEquals(100L, f.get("totlen_fwd_pkts"));
    assertEquals(300L, f.get("totlen_bwd_pkts"));
    assertEquals(0.007, f.getDouble("flow_duration"), 1e-12);
    assertEquals(60L, f.get("fwd_header_len"));
    assertEquals(64L, f.get("bwd_header_len"));
    assertEquals(1L, f.get("fwd_act_data_pkts"));
    assertEquals(1000L, f.get("init_fwd_win_byts"));
    assertEquals(2000L, f.get("init_bwd_win_byts"));
    assertEquals(2L, f.get("syn_flag_cnt"));
    assertEquals(4L, f.get("ack_flag_cnt"));
    assertEquals(1L, f.get("fwd_psh_flags"));
    assertEquals(1L, f.get("bwd_psh_flags"));
    assertEquals(0.006, f.getDouble("bwd_iat_tot"), 1e-12); // 1000 -> 7000 us
    assertEquals(0.0, f.getDouble("down_up_ratio"), 0.0); // 2 / 3 in integer division
    assertEquals("eof", f.get("end_reason"));
  }

  @Test
  void idleTimeoutSplitsAndAdvanceToExpiresWithoutPackets() {
    send(T0, ipv4(C, S, 17, udp(5000, 53, 10)));
    send(T0 + 10_500_000, ipv4(C, S, 17, udp(5000, 53, 10))); // 10.5 s later: idle > 10 s
    assertEquals(1, out.size());
    assertEquals("idle", out.get(0).get("end_reason"));
    a.advanceTo(T0 + 10_500_000 + 10_000_001);
    assertEquals(2, out.size());
    assertEquals("idle", out.get(1).get("end_reason"));
    assertEquals(0, a.openFlows());
  }

  @Test
  void activeTimeoutCutsFromFlowStartAndKeepsTheDirection() {
    for (int i = 0; i <= 26; i++) { // every 5 s for 130 s, alternating sides
      tcpPkt(T0 + i * 5_000_000L, i % 2 == 0, ACK, 10);
    }
    a.finish();
    assertEquals(2, out.size());
    FlowRecord first = out.get(0);
    assertEquals("active", first.get("end_reason"));
    assertEquals(120.0, first.getDouble("flow_duration"), 1e-9); // packets 0..24
    FlowRecord second = out.get(1);
    // packet 25 (from the server) opens the piece, but the client stays the source
    assertEquals(C, second.get("src_ip"));
    assertEquals(1L, second.get("tot_bwd_pkts"));
    assertEquals(1L, second.get("tot_fwd_pkts"));
  }

  @Test
  void finFromBothSidesClosesOnTheLastAck() {
    tcpPkt(T0, true, SYN, 0);
    tcpPkt(T0 + 10, false, SYN | ACK, 0);
    tcpPkt(T0 + 20, true, FIN | ACK, 0);
    tcpPkt(T0 + 30, false, FIN | ACK, 0);
    assertEquals(0, out.size());
    tcpPkt(T0 + 40, true, ACK, 0);
    assertEquals(1, out.size());
    assertEquals("fin", out.get(0).get("end_reason"));
    assertEquals(
        5L, (long) out.get(0).getLong("tot_fwd_pkts") + out.get(0).getLong("tot_bwd_pkts"));
    assertEquals(2L, out.get(0).get("fin_flag_cnt"));
    tcpPkt(T0 + 50, true, SYN, 0); // port reuse: a new flow
    a.finish();
    assertEquals(2, out.size());
    assertEquals(1L, out.get(1).get("first_syn_flag"));
  }

  @Test
  void newSynAfterBothFinsStartsANewFlow() {
    tcpPkt(T0, true, FIN | ACK, 0);
    tcpPkt(T0 + 10, false, FIN | ACK, 0);
    tcpPkt(T0 + 20, true, SYN, 0);
    a.finish();
    assertEquals(List.of("fin", "eof"), out.stream().map(r -> r.get("end_reason")).toList());
  }

  @Test
  void rstEndsTheFlowWithTheRstIncluded() {
    tcpPkt(T0, true, SYN, 0);
    tcpPkt(T0 + 10, false, RST | ACK, 0);
    assertEquals(1, out.size());
    FlowRecord f = out.get(0);
    assertEquals("rst", f.get("end_reason"));
    assertEquals(1L, f.get("tot_bwd_pkts"));
    assertEquals(1L, f.get("bwd_rst_flags"));
    assertEquals(1L, f.get("rst_flag_cnt"));
  }

  @Test
  void onePacketFlowsAreEmitted() {
    for (int i = 1; i <= 5; i++) {
      byte[] seg = tcp(1000 + i, 80, SYN, 512, 20, 0);
      send(T0 + i, ipv4("192.0.2." + i, S, 6, seg));
    }
    a.finish();
    assertEquals(5, out.size());
    for (FlowRecord f : out) {
      assertEquals(1L, f.get("tot_fwd_pkts"));
      assertEquals(0.0, f.getDouble("flow_duration"));
      assertEquals(0.0, f.getDouble("flow_pkts_s")); // CIC: Infinity; here 0
      assertEquals(1L, f.get("first_syn_flag"));
    }
  }

  @Test
  void fragmentsJoinTheFlowOfTheirFirstFragment() {
    // a UDP datagram of 8 + 2000 bytes cut into 3 fragments (1480 + 480 + 48 bytes of IP payload)
    byte[] whole = udp(7000, 9000, 2000);
    byte[] p1 = java.util.Arrays.copyOfRange(whole, 0, 1480);
    byte[] p2 = new byte[480];
    byte[] p3 = new byte[48];
    send(T0, ipv4(C, S, 17, p1, 77, true, 0));
    send(T0 + 1, ipv4(C, S, 17, p2, 77, true, 185));
    send(T0 + 2, ipv4(C, S, 17, p3, 77, false, 245));
    // a later fragment of a datagram whose first fragment was never seen
    send(T0 + 3, ipv4(C, S, 6, new byte[100], 99, false, 50));
    a.finish();
    assertEquals(1, out.size());
    FlowRecord f = out.get(0);
    assertEquals(7000, f.get("src_port"));
    assertEquals(9000, f.get("dst_port"));
    assertEquals(3L, f.get("tot_fwd_pkts"));
    assertEquals(2000L, f.get("totlen_fwd_pkts"));
    assertEquals(8L, f.get("fwd_header_len"));
    assertEquals(1, a.stats().skipped(SkipReason.ORPHAN_FRAGMENT));
  }

  @Test
  void vlanAndQinQTaggedFramesParse() {
    byte[] ip = ipv4(C, S, 17, udp(1, 2, 5));
    byte[] tagged = ethernet(ip, 0x8100);
    byte[] qinq = ethernet(ip, 0x88a8, 0x8100);
    a.packet(T0, tagged, 0, tagged.length, tagged.length, LinkTypes.ETHERNET);
    a.packet(T0 + 1, qinq, 0, qinq.length, qinq.length, LinkTypes.ETHERNET);
    a.finish();
    assertEquals(1, out.size());
    assertEquals(2L, out.get(0).get("tot_fwd_pkts"));
    assertEquals(10L, out.get(0).get("totlen_fwd_pkts"));
  }

  @Test
  void fullTableEvictsTheOldestFlow() {
    a = new FlowAssembler(FlowSettings.defaults().withMaxFlows(2), out::add);
    send(T0, ipv4("10.1.0.1", S, 17, udp(1, 2, 0)));
    send(T0 + 1, ipv4("10.1.0.2", S, 17, udp(1, 2, 0)));
    send(T0 + 3, ipv4("10.1.0.3", S, 17, udp(1, 2, 0)));
    assertEquals(1, out.size());
    assertEquals("10.1.0.1", out.get(0).get("src_ip"));
    assertEquals("evicted", out.get(0).get("end_reason"));
    assertEquals(2, a.openFlows());
  }

  @Test
  void ipv6ExtensionHeadersAreSkipped() {
    byte[] seg = tcp(443, 50000, SYN | ACK, 100, 20, 7);
    // hop-by-hop (8 bytes, next = destination options), destination options (8, next = TCP)
    byte[] ext = new byte[16];
    ext[0] = 60;
    ext[8] = 6;
    byte[] ip = Frames.ipv6(Frames.v6(1), Frames.v6(2), 0, ext, seg);
    send(T0, ip);
    a.finish();
    FlowRecord f = out.get(0);
    assertEquals("2001:db8::1", f.get("src_ip"));
    assertEquals(443, f.get("src_port"));
    assertEquals(6, f.get("protocol"));
    assertEquals(7L, f.get("totlen_fwd_pkts"));
  }

  @Test
  void sweepKeepsActiveFlowsAndExpiresIdleOnes() {
    // flow A talks every 4 s for 40 s; flow B sends once; both opened at T0
    send(T0, ipv4(C, S, 17, udp(1, 2, 0)));
    send(T0, ipv4("10.7.7.7", S, 17, udp(3, 4, 0)));
    for (int i = 1; i <= 10; i++) {
      send(T0 + i * 4_000_000L, ipv4(C, S, 17, udp(1, 2, 0)));
    }
    assertEquals(1, out.size()); // B idle, A re-queued by the sweeps and still open
    assertEquals("10.7.7.7", out.get(0).get("src_ip"));
    assertEquals(1, a.openFlows());
    a.advanceTo(T0 + 40_000_000L + 10_000_001L);
    assertEquals(2, out.size());
    assertEquals(11L, out.get(1).get("tot_fwd_pkts"));
  }

  @Test
  void reorderedTimestampsNeverGiveNegativeTimes() {
    tcpPkt(T0 + 5000, true, ACK, 1);
    tcpPkt(T0, false, ACK, 1);
    a.finish();
    FlowRecord f = out.get(0);
    assertEquals(0.0, f.getDouble("flow_duration"));
    assertTrue(f.getDouble("flow_iat_min") >= 0);
  }

  @Test
  void activeAndIdlePeriodsFollowCicActivityTimeout() {
    a = new FlowAssembler(new FlowSettings(120_000_000L, 60_000_000L, 100), out::add);
    tcpPkt(T0, true, ACK, 1);
    tcpPkt(T0 + 1_000_000, true, ACK, 1); // active 0..1 s
    tcpPkt(T0 + 8_000_000, true, ACK, 1); // gap 7 s > 5 s: active 1 s, idle 7 s
    tcpPkt(T0 + 9_000_000, true, ACK, 1);
    a.finish();
    FlowRecord f = out.get(0);
    assertEquals(1.0, f.getDouble("active_mean"), 1e-12);
    assertEquals(7.0, f.getDouble("idle_max"), 1e-12);
  }
}
