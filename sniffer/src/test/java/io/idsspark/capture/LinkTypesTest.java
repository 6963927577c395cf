package io.idsspark.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.PcapFlows;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every supported link type and file variant, from real captures where one exists (see NOTICE) and
 * hand-built frames otherwise (SLL2, LOOP, LINKTYPE_IPV4).
 */
class LinkTypesTest {

  private static CaptureStats stats(String file, List<FlowRecord> out) {
    return PcapFlows.forEach(TestPcaps.get(file), FlowSettings.defaults(), out::add);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, packets parsed, flows, first flow's protocol, first flow's src_ip
    "tcpdump__dns_udp.pcap, 2, 1, 17, 192.168.1.11", // Ethernet
    "tcpdump__LINKTYPE_IPV6.pcap, 1, 1, 17, ", // 229 raw IPv6
    "tcpdump__LINKTYPE_RAW_ipv4.pcap, 1, 1, 17, ", // 101 raw, IPv4
    "tcpdump__LINKTYPE_RAW_ipv6.pcap, 1, 1, 17, ", // 101 raw, IPv6
    "tcpdump__mptcp-tcprst.pcap, 2, 2, 6, ", // DLT 12 raw
    "tcpdump__resp_1_benchmark.pcap, 150, 15, 6, ", // Linux SLL
    "tcpdump__tcp-handshake-nano.pcap, 3, 1, 6, ", // SLL, nanosecond magic
    "gopacket__test_loopback.pcap, 24, 2, 6, ", // BSD NULL, IPv6
    "tcpdump__tcp_rst_diag_payload-trunc.pcap, 1, 1, 6, ", // NULL, snaplen-cut packet
    "tcpdump__ipv4_tcp_http_xml.pcap, 1, 1, 6, ", // 802.1Q VLAN
    "tcpdump__pptp.pcap, 23, 3, 6, ", // big-endian classic pcap
    "gopacket__be_test006.pcapng, 5, 3, 17, ", // big-endian pcapng, two link types
    "gopacket__be_test202.pcapng, 8, 3, 17, ", // simple packet blocks, snaplen 96
    "chrissanders__tcp_handshake.pcapng, 3, 1, 6, 172.16.16.128",
    "chrissanders__ipfragments.pcap, 24, 1, 1, ", // 24 ICMP fragments, one flow
  })
  void realCaptureYieldsFlows(String file, long parsed, int flows, int proto, String src) {
    List<FlowRecord> out = new ArrayList<>();
    CaptureStats s = stats(file, out);
    assertEquals(parsed, s.packetsParsed(), s.summary());
    assertEquals(flows, out.size(), s.summary());
    assertEquals(proto, out.get(0).get("protocol"));
    if (src != null) {
      assertEquals(src, out.get(0).get("src_ip"));
    }
    assertEquals(0, s.problems().size(), s.problems().toString());
  }

  @Test
  void qinqFramesWithoutIpAreCountedNotIp() {
    CaptureStats s = stats("tcpdump__802.1ad_QinQ.pcap", new ArrayList<>());
    assertEquals(2, s.packetsRead());
    assertEquals(2, s.skipped(SkipReason.NOT_IP));
  }

  @Test
  void nanosecondTimestampsKeepMicroseconds() {
    List<FlowRecord> out = new ArrayList<>();
    stats("tcpdump__tcp-handshake-nano.pcap", out);
    // tshark: 17:16:09.924505488 .. 17:16:10.052115157
    assertEquals("2014-12-09T17:16:09.924505Z", out.get(0).get("timestamp"));
    assertEquals(0.12761, out.get(0).getDouble("flow_duration"), 2e-6);
  }

  @Test
  void outOfRangeTimestampFractionsAreSkippedAndCounted() {
    CaptureStats s = stats("tcpdump__timestamp_invalid_micro.pcap", new ArrayList<>());
    assertEquals(3, s.packetsRead());
    assertEquals(2, s.skipped(SkipReason.BAD_TIMESTAMP));
  }

  @Test
  void emptyPcapngHasNoFlowsAndNoError() {
    List<FlowRecord> out = new ArrayList<>();
    CaptureStats s = stats("tcpdump__empty.pcapng", out);
    assertEquals(0, out.size());
    assertEquals(1, s.filesRead());
  }

  @Test
  void pcapngWithABadSectionVersionKeepsEarlierPackets() {
    List<FlowRecord> out = new ArrayList<>();
    CaptureStats s = stats("gopacket__le_test901.pcapng", out);
    assertEquals(1, out.size());
    assertTrue(s.problems().get(0).contains("unsupported pcapng section version 2.0"));
    assertTrue(s.problems().get(0).startsWith("warning: "));
  }

  @ParameterizedTest(name = "link type {0}")
  @CsvSource({"276", "108", "0", "228", "113", "12", "14"})
  void handBuiltLinkTypes(int linkType) throws Exception {
    byte[] ip = Frames.ipv4("10.9.0.1", "10.9.0.2", 17, Frames.udp(1111, 2222, 4));
    byte[] frame =
        switch (linkType) {
          case 276 -> Frames.sll2(ip);
          case 113 -> Frames.sll(ip);
          case 108 -> Frames.bsdLoopback(ip, true);
          case 0 -> Frames.bsdLoopback(ip, false);
          default -> ip;
        };
    byte[] file = Frames.pcap(linkType, new long[] {1_000_000L}, frame);
    List<FlowRecord> out = new ArrayList<>();
    CaptureStats s = new CaptureStats();
    PcapFlows.forEach(
        new ByteArrayInputStream(file), "hand-built", FlowSettings.defaults(), out::add, s);
    assertEquals(1, out.size(), s.summary());
    assertEquals("10.9.0.1", out.get(0).get("src_ip"));
    assertEquals(2222, out.get(0).get("dst_port"));
    assertEquals(4L, out.get(0).get("totlen_fwd_pkts"));
  }

  @Test
  void unknownLinkTypeIsCountedNotFatal() throws Exception {
    byte[] file = Frames.pcap(147, new long[] {0L}, new byte[] {1, 2, 3});
    CaptureStats s = new CaptureStats();
    PcapFlows.forEach(new ByteArrayInputStream(file), "x", FlowSettings.defaults(), r -> {}, s);
    assertEquals(1, s.skipped(SkipReason.UNSUPPORTED_LINK_TYPE));
    assertNull(s.problems().isEmpty() ? null : s.problems().get(0));
  }
}
