package io.idsspark.synthetic;

import io.idsspark.capture.ParsedPacket;
import java.util.Arrays;

/**
 * The packets of one simulated flow, in time order, in reusable primitive arrays (one instance per
 * task, reset per flow: the generator makes millions of flows). Forward = direction of the first
 * packet, as in CICFlowMeter. The features are not computed here: {@link TraceFlows} feeds these
 * packets to the sniffer's flow engine.
 */
final class PacketTrace {
  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;
  static final int URG = 0x20;
  static final int ECE = 0x40;
  static final int CWR = 0x80;

  /** CICFlowMeter's active timeout: a flow is cut this long after its first packet. */
  static final long ACTIVE_TIMEOUT_MICROS = 120_000_000L;

  int protocol;
  int size;
  long[] timeMicros = new long[64];
  boolean[] forward = new boolean[64];
  int[] payloadBytes = new int[64];
  int[] headerBytes = new int[64];
  int[] flags = new int[64];

  /** TCP window field, -1 when the packet has none (UDP, ICMP). */
  int[] window = new int[64];

  /** True once a packet was refused because it fell after the active timeout. */
  boolean cutByActiveTimeout;

  void reset(int protocolNumber) {
    protocol = protocolNumber;
    size = 0;
    cutByActiveTimeout = false;
  }

  /**
   * Appends a packet; packets past the active timeout are dropped (the flow is cut there, as the
   * sniffer and CICFlowMeter do), and times never go backwards.
   */
  void add(long micros, boolean fwd, int payload, int header, int tcpFlags, int win) {
    if (size > 0) {
      micros = Math.max(micros, timeMicros[size - 1]);
      if (micros - timeMicros[0] > ACTIVE_TIMEOUT_MICROS) {
        cutByActiveTimeout = true;
        return;
      }
    }
    if (size == timeMicros.length) {
      int n = size * 2;
      timeMicros = Arrays.copyOf(timeMicros, n);
      forward = Arrays.copyOf(forward, n);
      payloadBytes = Arrays.copyOf(payloadBytes, n);
      headerBytes = Arrays.copyOf(headerBytes, n);
      flags = Arrays.copyOf(flags, n);
      window = Arrays.copyOf(window, n);
    }
    timeMicros[size] = micros;
    forward[size] = fwd;
    payloadBytes[size] = payload;
    headerBytes[size] = header;
    flags[size] = tcpFlags;
    window[size] = win;
    size++;
  }

  /**
   * Sets {@code p} to packet {@code i} as the sniffer's parser would have read it off the wire:
   * forward packets go from the flow's source to its destination.
   */
  void packet(int i, Endpoints e, ParsedPacket p) {
    boolean fwd = forward[i];
    p.timestampMicros = timeMicros[i];
    p.ipVersion = 4;
    p.srcHi = 0;
    p.dstHi = 0;
    p.srcLo = Integer.toUnsignedLong(fwd ? e.srcIp : e.dstIp);
    p.dstLo = Integer.toUnsignedLong(fwd ? e.dstIp : e.srcIp);
    p.srcPort = fwd ? e.srcPort : e.dstPort;
    p.dstPort = fwd ? e.dstPort : e.srcPort;
    p.protocol = protocol;
    p.payloadBytes = payloadBytes[i];
    p.headerBytes = headerBytes[i];
    p.tcpFlags = isTcp() ? flags[i] : -1;
    p.tcpWindow = isTcp() ? window[i] : -1;
    p.fragment = false;
    p.laterFragment = false;
    p.wireLength = 14 + 20 + headerBytes[i] + payloadBytes[i];
  }

  long lastMicros() {
    return size == 0 ? 0 : timeMicros[size - 1];
  }

  boolean isTcp() {
    return protocol == 6;
  }
}
