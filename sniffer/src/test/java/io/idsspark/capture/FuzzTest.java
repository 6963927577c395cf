package io.idsspark.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.errors.IdsException;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowAssembler;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.PcapFlows;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input never throws: random bytes and mutated real packets through the parser and the flow
 * assembler, and mutated whole files through the readers (which may only refuse a file with the
 * one-line {@link IdsException}). Seeded, so a failure reproduces.
 */
class FuzzTest {
  private static final int[] LINK_TYPES = {0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147, -1};
  private static final String[] SEEDS = {
    "tcpdump__ssh.pcap",
    "gopacket__test_loopback.pcap",
    "tcpdump__resp_1_benchmark.pcap",
    "chrissanders__ipfragments.pcap",
    "tcpdump__LINKTYPE_RAW_ipv6.pcap",
    "tcpdump__ipv4_tcp_http_xml.pcap"
  };

  @Test
  void randomBytesThroughTheParserAndAssembler() {
    Random rnd = new Random(42);
    FlowAssembler a = new FlowAssembler(FlowSettings.defaults().withMaxFlows(1000), r -> {});
    ParsedPacket p = new ParsedPacket();
    for (int i = 0; i < 100_000; i++) {
      byte[] b = new byte[rnd.nextInt(120)];
      rnd.nextBytes(b);
      if (b.length > 14 && rnd.nextBoolean()) {
        // steer towards deeper code: IPv4/IPv6 ethertype and version nibble
        b[12] = (byte) (rnd.nextBoolean() ? 0x08 : 0x86);
        b[13] = (byte) (b[12] == 0x08 ? 0x00 : 0xdd);
        b[14] = (byte) (b[12] == 0x08 ? 0x45 : 0x60);
      }
      int link = LINK_TYPES[rnd.nextInt(LINK_TYPES.length)];
      int off = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int len = b.length - off;
      PacketParser.parse(b, off, len, len, link, rnd.nextLong(), p);
      a.packet(rnd.nextLong() >>> 20, b, off, len, len, link);
    }
    a.finish();
    CaptureStats s = a.stats();
    assertEquals(100_000, s.packetsRead());
    assertEquals(s.packetsRead(), s.packetsParsed() + s.skippedTotal());
  }

  @Test
  void mutatedRealPacketsThroughTheAssembler() throws Exception {
    Random rnd = new Random(7);
    List<byte[]> frames = new ArrayList<>();
    List<Integer> links = new ArrayList<>();
    for (String f : SEEDS) {
      try (PacketSource src = CaptureFiles.open(TestPcaps.get(f))) {
        RawPacket p = new RawPacket();
        while (src.next(p)) {
          frames.add(java.util.Arrays.copyOfRange(p.data, p.offset, p.offset + p.capturedLength));
          links.add(p.linkType);
        }
      }
    }
    FlowAssembler a = new FlowAssembler(FlowSettings.defaults().withMaxFlows(500), r -> {});
    for (int i = 0; i < 100_000; i++) {
      int k = rnd.nextInt(frames.size());
      byte[] b = frames.get(k).clone();
      for (int m = 1 + rnd.nextInt(4); m > 0 && b.length > 0; m--) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      }
      int len = rnd.nextInt(4) == 0 ? rnd.nextInt(b.length + 1) : b.length;
      a.packet(1_000_000L * i, b, 0, len, b.length, links.get(k));
    }
    a.finish();
    CaptureStats s = a.stats();
    assertEquals(s.packetsRead(), s.packetsParsed() + s.skippedTotal());
    assertTrue(s.packetsParsed() > 0);
  }

  @Test
  void mutatedFilesOnlyEverFailWithTheOneLineError() throws Exception {
    Random rnd = new Random(1234);
    int refused = 0;
    for (int i = 0; i < 1500; i++) {
      String name = SEEDS[rnd.nextInt(SEEDS.length)];
      byte[] file = Files.readAllBytes(TestPcaps.get(name));
      if (rnd.nextBoolean()) {
        file = java.util.Arrays.copyOf(file, rnd.nextInt(file.length + 1));
      }
      for (int m = rnd.nextInt(12); m > 0 && file.length > 0; m--) {
        file[rnd.nextInt(file.length)] = (byte) rnd.nextInt(256);
      }
      CaptureStats s = new CaptureStats();
      try {
        PcapFlows.forEach(
            new ByteArrayInputStream(file), name, FlowSettings.defaults(), r -> {}, s);
      } catch (IdsException e) {
        refused++;
        assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
      }
    }
    assertTrue(refused < 1500, "some mutated files must still be readable");
  }
}
