package io.idsspark.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes packets as a classic pcap file (little-endian, microseconds, Ethernet): the inverse of
 * {@link PacketParser} for IPv4 TCP, UDP and ICMP. Each record holds the headers only (the payload
 * is counted in the IP total length and the record's original length, as a capture with a short
 * snap length), so a file of millions of simulated packets stays small. Checksums are 0; the
 * parser, like most flow meters, does not check them. Used by {@code generate --pcap-out}, so the
 * sniffer can be fed exactly the packets the generator simulated.
 */
public final class ClassicPcapWriter implements Closeable {
  private static final int ETHERNET = 14;
  private static final int IPV4 = 20;
  private static final int SNAP_LENGTH = 65_535;

  private final OutputStream out;
  private final ByteBuffer buf = ByteBuffer.allocate(16 + ETHERNET + IPV4 + 60);
  private int ipId;

  /** Writes the file header at once. */
  public ClassicPcapWriter(OutputStream out) throws IOException {
    this.out = new BufferedOutputStream(out, 1 << 16);
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt((int) ClassicPcapReader.MAGIC_MICRO).putShort((short) 2).putShort((short) 4);
    h.putInt(0).putInt(0).putInt(SNAP_LENGTH).putInt(LinkTypes.ETHERNET);
    this.out.write(h.array());
  }

  /**
   * Appends one packet built from the fields {@link PacketParser} fills: IPv4 addresses (low 32
   * bits of {@code srcLo}/{@code dstLo}), protocol, ports, TCP flags, window and header length
   * (data offset; 20 to 60, a multiple of 4), payload bytes and the timestamp.
   *
   * @throws IllegalArgumentException for IPv6 or a header length the protocol cannot carry
   */
  public void write(ParsedPacket p) throws IOException {
    if (p.ipVersion != 4) {
      throw new IllegalArgumentException("only IPv4 packets can be written, not IPv" + p.ipVersion);
    }
    int transport = transportHeader(p);
    int ipTotal = IPV4 + transport + p.payloadBytes;
    if (ipTotal > 65_535) {
      throw new IllegalArgumentException("IPv4 packet of " + ipTotal + " bytes");
    }
    int captured = ETHERNET + IPV4 + transport;
    buf.clear();
    buf.order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt((int) Math.floorDiv(p.timestampMicros, 1_000_000L));
    buf.putInt((int) Math.floorMod(p.timestampMicros, 1_000_000L));
    buf.putInt(captured).putInt(ETHERNET + ipTotal);
    buf.order(ByteOrder.BIG_ENDIAN);
    // Ethernet: locally administered MACs, IPv4 ethertype
    buf.putShort((short) 0x0200).putInt(2).putShort((short) 0x0200).putInt(1);
    buf.putShort((short) 0x0800);
    buf.put((byte) 0x45).put((byte) 0).putShort((short) ipTotal);
    buf.putShort((short) ipId++).putShort((short) 0x4000); // don't fragment
    buf.put((byte) 64).put((byte) p.protocol).putShort((short) 0);
    buf.putInt((int) p.srcLo).putInt((int) p.dstLo);
    switch (p.protocol) {
      case 6 -> {
        buf.putShort((short) p.srcPort).putShort((short) p.dstPort).putInt(1).putInt(0);
        buf.put((byte) ((transport / 4) << 4)).put((byte) Math.max(0, p.tcpFlags));
        buf.putShort((short) Math.max(0, p.tcpWindow)).putInt(0);
        for (int i = 20; i < transport; i++) {
          buf.put((byte) 1); // NOP options
        }
      }
      case 17 ->
          buf.putShort((short) p.srcPort)
              .putShort((short) p.dstPort)
              .putShort((short) (8 + p.payloadBytes))
              .putShort((short) 0);
      default -> buf.putLong(0L); // ICMP and others: an 8-byte header of zeros
    }
    out.write(buf.array(), 0, buf.position());
  }

  private static int transportHeader(ParsedPacket p) {
    if (p.protocol != 6) {
      return 8;
    }
    int h = p.headerBytes;
    if (h < 20 || h > 60 || h % 4 != 0) {
      throw new IllegalArgumentException("TCP header of " + h + " bytes");
    }
    return h;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
