package io.idsspark.synthetic;

import java.util.SplittableRandom;

/** Random draws and TCP/UDP packet patterns shared by the benign and attack simulators. */
final class Sim {
  static final int TCP = 6;
  static final int UDP = 17;
  static final int ICMP = 1;
  static final int UDP_HDR = 8;
  static final int MSS = 1448;

  private Sim() {}

  /** SplitMix64 finaliser: the seed of a row or campaign from its coordinates. */
  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h ^= p;
      h += 0x9E3779B97F4A7C15L;
      h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
      h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }

  /** Log-normal with the given median and log-space sigma. */
  static double logNormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * r.nextGaussian());
  }

  /** Pareto (heavy tail) with scale xm and shape alpha, capped. */
  static double pareto(SplittableRandom r, double xm, double alpha, double cap) {
    double u = 1.0 - r.nextDouble();
    return Math.min(cap, xm / Math.pow(u, 1.0 / alpha));
  }

  static long micros(double seconds) {
    return Math.max(0, Math.round(seconds * 1e6));
  }

  static int ephemeralPort(SplittableRandom r) {
    return 32768 + r.nextInt(60999 - 32768 + 1);
  }

  /** An IPv4 address packed as on the wire (a.b.c.d = a << 24 | ...). */
  static int ip(int a, int b, int c, int d) {
    return a << 24 | b << 16 | c << 8 | d;
  }

  /** True if the address is in 192.168.0.0/16. */
  static boolean isPrivate192(int ip) {
    return ip >>> 16 == (192 << 8 | 168);
  }

  /** A workstation on one of the private client subnets. */
  static int clientIp(SplittableRandom r) {
    return r.nextInt(3) == 0
        ? ip(10, 0, r.nextInt(4), 10 + r.nextInt(240))
        : ip(192, 168, 1, 20 + r.nextInt(230));
  }

  /** An internal server (file, SSH, web), 192.168.1.2-19. */
  static int serverIp(SplittableRandom r) {
    return ip(192, 168, 1, 2 + r.nextInt(18));
  }

  /** A public address outside documentation and private ranges (a web or CDN host). */
  static int publicIp(SplittableRandom r) {
    int[] firsts = {23, 34, 52, 104, 142, 151, 172, 185};
    int a = firsts[r.nextInt(firsts.length)];
    int b = a == 172 ? 64 + r.nextInt(100) : r.nextInt(256);
    return ip(a, b, r.nextInt(256), 1 + r.nextInt(254));
  }

  /**
   * Three-way handshake from the client; returns the time of the client's ACK. Header bytes: SYNs
   * carry options ({@code synHdr}), later segments {@code hdr}.
   */
  static long handshake(
      PacketTrace t, long start, long rtt, int synHdr, int hdr, int clientWin, int serverWin) {
    t.add(start, true, 0, synHdr, PacketTrace.SYN, clientWin);
    t.add(start + rtt, false, 0, synHdr, PacketTrace.SYN | PacketTrace.ACK, serverWin);
    long ack = start + rtt + 20 + rtt / 20;
    t.add(ack, true, 0, hdr, PacketTrace.ACK, clientWin);
    return ack;
  }

  /**
   * Sends {@code bytes} from one side in MSS segments spaced by {@code gapMicros}, PSH on the last,
   * the receiver ACKing every second segment; returns the time of the last packet.
   */
  static long transfer(
      PacketTrace t,
      SplittableRandom r,
      long at,
      boolean fromClient,
      long bytes,
      long gapMicros,
      int hdr,
      int senderWin,
      int receiverWin) {
    long now = at;
    long left = Math.max(1, bytes);
    int seg = 0;
    while (left > 0) {
      int len = (int) Math.min(MSS, left);
      left -= len;
      int flags = PacketTrace.ACK | (left == 0 ? PacketTrace.PSH : 0);
      t.add(now, fromClient, len, hdr, flags, senderWin);
      seg++;
      if (seg % 2 == 0 || left == 0) {
        t.add(now + 30 + r.nextInt(200), !fromClient, 0, hdr, PacketTrace.ACK, receiverWin);
      }
      now += 1 + (long) (gapMicros * (0.5 + r.nextDouble()));
    }
    return t.lastMicros();
  }

  /** Orderly close: client FIN, server FIN, client ACK. */
  static void close(PacketTrace t, long at, long rtt, int hdr, int clientWin, int serverWin) {
    t.add(at, true, 0, hdr, PacketTrace.FIN | PacketTrace.ACK, clientWin);
    t.add(at + rtt, false, 0, hdr, PacketTrace.FIN | PacketTrace.ACK, serverWin);
    t.add(at + rtt + 15, true, 0, hdr, PacketTrace.ACK, clientWin);
  }
}
