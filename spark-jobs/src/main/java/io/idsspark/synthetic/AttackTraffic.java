package io.idsspark.synthetic;

import static io.idsspark.synthetic.Sim.logNormal;
import static io.idsspark.synthetic.Sim.micros;

import java.util.SplittableRandom;

/**
 * Attack flows. Attacks come in campaigns (one attacker, one victim, flows close together in time):
 * {@code campaign} is seeded per campaign, so every flow of a campaign shares attacker, victim and
 * style, while {@code r} varies per flow; {@code j} is the flow's index within its campaign.
 */
final class AttackTraffic {
  private AttackTraffic() {}

  /** Flows per campaign: a flood is big, a brute-force run is a series of logins. */
  static int campaignSize(FlowKind k) {
    return switch (k) {
      case SYN_FLOOD -> 20_000;
      case PORT_SCAN -> 1000;
      case UDP_FLOOD -> 8000;
      case SLOW_HTTP -> 500;
      case BRUTE_FORCE -> 1000;
      case BENIGN -> throw new IllegalArgumentException("benign has no campaigns");
    };
  }

  /** Mean time between the starts of consecutive flows of one campaign. */
  static long spacingMicros(FlowKind k) {
    return switch (k) {
      case SYN_FLOOD -> 60;
      case PORT_SCAN -> 1_500;
      case UDP_FLOOD -> 150;
      case SLOW_HTTP -> 20_000;
      case BRUTE_FORCE -> 50_000;
      case BENIGN -> throw new IllegalArgumentException("benign has no campaigns");
    };
  }

  static void simulate(
      FlowKind k,
      long j,
      SplittableRandom campaign,
      SplittableRandom r,
      PacketTrace t,
      Endpoints e) {
    switch (k) {
      case SYN_FLOOD -> synFlood(j, campaign, r, t, e);
      case PORT_SCAN -> portScan(j, campaign, r, t, e);
      case UDP_FLOOD -> udpFlood(j, campaign, r, t, e);
      case SLOW_HTTP -> slowHttp(j, campaign, r, t, e);
      case BRUTE_FORCE -> bruteForce(j, campaign, r, t, e);
      case BENIGN -> throw new IllegalArgumentException("not an attack");
    }
  }

  /**
   * hping3 {@code -S --flood}, three ways (chosen per campaign): from spoofed random sources, never
   * answered; from one source at an open port (SYN, the server's SYN-ACK, the attacker kernel's
   * RST, since it never opened the connection); from one source at a closed port (SYN, the server's
   * RST-ACK). hping3 steps the source port by one per packet.
   */
  private static void synFlood(
      long j, SplittableRandom c, SplittableRandom r, PacketTrace t, Endpoints e) {
    int victim = Sim.serverIp(c);
    int port = c.nextBoolean() ? 80 : 443;
    int mode = c.nextInt(4); // 0, 1: spoofed; 2: open port; 3: closed port
    int attacker = Sim.publicIp(c);
    int base = Sim.ephemeralPort(c);
    int win = c.nextBoolean() ? 64 : 512;
    t.reset(Sim.TCP);
    if (mode < 2) {
      e.set(Sim.publicIp(r), 1024 + r.nextInt(64512), victim, port);
      t.add(e.startMicros, true, 0, 20, PacketTrace.SYN, win);
      if (r.nextDouble() < 0.2) {
        int more = 1 + r.nextInt(2);
        for (int i = 0; i < more; i++) {
          t.add(e.startMicros + 1 + r.nextInt(800) * (i + 1), true, 0, 20, PacketTrace.SYN, win);
        }
      }
      return;
    }
    e.set(attacker, 1024 + (int) ((base - 1024 + j) % 64512), victim, mode == 2 ? port : 8081);
    long rtt = micros(logNormal(c, 0.0004, 0.3) * (0.8 + 0.4 * r.nextDouble()));
    t.add(e.startMicros, true, 0, 20, PacketTrace.SYN, win);
    if (mode == 2) {
      t.add(e.startMicros + rtt, false, 0, 24, PacketTrace.SYN | PacketTrace.ACK, 65160);
      t.add(e.startMicros + rtt + 20, true, 0, 20, PacketTrace.RST, 0);
    } else {
      t.add(e.startMicros + rtt, false, 0, 20, PacketTrace.RST | PacketTrace.ACK, 0);
    }
  }

  /**
   * nmap SYN scan of the first 1024 ports in a shuffled order: closed ports answer RST, filtered
   * ones stay silent (one retransmission), open ones answer SYN-ACK and get reset by the scanner.
   */
  private static void portScan(
      long j, SplittableRandom c, SplittableRandom r, PacketTrace t, Endpoints e) {
    int scanner = c.nextInt(3) == 0 ? Sim.clientIp(c) : Sim.publicIp(c);
    int victim = Sim.serverIp(c);
    int srcPort = Sim.ephemeralPort(c);
    int offset = c.nextInt(1024);
    int dport = 1 + (int) ((j * 421 + offset) % 1024); // 421 is coprime with 1024: no repeats
    e.set(scanner, srcPort, victim, dport);
    t.reset(Sim.TCP);
    long rtt = micros(logNormal(r, 0.0007, 0.3));
    t.add(e.startMicros, true, 0, 24, PacketTrace.SYN, 1024);
    double u = r.nextDouble();
    boolean open = dport == 22 || dport == 80 || dport == 443 || u < 0.02;
    if (open) {
      t.add(e.startMicros + rtt, false, 0, 24, PacketTrace.SYN | PacketTrace.ACK, 65160);
      t.add(e.startMicros + rtt + 30, true, 0, 20, PacketTrace.RST, 0);
    } else if (u < 0.88) {
      t.add(e.startMicros + rtt, false, 0, 20, PacketTrace.RST | PacketTrace.ACK, 0);
    } else if (u < 0.94) {
      t.add(e.startMicros + micros(logNormal(r, 1.0, 0.1)), true, 0, 24, PacketTrace.SYN, 1024);
    } // else: filtered, single unanswered SYN
  }

  /**
   * hping3 {@code --udp --flood}: one fixed-size datagram per flow, never answered, thousands a
   * second. The source port steps by one per datagram, as hping3 increments it, so each datagram is
   * a flow of its own (and no two flows of a campaign share a 5-tuple).
   */
  private static void udpFlood(
      long j, SplittableRandom c, SplittableRandom r, PacketTrace t, Endpoints e) {
    int[] sizes = {64, 512, 1024, 1400};
    int payload = sizes[c.nextInt(sizes.length)];
    int[] ports = {53, 123, 80, 1900, 0};
    int port = ports[c.nextInt(ports.length)];
    int base = Sim.ephemeralPort(c);
    e.set(
        Sim.publicIp(c),
        32768 + (int) ((base - 32768 + j) % 28232),
        Sim.serverIp(c),
        port == 0 ? 1 + r.nextInt(65535) : port);
    t.reset(Sim.UDP);
    t.add(e.startMicros, true, payload, Sim.UDP_HDR, 0, -1);
  }

  /**
   * Slowloris: opens a connection, sends a partial request, then a tiny header line every 5-9 s so
   * the server keeps waiting; the flow lasts until the 120-s active timeout or a server reset. (The
   * tool's default of 15 s would exceed the 10-s idle timeout: every flow meter would then cut it
   * into short pieces, which is how such an attack looks to a sniffer, but not what this kind is.)
   */
  private static void slowHttp(
      long j, SplittableRandom c, SplittableRandom r, PacketTrace t, Endpoints e) {
    int attacker = Sim.publicIp(c);
    int victim = Sim.serverIp(c);
    int base = Sim.ephemeralPort(c);
    e.set(attacker, 32768 + (int) ((base - 32768 + j) % 28232), victim, 80);
    t.reset(Sim.TCP);
    long rtt = micros(logNormal(r, 0.03, 0.3));
    long now = Sim.handshake(t, e.startMicros, rtt, 40, 32, 64240, 65160);
    now += micros(logNormal(r, 0.002, 0.4));
    t.add(now, true, 200 + r.nextInt(40), 32, PacketTrace.PSH | PacketTrace.ACK, 502);
    t.add(now + rtt, false, 0, 32, PacketTrace.ACK, 509);
    double serverTimeout = c.nextBoolean() ? 1e9 : logNormal(r, 70, 0.2);
    double sleep = 5 + c.nextInt(4);
    while (!t.cutByActiveTimeout) {
      now += micros(sleep + r.nextDouble());
      if ((now - e.startMicros) / 1e6 > serverTimeout) {
        t.add(now, false, 0, 32, PacketTrace.RST | PacketTrace.ACK, 0);
        break;
      }
      t.add(now, true, 10 + r.nextInt(9), 32, PacketTrace.PSH | PacketTrace.ACK, 502);
      t.add(now + rtt, false, 0, 32, PacketTrace.ACK, 509);
    }
  }

  /**
   * Patator/Hydra-style logins against SSH or FTP: many short, near-identical sessions, about 20 a
   * second (parallel tasks; the CSE-CIC-IDS2018 SSH and FTP brute-force days run at 15-40 flows/s).
   */
  private static void bruteForce(
      long j, SplittableRandom c, SplittableRandom r, PacketTrace t, Endpoints e) {
    boolean ssh = c.nextDouble() < 0.6;
    int attacker = Sim.publicIp(c);
    int victim = Sim.serverIp(c);
    int base = Sim.ephemeralPort(c);
    e.set(attacker, 32768 + (int) ((base - 32768 + j) % 28232), victim, ssh ? 22 : 21);
    t.reset(Sim.TCP);
    long rtt = micros(logNormal(c, 0.02, 0.3) * (0.95 + 0.1 * r.nextDouble()));
    long now = Sim.handshake(t, e.startMicros, rtt, 40, 32, 64240, 65160);
    int psh = PacketTrace.PSH | PacketTrace.ACK;
    // {direction (1 = attacker), payload bytes, server think time ms}
    int[][] steps =
        ssh
            ? new int[][] {
              {1, 21, 0},
              {0, 41, 1},
              {1, 1392, 0},
              {0, 1080, 2},
              {1, 48, 0},
              {0, 564, 9},
              {1, 16, 0},
              {1, 52, 0},
              {0, 52, 1}
            }
            : new int[][] {{0, 20 + c.nextInt(40), 1}};
    for (int[] s : steps) {
      now += micros(logNormal(r, 0.0005, 0.3)) + s[2] * 1000L;
      t.add(now, s[0] == 1, s[1], 32, psh, s[0] == 1 ? 64240 : 65160);
    }
    int attempts = ssh ? 1 + r.nextInt(3) : 1;
    for (int a = 0; a < attempts; a++) {
      now += micros(logNormal(r, 0.001, 0.3));
      if (ssh) {
        t.add(now, true, 84 + 16 * r.nextInt(2), 32, psh, 64240);
        now += micros(logNormal(r, 0.9, 0.2)); // sshd's failed-login delay
        t.add(now, false, 52, 32, psh, 65160);
      } else {
        t.add(now, true, 11 + r.nextInt(6), 32, psh, 64240); // USER
        t.add(now + rtt, false, 34, 32, psh, 65160);
        now += rtt + micros(logNormal(r, 0.001, 0.3));
        t.add(now, true, 12 + r.nextInt(8), 32, psh, 64240); // PASS
        now += micros(logNormal(r, 0.7, 0.2)); // vsftpd's failed-login delay
        t.add(now, false, 22, 32, psh, 65160);
      }
    }
    Sim.close(t, now + micros(logNormal(r, 0.002, 0.3)), rtt, 32, 64240, 65160);
  }
}
