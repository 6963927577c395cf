// Writes benchmark captures (classic pcap, little-endian, microseconds, Ethernet). Run with:
//   java scripts/bench/GenPcap.java mix OUT.pcap PACKETS IN.pcap [IN.pcap ...]
//     replays the Ethernet packets of real captures (played together from time 0) as overlapping
//     copies until PACKETS are written: copy k starts k x 0.1 s after the first, its IPv4 addresses
//     get k added to the second and third octets, so every copy's flows are new flows (a busy link,
//     not one flow repeated); output in time order
//   java scripts/bench/GenPcap.java synflood OUT.pcap FLOWS [PACKETS_PER_SECOND]
//     FLOWS TCP SYNs from distinct spoofed sources (10.0.0.0/8 counted up, random source port)
//     to 192.0.2.80:80, default 1,000,000 packets/s: every packet is a new one-packet flow, and
//     with the default rate all of them are open at once (2 s < the 10 s idle timeout)
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

public class GenPcap {
  record Pkt(long tsMicros, byte[] frame) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: GenPcap mix OUT PACKETS IN... | GenPcap synflood OUT FLOWS");
      System.exit(2);
    }
    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(args[1]), 1 << 20)) {
      header(out);
      if (args[0].equals("mix")) {
        mix(out, Long.parseLong(args[2]), List.of(args).subList(3, args.length));
      } else {
        synflood(out, Long.parseLong(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 1_000_000L);
      }
    }
  }

  static void mix(OutputStream out, long packets, List<String> inputs) throws IOException {
    List<Pkt> pkts = new ArrayList<>();
    for (String in : inputs) {
      pkts.addAll(readEthernet(Path.of(in)));
    }
    if (pkts.isEmpty()) {
      throw new IOException("no Ethernet packets in the inputs");
    }
    // every input starts at relative time 0; one copy = all inputs played together, in time order
    pkts.sort(java.util.Comparator.comparingLong(Pkt::tsMicros));
    long base = 1_700_000_000_000_000L;
    // copy k starts COPY_EVERY after copy k-1, so many copies overlap as on a busy link, and the
    // output stays in time order (a heap merges the overlapping copies)
    java.util.PriorityQueue<long[]> next =
        new java.util.PriorityQueue<>(java.util.Comparator.comparingLong((long[] a) -> a[0]));
    long written = 0;
    int copies = 0;
    while (written < packets) {
      long nextCopyStart = base + copies * COPY_EVERY_MICROS;
      if (next.isEmpty() || next.peek()[0] >= nextCopyStart) {
        next.add(new long[] {nextCopyStart + pkts.get(0).tsMicros(), copies, 0});
        copies++;
        continue;
      }
      long[] e = next.poll();
      int copy = (int) e[1];
      int i = (int) e[2];
      byte[] f = pkts.get(i).frame().clone();
      shiftIpv4(f, copy);
      record(out, e[0], f);
      written++;
      if (i + 1 < pkts.size()) {
        next.add(new long[] {base + copy * COPY_EVERY_MICROS + pkts.get(i + 1).tsMicros(), copy, i + 1});
      }
    }
  }

  static final long COPY_EVERY_MICROS = 100_000L;

  /** Packets of an Ethernet classic pcap, times relative to the file's first packet. */
  static List<Pkt> readEthernet(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    List<Pkt> out = new ArrayList<>();
    if (b.length < 24) {
      return out;
    }
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int magic = bb.getInt(0);
    if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
      bb.order(ByteOrder.BIG_ENDIAN);
      magic = bb.getInt(0);
    }
    boolean nanos = magic == 0xa1b23c4d;
    if ((magic != 0xa1b2c3d4 && !nanos) || bb.getInt(20) != 1) {
      System.err.println("skipping " + file + " (not an Ethernet classic pcap)");
      return out;
    }
    int pos = 24;
    long first = -1;
    while (pos + 16 <= b.length) {
      long sec = bb.getInt(pos) & 0xffffffffL;
      long frac = bb.getInt(pos + 4) & 0xffffffffL;
      int cap = bb.getInt(pos + 8);
      if (cap < 0 || pos + 16 + cap > b.length) {
        break;
      }
      long ts = sec * 1_000_000L + (nanos ? frac / 1000 : frac);
      if (first < 0) {
        first = ts;
      }
      byte[] f = new byte[cap];
      System.arraycopy(b, pos + 16, f, 0, cap);
      out.add(new Pkt(Math.max(0, ts - first), f));
      pos += 16 + cap;
    }
    return out;
  }

  /** Adds {@code copy} to the second octet of both IPv4 addresses (untagged Ethernet only). */
  static void shiftIpv4(byte[] f, int copy) {
    if (f.length >= 34 && f[12] == 0x08 && f[13] == 0x00 && (f[14] & 0xf0) == 0x40) {
      f[27] = (byte) (f[27] + copy);
      f[31] = (byte) (f[31] + copy);
      f[28] = (byte) (f[28] + (copy >> 8));
      f[32] = (byte) (f[32] + (copy >> 8));
    }
  }

  static void synflood(OutputStream out, long flows, long packetsPerSecond) throws IOException {
    Random rnd = new Random(1);
    long t0 = 1_700_000_000_000_000L;
    byte[] f = new byte[14 + 20 + 20];
    f[12] = 0x08;
    f[14] = 0x45;
    f[16] = 0;
    f[17] = 40;
    f[22] = 64;
    f[23] = 6;
    byte[] dst = {(byte) 192, 0, 2, 80};
    System.arraycopy(dst, 0, f, 30, 4);
    for (long i = 0; i < flows; i++) {
      long src = 0x0A000000L + 1 + i; // 10.0.0.1, 10.0.0.2, ...
      f[26] = (byte) (src >>> 24);
      f[27] = (byte) (src >>> 16);
      f[28] = (byte) (src >>> 8);
      f[29] = (byte) src;
      int sport = 1024 + rnd.nextInt(60000);
      f[34] = (byte) (sport >>> 8);
      f[35] = (byte) sport;
      f[37] = 80;
      f[46] = 0x50; // data offset 5
      f[47] = 0x02; // SYN
      f[48] = (byte) 0xfa; // window 64240
      f[49] = (byte) 0xf0;
      record(out, t0 + i * 1_000_000L / packetsPerSecond, f);
    }
  }

  static void header(OutputStream out) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    h.putInt(262144).putInt(1);
    out.write(h.array());
  }

  static void record(OutputStream out, long tsMicros, byte[] f) throws IOException {
    ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    r.putInt((int) (tsMicros / 1_000_000L)).putInt((int) (tsMicros % 1_000_000L));
    r.putInt(f.length).putInt(f.length);
    out.write(r.array());
    out.write(f);
  }
}
