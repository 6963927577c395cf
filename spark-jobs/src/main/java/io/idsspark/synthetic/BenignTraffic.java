package io.idsspark.synthetic;

import static io.idsspark.synthetic.Sim.logNormal;
import static io.idsspark.synthetic.Sim.micros;

import java.util.SplittableRandom;

/**
 * Benign flows: a heavy-tailed mix of web (HTTPS/HTTP), DNS, NTP, interactive SSH, bulk transfers
 * (SMB, FTP data, large downloads) and ICMP echo. Sizes and gaps are log-normal or Pareto, so a few
 * flows are huge and most are small, as on a real office network.
 */
final class BenignTraffic {
  private static final int[] CLIENT_WIN = {64240, 8192, 65535, 29200};
  private static final int[] SERVER_WIN = {65160, 28960, 62614, 26883, 65535};

  private BenignTraffic() {}

  /** Fills {@code t} and {@code e} with one benign flow starting at {@code e.startMicros}. */
  static void simulate(SplittableRandom r, PacketTrace t, Endpoints e) {
    double u = r.nextDouble();
    if (u < 0.50) {
      web(r, t, e);
    } else if (u < 0.75) {
      dns(r, t, e);
    } else if (u < 0.80) {
      ntp(r, t, e);
    } else if (u < 0.85) {
      ssh(r, t, e);
    } else if (u < 0.97) {
      bulk(r, t, e);
    } else {
      icmpEcho(r, t, e);
    }
  }

  static void web(SplittableRandom r, PacketTrace t, Endpoints e) {
    web(r, t, e, null);
  }

  /**
   * A web connection; with {@code pages} (answer sizes in bytes) one request per connection for one
   * of those pages, as a script, a poller or a load generator fetches a site's few resources (its
   * answers repeat; a person's browsing is many requests of heavy-tailed sizes).
   */
  static void web(SplittableRandom r, PacketTrace t, Endpoints e, long[] pages) {
    boolean https = r.nextDouble() < 0.8;
    boolean internal = r.nextDouble() < 0.15;
    e.set(
        Sim.clientIp(r),
        Sim.ephemeralPort(r),
        internal ? Sim.serverIp(r) : Sim.publicIp(r),
        https ? 443 : (r.nextInt(10) == 0 ? 8080 : 80));
    t.reset(Sim.TCP);
    boolean linux = r.nextBoolean();
    int synHdr = linux ? 40 : 32;
    int hdr = linux ? 32 : 20;
    int cw = CLIENT_WIN[r.nextInt(CLIENT_WIN.length)];
    int sw = SERVER_WIN[r.nextInt(SERVER_WIN.length)];
    long rtt = micros(internal ? logNormal(r, 0.0008, 0.5) : logNormal(r, 0.025, 0.7));
    long now = Sim.handshake(t, e.startMicros, rtt, synHdr, hdr, cw, sw);
    int requests = 1;
    while (pages == null && requests < 30 && r.nextDouble() < 0.45) {
      requests++;
    }
    double bandwidth = logNormal(r, internal ? 20e6 : 2e6, 0.9);
    for (int i = 0; i < requests && !t.cutByActiveTimeout; i++) {
      now += i == 0 ? micros(logNormal(r, 0.001, 0.5)) : micros(logNormal(r, 0.4, 1.4));
      int req = (int) Math.min(Sim.MSS, Math.max(40, logNormal(r, 380, 0.6)));
      t.add(now, true, req, hdr, PacketTrace.PSH | PacketTrace.ACK, cw);
      now += rtt / 2 + micros(logNormal(r, 0.004, 1.0));
      long bytes =
          pages != null
              ? pages[r.nextInt(pages.length)]
              : (long) Sim.pareto(r, 500, 1.15, 6_000_000);
      now = Sim.transfer(t, r, now, false, bytes, micros(Sim.MSS / bandwidth), hdr, sw, cw);
    }
    double end = r.nextDouble();
    now += micros(logNormal(r, 0.05, 1.5));
    if (end < 0.82) {
      Sim.close(t, now, rtt, hdr, cw, sw);
    } else if (end < 0.90) {
      t.add(now, true, 0, hdr, PacketTrace.RST | PacketTrace.ACK, 0);
    } // else: keep-alive connection that simply goes idle
  }

  static void dns(SplittableRandom r, PacketTrace t, Endpoints e) {
    boolean external = r.nextInt(10) == 0;
    e.set(
        Sim.clientIp(r),
        Sim.ephemeralPort(r),
        external ? Sim.ip(8, 8, 8, 8) : Sim.ip(192, 168, 1, 1),
        53);
    t.reset(Sim.UDP);
    long now = e.startMicros;
    int queries = r.nextDouble() < 0.3 ? 2 : 1;
    for (int q = 0; q < queries; q++) {
      t.add(now, true, 28 + r.nextInt(40), Sim.UDP_HDR, 0, -1);
      if (r.nextDouble() < 0.97) {
        now += micros(logNormal(r, external ? 0.012 : 0.0015, 0.9));
        int answer = (int) Math.min(1400, Math.max(40, logNormal(r, 110, 0.6)));
        t.add(now, false, answer, Sim.UDP_HDR, 0, -1);
      }
      now += 50 + r.nextInt(500);
    }
  }

  private static void ntp(SplittableRandom r, PacketTrace t, Endpoints e) {
    e.set(Sim.clientIp(r), r.nextBoolean() ? 123 : Sim.ephemeralPort(r), Sim.publicIp(r), 123);
    t.reset(Sim.UDP);
    t.add(e.startMicros, true, 48, Sim.UDP_HDR, 0, -1);
    t.add(e.startMicros + micros(logNormal(r, 0.02, 0.6)), false, 48, Sim.UDP_HDR, 0, -1);
  }

  private static void ssh(SplittableRandom r, PacketTrace t, Endpoints e) {
    e.set(Sim.clientIp(r), Sim.ephemeralPort(r), Sim.serverIp(r), 22);
    t.reset(Sim.TCP);
    int cw = 64240;
    int sw = 65160;
    long rtt = micros(logNormal(r, 0.0006, 0.4));
    long now = Sim.handshake(t, e.startMicros, rtt, 40, 32, cw, sw);
    // version strings, key exchange, authentication
    int[][] setup = {{1, 21}, {0, 41}, {1, 1392}, {0, 1080}, {1, 48}, {0, 564}, {1, 16}, {1, 52}};
    for (int[] p : setup) {
      now += micros(logNormal(r, 0.002, 0.6));
      int len = p[1] + r.nextInt(1 + p[1] / 10);
      t.add(now, p[0] == 1, len, 32, PacketTrace.PSH | PacketTrace.ACK, p[0] == 1 ? cw : sw);
    }
    int keys = (int) Math.min(3000, logNormal(r, 40, 1.2));
    for (int k = 0; k < keys && !t.cutByActiveTimeout; k++) {
      now += r.nextDouble() < 0.06 ? micros(logNormal(r, 9, 0.8)) : micros(logNormal(r, 0.18, 0.8));
      t.add(now, true, 36, 32, PacketTrace.PSH | PacketTrace.ACK, cw);
      now += rtt;
      t.add(now, false, 36, 32, PacketTrace.PSH | PacketTrace.ACK, sw);
      if (r.nextDouble() < 0.05) {
        long out = (long) Sim.pareto(r, 300, 1.2, 200_000);
        now = Sim.transfer(t, r, now + 100, false, out, 150, 32, sw, cw);
      } else {
        t.add(now + 40, true, 0, 32, PacketTrace.ACK, cw);
      }
    }
    Sim.close(t, now + micros(logNormal(r, 0.5, 1)), rtt, 32, cw, sw);
  }

  static void bulk(SplittableRandom r, PacketTrace t, Endpoints e) {
    double u = r.nextDouble();
    if (u < 0.5) {
      e.set(Sim.clientIp(r), Sim.ephemeralPort(r), Sim.serverIp(r), 445);
    } else if (u < 0.7) {
      e.set(Sim.clientIp(r), Sim.ephemeralPort(r), Sim.serverIp(r), 20);
    } else {
      e.set(Sim.clientIp(r), Sim.ephemeralPort(r), Sim.publicIp(r), 443);
    }
    boolean internal = Sim.isPrivate192(e.dstIp);
    t.reset(Sim.TCP);
    int cw = CLIENT_WIN[r.nextInt(CLIENT_WIN.length)];
    int sw = SERVER_WIN[r.nextInt(SERVER_WIN.length)];
    long rtt = micros(internal ? logNormal(r, 0.0005, 0.4) : logNormal(r, 0.02, 0.6));
    long now = Sim.handshake(t, e.startMicros, rtt, 40, 32, cw, sw);
    now += micros(logNormal(r, 0.001, 0.5));
    t.add(now, true, 100 + r.nextInt(300), 32, PacketTrace.PSH | PacketTrace.ACK, cw);
    long bytes = (long) Sim.pareto(r, 150_000, 1.2, 4_000_000);
    boolean upload = r.nextDouble() < 0.3;
    double bandwidth = logNormal(r, internal ? 40e6 : 5e6, 0.7);
    now =
        Sim.transfer(
            t,
            r,
            now + rtt,
            upload,
            bytes,
            micros(Sim.MSS / bandwidth),
            32,
            upload ? cw : sw,
            upload ? sw : cw);
    Sim.close(t, now + micros(logNormal(r, 0.01, 1)), rtt, 32, cw, sw);
  }

  private static void icmpEcho(SplittableRandom r, PacketTrace t, Endpoints e) {
    e.set(Sim.clientIp(r), 0, r.nextBoolean() ? Sim.serverIp(r) : Sim.publicIp(r), 0);
    t.reset(Sim.ICMP);
    int payload = r.nextBoolean() ? 56 : 32;
    int pings = 1 + r.nextInt(4);
    long rtt = micros(logNormal(r, 0.01, 1));
    for (int i = 0; i < pings; i++) {
      long at = e.startMicros + i * 1_000_000L + r.nextInt(2000);
      t.add(at, true, payload, 8, 0, -1);
      if (r.nextDouble() < 0.95) {
        t.add(at + rtt, false, payload, 8, 0, -1);
      }
    }
  }
}
