package io.idsspark.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.capture.SkipReason;
import io.idsspark.capture.TestPcaps;
import io.idsspark.errors.IdsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feature values checked by hand (against tshark's field dump) on small real captures. */
class PcapFlowsTest {
  private static final double EPS = 1e-9;

  @Test
  void dnsOverUdpIsOneBidirectionalFlowWithPayloadBytes() {
    // tshark: 192.168.1.11:43966 -> 209.87.249.18:53 udp.length 64 at .740079,
    //         reply udp.length 232 at .870361
    List<FlowRecord> flows = PcapFlows.read(TestPcaps.get("tcpdump__dns_udp.pcap"));
    assertEquals(1, flows.size());
    FlowRecord f = flows.get(0);
    assertEquals("2020-06-10T09:19:54.740079Z", f.get("timestamp"));
    assertEquals("192.168.1.11", f.get("src_ip"));
    assertEquals("209.87.249.18", f.get("dst_ip"));
    assertEquals(43966, f.get("src_port"));
    assertEquals(53, f.get("dst_port"));
    assertEquals(17, f.get("protocol"));
    assertEquals(0.130282, f.getDouble("flow_duration"), EPS);
    assertEquals(1L, f.get("tot_fwd_pkts"));
    assertEquals(1L, f.get("tot_bwd_pkts"));
    assertEquals(56L, f.get("totlen_fwd_pkts"));
    assertEquals(224L, f.get("totlen_bwd_pkts"));
    assertEquals(280 / 0.130282, f.getDouble("flow_byts_s"), 1e-6);
    assertEquals(2 / 0.130282, f.getDouble("flow_pkts_s"), 1e-6);
    assertEquals(140.0, f.getDouble("pkt_len_mean"), EPS);
    // sample std of {56, 224}: |224 - 56| / sqrt(2)
    assertEquals(168 / Math.sqrt(2), f.getDouble("pkt_len_std"), 1e-9);
    assertEquals(8L, f.get("fwd_header_len"));
    assertEquals(8L, f.get("fwd_seg_size_min"));
    assertNull(f.get("init_fwd_win_byts"));
    assertEquals("eof", f.get("end_reason"));
  }

  @Test
  void tcpHandshakeFromPcapng() {
    // tshark: SYN 172.16.16.128:2826 -> :80 hdr 32 win 8192 at .341715; SYN/ACK hdr 32 win 5840
    // at .474342; ACK hdr 20 at .474483
    List<FlowRecord> flows = PcapFlows.read(TestPcaps.get("chrissanders__tcp_handshake.pcapng"));
    assertEquals(1, flows.size());
    FlowRecord f = flows.get(0);
    assertEquals("172.16.16.128", f.get("src_ip"));
    assertEquals(2826, f.get("src_port"));
    assertEquals(80, f.get("dst_port"));
    assertEquals(0.132768, f.getDouble("flow_duration"), EPS);
    assertEquals(2L, f.get("tot_fwd_pkts"));
    assertEquals(1L, f.get("tot_bwd_pkts"));
    assertEquals(0L, f.get("totlen_fwd_pkts"));
    assertEquals(52L, f.get("fwd_header_len"));
    assertEquals(32L, f.get("bwd_header_len"));
    assertEquals(20L, f.get("fwd_seg_size_min"));
    assertEquals(0.132768 / 2, f.getDouble("flow_iat_mean"), EPS);
    assertEquals(0.132627, f.getDouble("flow_iat_max"), EPS);
    assertEquals(0.000141, f.getDouble("flow_iat_min"), EPS);
    assertEquals(0.132768, f.getDouble("fwd_iat_tot"), EPS);
    assertEquals(8192L, f.get("init_fwd_win_byts"));
    assertEquals(5840L, f.get("init_bwd_win_byts"));
    assertEquals(2L, f.get("syn_flag_cnt"));
    assertEquals(2L, f.get("ack_flag_cnt"));
    assertEquals(1L, f.get("first_syn_flag"));
    assertEquals(0L, f.get("first_ack_flag"));
    assertEquals(0.0, f.getDouble("down_up_ratio"), EPS);
  }

  @Test
  void unreadableFileIsOneLineNamingIt() {
    IdsException e =
        assertThrows(
            IdsException.class,
            () -> PcapFlows.read(TestPcaps.get("libpcap__pcap-invalid-version-1.pcap")));
    assertEquals(IdsException.Kind.INPUT, e.kind());
    assertTrue(e.getMessage().contains("libpcap__pcap-invalid-version-1.pcap"), e.getMessage());
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void fileCutInsideARecordKeepsEarlierPacketsAndCountsTheCut() {
    CaptureStats s =
        PcapFlows.forEach(
            TestPcaps.get("derived__ssh_truncated_mid_record.pcap"),
            FlowSettings.defaults(),
            r -> {});
    assertEquals(53, s.packetsParsed());
    assertEquals(1, s.skipped(SkipReason.TRUNCATED_FILE));
    assertEquals(1, s.problems().size());
    assertTrue(s.problems().get(0).contains("derived__ssh_truncated_mid_record.pcap"));
  }
}
