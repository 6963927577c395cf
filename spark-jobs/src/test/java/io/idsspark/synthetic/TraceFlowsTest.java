package io.idsspark.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.idsspark.flow.FlowRecord;
import org.junit.jupiter.api.Test;

/**
 * A simulated trace becomes its row through the sniffer's flow engine: the figures are
 * CICFlowMeter's definitions computed by hand, and a trace that runs past the end of its flow is
 * cut where a flow meter would cut it.
 */
class TraceFlowsTest {
  private static final Endpoints ENDS = new Endpoints();

  static {
    ENDS.set(Sim.ip(10, 0, 0, 5), 40000, Sim.ip(192, 168, 1, 2), 80);
  }

  private static FlowRecord record(PacketTrace t) {
    return new TraceFlows().record(t, ENDS);
  }

  private static Object get(FlowRecord row, String col) {
    return row.get(col);
  }

  private static double d(FlowRecord row, String col) {
    return ((Number) get(row, col)).doubleValue();
  }

  @Test
  void handComputedTcpFlow() {
    PacketTrace t = new PacketTrace();
    t.reset(6);
    t.add(0, true, 0, 40, PacketTrace.SYN, 64240); // SYN
    t.add(1_000, false, 0, 40, PacketTrace.SYN | PacketTrace.ACK, 65160);
    t.add(2_000, true, 100, 20, PacketTrace.PSH | PacketTrace.ACK, 501);
    t.add(8_002_000, false, 300, 20, PacketTrace.PSH | PacketTrace.ACK, 509); // 8 s later: idle
    FlowRecord row = record(t);
    assertEquals(8.002, d(row, "flow_duration"), 1e-12);
    assertEquals(2L, get(row, "tot_fwd_pkts"));
    assertEquals(2L, get(row, "tot_bwd_pkts"));
    assertEquals(100L, get(row, "totlen_fwd_pkts"));
    assertEquals(300L, get(row, "totlen_bwd_pkts"));
    assertEquals(400 / 8.002, d(row, "flow_byts_s"), 1e-9);
    assertEquals(4 / 8.002, d(row, "flow_pkts_s"), 1e-9);
    assertEquals(100.0, d(row, "pkt_len_mean"), 1e-12);
    // sample std of {0, 0, 100, 300}
    assertEquals(Math.sqrt((100.0 * 100 * 2 + 0 + 200 * 200) / 3), d(row, "pkt_len_std"), 1e-9);
    assertEquals(d(row, "pkt_len_std") * d(row, "pkt_len_std"), d(row, "pkt_len_var"), 1e-6);
    // gaps 1 ms, 1 ms, 8 s
    assertEquals(8.002 / 3, d(row, "flow_iat_mean"), 1e-12);
    assertEquals(8.0, d(row, "flow_iat_max"), 1e-12);
    assertEquals(0.001, d(row, "flow_iat_min"), 1e-12);
    assertEquals(0.002, d(row, "fwd_iat_tot"), 1e-12);
    // CIC activity rule: the 2 ms before the 8-s gap is one active period, the gap one idle
    assertEquals(0.002, d(row, "active_mean"), 1e-12);
    assertEquals(8.0, d(row, "idle_max"), 1e-12);
    assertEquals(60L, get(row, "fwd_header_len"));
    assertEquals(20L, get(row, "fwd_seg_size_min"));
    assertEquals(1L, get(row, "fwd_act_data_pkts"));
    assertEquals(64240L, get(row, "init_fwd_win_byts"));
    assertEquals(65160L, get(row, "init_bwd_win_byts"));
    assertEquals(2L, get(row, "syn_flag_cnt"));
    assertEquals(3L, get(row, "ack_flag_cnt"));
    assertEquals(2L, get(row, "psh_flag_cnt"));
    assertEquals(1L, get(row, "fwd_psh_flags"));
    assertEquals(1L, get(row, "first_syn_flag"));
    assertEquals(0L, get(row, "first_ack_flag"));
    assertEquals(1.0, d(row, "down_up_ratio"));
    assertEquals("10.0.0.5", get(row, "src_ip"));
    assertEquals("192.168.1.2", get(row, "dst_ip"));
    assertEquals(40000, get(row, "src_port"));
    assertEquals(80, get(row, "dst_port"));
    assertEquals("idle", get(row, "end_reason"));
    assertEquals(4, t.size);
  }

  @Test
  void udpHasNoWindowsAndZeroRatesAtZeroDuration() {
    PacketTrace t = new PacketTrace();
    t.reset(17);
    t.add(5, true, 40, 8, 0, -1);
    t.add(5, true, 40, 8, 0, -1);
    FlowRecord row = record(t);
    assertEquals(0.0, d(row, "flow_duration"));
    assertEquals(0.0, d(row, "flow_byts_s"));
    assertEquals(0.0, d(row, "flow_pkts_s"));
    assertNull(get(row, "init_fwd_win_byts"));
    assertNull(get(row, "init_bwd_win_byts"));
    for (String c : FlowRecord.columns()) {
      if (c.endsWith("_flag_cnt") || c.endsWith("_flag") || c.endsWith("_flags")) {
        assertEquals(0L, get(row, c), c);
      }
    }
  }

  @Test
  void packetsAfterTheActiveTimeoutAreCut() {
    PacketTrace t = new PacketTrace();
    t.reset(17);
    t.add(0, true, 1, 8, 0, -1);
    t.add(119_000_000, false, 1, 8, 0, -1);
    t.add(121_000_000, true, 1, 8, 0, -1);
    assertEquals(2, t.size);
    assertEquals(true, t.cutByActiveTimeout);
  }

  @Test
  void aPauseOverTheIdleTimeoutEndsTheFlowThere() {
    PacketTrace t = new PacketTrace();
    t.reset(17);
    t.add(0, true, 10, 8, 0, -1);
    t.add(2_000_000, false, 20, 8, 0, -1);
    t.add(13_000_000, true, 30, 8, 0, -1); // 11 s of silence: a flow meter has closed the flow
    FlowRecord row = record(t);
    assertEquals(2, t.size, "the trace is cut to the flow's packets");
    assertEquals(1L, get(row, "tot_fwd_pkts"));
    assertEquals(1L, get(row, "tot_bwd_pkts"));
    assertEquals(2.0, d(row, "flow_duration"), 1e-12);
    assertEquals("idle", get(row, "end_reason"));
  }

  @Test
  void packetsAfterAResetAreNotPartOfTheFlow() {
    PacketTrace t = new PacketTrace();
    t.reset(6);
    t.add(0, true, 0, 40, PacketTrace.SYN, 64240);
    t.add(500, false, 0, 20, PacketTrace.RST | PacketTrace.ACK, 0);
    t.add(900, true, 0, 40, PacketTrace.SYN, 64240); // a retry: a new flow for the sniffer
    FlowRecord row = record(t);
    assertEquals(2, t.size);
    assertEquals("rst", get(row, "end_reason"));
    assertEquals(1L, get(row, "bwd_rst_flags"));
  }

  @Test
  void bothFinsThenTheLastAckCloseTheFlow() {
    PacketTrace t = new PacketTrace();
    t.reset(6);
    t.add(0, true, 0, 32, PacketTrace.FIN | PacketTrace.ACK, 501);
    t.add(100, false, 0, 32, PacketTrace.FIN | PacketTrace.ACK, 509);
    t.add(200, true, 0, 32, PacketTrace.ACK, 501);
    FlowRecord row = record(t);
    assertEquals(3, t.size);
    assertEquals("fin", get(row, "end_reason"));
  }
}
