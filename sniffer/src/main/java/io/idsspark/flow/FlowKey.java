package io.idsspark.flow;

import io.idsspark.capture.ParsedPacket;

/**
 * Canonical bidirectional 5-tuple: the (address, port) pair that sorts lower is side A, so both
 * directions of a conversation share one key.
 */
final class FlowKey {
  // not final: the assembler keeps one mutable probe key for lookups (no allocation per packet)
  // and stores immutable copies in the table
  int ipVersion;
  int protocol;
  long aHi;
  long aLo;
  int aPort;
  long bHi;
  long bLo;
  int bPort;
  private int hash;

  FlowKey() {}

  private FlowKey(
      int ipVersion, int protocol, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
    set(ipVersion, protocol, aHi, aLo, aPort, bHi, bLo, bPort);
  }

  private void set(
      int ipVersion, int protocol, long aHi, long aLo, int aPort, long bHi, long bLo, int bPort) {
    this.ipVersion = ipVersion;
    this.protocol = protocol;
    this.aHi = aHi;
    this.aLo = aLo;
    this.aPort = aPort;
    this.bHi = bHi;
    this.bLo = bLo;
    this.bPort = bPort;
    long h = aHi * 31 + aLo;
    h = h * 31 + bHi;
    h = h * 31 + bLo;
    h = h * 31 + ((long) aPort << 16 | bPort);
    h = h * 31 + (protocol << 4 | ipVersion);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    this.hash = (int) h;
  }

  static FlowKey of(ParsedPacket p) {
    return new FlowKey().setFrom(p);
  }

  /** Makes this the canonical key of the packet; returns this. */
  FlowKey setFrom(ParsedPacket p) {
    if (srcIsLower(p)) {
      set(p.ipVersion, p.protocol, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
    } else {
      set(p.ipVersion, p.protocol, p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort);
    }
    return this;
  }

  /** An immutable-by-convention copy, for storing in the table. */
  FlowKey copy() {
    return new FlowKey(ipVersion, protocol, aHi, aLo, aPort, bHi, bLo, bPort);
  }

  private static boolean srcIsLower(ParsedPacket p) {
    int c = Long.compareUnsigned(p.srcHi, p.dstHi);
    if (c == 0) {
      c = Long.compareUnsigned(p.srcLo, p.dstLo);
    }
    if (c == 0) {
      c = Integer.compare(p.srcPort, p.dstPort);
    }
    return c <= 0;
  }

  /** True if the packet was sent from side A. */
  boolean fromA(ParsedPacket p) {
    return p.srcHi == aHi && p.srcLo == aLo && p.srcPort == aPort;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowKey k
        && k.hash == hash
        && k.aLo == aLo
        && k.bLo == bLo
        && k.aPort == aPort
        && k.bPort == bPort
        && k.protocol == protocol
        && k.aHi == aHi
        && k.bHi == bHi
        && k.ipVersion == ipVersion;
  }
}
