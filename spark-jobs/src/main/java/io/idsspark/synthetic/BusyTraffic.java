package io.idsspark.synthetic;

import java.util.SplittableRandom;

/**
 * Benign traffic that is busy but normal, so that "many flows" alone is not an alert once the
 * detector sees each host's context: a client opening about 100 connections a second to one web
 * server, a DNS resolver querying many public servers, a NAT gateway carrying many users' web
 * traffic, a crawler visiting many sites. Each comes as a campaign of {@link #CAMPAIGN} flows from
 * one address; the flows themselves are ordinary benign flows ({@link BenignTraffic}), answered.
 */
final class BusyTraffic {
  /** Flows per busy campaign. */
  static final int CAMPAIGN = 3000;

  /** Every this many benign campaigns (of {@link #CAMPAIGN} flows), one is busy: a quarter. */
  static final int EVERY = 4;

  private BusyTraffic() {}

  enum Style {
    /**
     * One client, one web server, about 100 connections/s, one request each for one of the site's
     * 5-30 pages (a script or poller: what a real busy client looks like on the wire).
     */
    WEB_CLIENT(10_000),
    /** One resolver, many public name servers, about 200 queries/s. */
    RESOLVER(5_000),
    /** One public address in front of many users, many web servers, about 60 connections/s. */
    NAT_GATEWAY(16_000),
    /** One client, many web sites, about 20 connections/s. */
    CRAWLER(50_000);

    final long spacingMicros;

    Style(long spacingMicros) {
      this.spacingMicros = spacingMicros;
    }
  }

  /**
   * Whether benign campaign number {@code campaign} is a busy one: every {@link #EVERY}th (the 4th,
   * 8th, ...), so that every data set of more than 12,000 benign flows has its share (a random pick
   * left some test sets without any, and their false-positive rate meant nothing), and small
   * samples stay the ordinary mix.
   */
  static boolean isBusy(long campaign) {
    return campaign % EVERY == EVERY - 1;
  }

  /**
   * The style of busy campaign number {@code campaign}: the styles in turn, the busy web client
   * first. A random pick left a training set of 20,000 benign flows (one busy campaign) without a
   * busy web client for some seeds, and their models flagged a real one (docs/quality.md).
   */
  static Style style(long campaign) {
    return Style.values()[(int) ((campaign / EVERY) % Style.values().length)];
  }

  /** The site's page sizes, drawn from the campaign's source (the same for all its flows). */
  private static long[] pages(SplittableRandom campaign) {
    SplittableRandom c = campaign.split();
    long[] p = new long[5 + c.nextInt(26)];
    for (int i = 0; i < p.length; i++) {
      p[i] = (long) Sim.pareto(c, 500, 1.15, 200_000);
    }
    return p;
  }

  /**
   * One flow of a busy campaign: an ordinary benign flow, re-addressed to the campaign's hosts.
   * {@code c} is seeded per campaign (same hosts for every flow), {@code r} per flow.
   */
  static void simulate(
      Style s, SplittableRandom c, SplittableRandom r, PacketTrace t, Endpoints e) {
    int client = s == Style.NAT_GATEWAY ? Sim.publicIp(c) : Sim.clientIp(c);
    int server = Sim.serverIp(c);
    switch (s) {
      case WEB_CLIENT -> {
        BenignTraffic.web(r, t, e, pages(c));
        e.set(client, e.srcPort, server, 443);
      }
      case RESOLVER -> {
        BenignTraffic.dns(r, t, e);
        e.set(Sim.ip(192, 168, 1, 1), e.srcPort, Sim.publicIp(r), 53);
      }
      case NAT_GATEWAY, CRAWLER -> {
        BenignTraffic.web(r, t, e);
        e.set(client, e.srcPort, Sim.publicIp(r), r.nextInt(4) == 0 ? 80 : 443);
      }
    }
  }
}
