package io.idsspark.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Hand-built frames for tests: IPv4/IPv6 packets with TCP, UDP or ICMP, wrapped in any supported
 * link layer. Checksums are left 0 (the parser does not check them).
 */
public final class Frames {
  private Frames() {}

  /** IPv4 address from dotted text. */
  public static byte[] v4(String dotted) {
    String[] p = dotted.split("\\.");
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      b[i] = (byte) Integer.parseInt(p[i]);
    }
    return b;
  }

  /** TCP header (20 bytes + options to reach {@code headerLen}) followed by payload. */
  public static byte[] tcp(
      int sport, int dport, int flags, int window, int headerLen, int payload) {
    ByteBuffer b = ByteBuffer.allocate(headerLen + payload);
    b.putShort((short) sport).putShort((short) dport).putInt(1).putInt(0);
    b.put((byte) ((headerLen / 4) << 4)).put((byte) flags).putShort((short) window);
    return b.array();
  }

  public static byte[] udp(int sport, int dport, int payload) {
    ByteBuffer b = ByteBuffer.allocate(8 + payload);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload));
    return b.array();
  }

  /** ICMP echo request (type 8) with payload. */
  public static byte[] icmpEcho(int payload) {
    byte[] b = new byte[8 + payload];
    b[0] = 8;
    return b;
  }

  /** IPv4 header + transport bytes; {@code fragOffset8} in 8-byte units. */
  public static byte[] ipv4(
      String src, String dst, int proto, byte[] transport, int id, boolean more, int fragOffset8) {
    ByteBuffer b = ByteBuffer.allocate(20 + transport.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + transport.length));
    b.putShort((short) id).putShort((short) ((more ? 0x2000 : 0) | fragOffset8));
    b.put((byte) 64).put((byte) proto).putShort((short) 0);
    b.put(v4(src)).put(v4(dst)).put(transport);
    return b.array();
  }

  public static byte[] ipv4(String src, String dst, int proto, byte[] transport) {
    return ipv4(src, dst, proto, transport, 1, false, 0);
  }

  /** IPv6 header with optional extension headers (raw bytes, first byte = next header). */
  public static byte[] ipv6(byte[] src, byte[] dst, int firstNext, byte[] extensions, byte[] l4) {
    int len = extensions.length + l4.length;
    ByteBuffer b = ByteBuffer.allocate(40 + len);
    b.putInt(0x60000000).putShort((short) len).put((byte) firstNext).put((byte) 64);
    b.put(src).put(dst).put(extensions).put(l4);
    return b.array();
  }

  public static byte[] v6(int last) {
    byte[] a = new byte[16];
    a[0] = 0x20;
    a[1] = 0x01;
    a[2] = 0x0d;
    a[3] = (byte) 0xb8;
    a[15] = (byte) last;
    return a;
  }

  /** Ethernet II with optional VLAN tags (each given as its TPID: 0x8100 or 0x88a8). */
  public static byte[] ethernet(byte[] ip, int... vlanTpids) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[12]);
    for (int tpid : vlanTpids) {
      o.write(tpid >> 8);
      o.write(tpid);
      o.write(0);
      o.write(7);
    }
    int type = (ip[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800;
    o.write(type >> 8);
    o.write(type);
    o.writeBytes(ip);
    return o.toByteArray();
  }

  /** Linux cooked v1: 16 bytes, protocol at 14. */
  public static byte[] sll(byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
    b.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[8]);
    b.putShort((short) ((ip[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800)).put(ip);
    return b.array();
  }

  /** Linux cooked v2: 20 bytes, protocol at 0. */
  public static byte[] sll2(byte[] ip) {
    ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
    b.putShort((short) ((ip[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800)).put(new byte[18]).put(ip);
    return b.array();
  }

  /** BSD NULL (little-endian family, as written on x86) or LOOP (big-endian). */
  public static byte[] bsdLoopback(byte[] ip, boolean bigEndian) {
    int family = (ip[0] & 0xf0) == 0x60 ? 30 : 2;
    ByteBuffer b = ByteBuffer.allocate(4 + ip.length);
    b.order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(family).put(ip);
    return b.array();
  }

  /** A classic pcap file (little-endian, microseconds) holding the frames at the times given. */
  public static byte[] pcap(int linkType, long[] tsMicros, byte[]... frames) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    h.putInt(65535).putInt(linkType);
    o.writeBytes(h.array());
    for (int i = 0; i < frames.length; i++) {
      ByteBuffer r = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      r.putInt((int) (tsMicros[i] / 1_000_000)).putInt((int) (tsMicros[i] % 1_000_000));
      r.putInt(frames[i].length).putInt(frames[i].length);
      o.writeBytes(r.array());
      o.writeBytes(frames[i]);
    }
    return o.toByteArray();
  }
}
