package io.idsspark.capture;

/**
 * The header fields of one packet that flows need, filled by {@link PacketParser}. Mutable and
 * reused. Addresses are held as two longs so IPv4 and IPv6 share one code path: IPv4 has {@code hi
 * = 0} and the address in the low 32 bits of {@code lo}.
 */
public final class ParsedPacket {
  public long timestampMicros;

  /** 4 or 6. */
  public int ipVersion;

  public long srcHi;
  public long srcLo;
  public long dstHi;
  public long dstLo;

  /** IANA protocol number of the transport (after IPv6 extension headers). */
  public int protocol;

  /** 0 when the protocol has no ports. */
  public int srcPort;

  public int dstPort;

  /** Transport payload bytes, from the IP lengths (not the captured length). */
  public int payloadBytes;

  /** Transport header bytes: TCP data offset, 8 for UDP and ICMP, 0 for others and fragments. */
  public int headerBytes;

  /** TCP flags byte (CWR ECE URG ACK PSH RST SYN FIN), or -1 when there is no TCP header. */
  public int tcpFlags;

  /** TCP window field (unscaled), or -1 when there is no TCP header. */
  public int tcpWindow;

  /** Part of a fragmented datagram. */
  public boolean fragment;

  /** A fragment other than the first: it has no transport header. */
  public boolean laterFragment;

  /** IP identification of a fragment (IPv4: 16 bits, IPv6 fragment header: 32 bits). */
  public long fragmentId;

  /** Bytes on the wire (frame length). */
  public int wireLength;

  void reset() {
    srcHi = srcLo = dstHi = dstLo = 0;
    protocol = srcPort = dstPort = payloadBytes = headerBytes = 0;
    tcpFlags = tcpWindow = -1;
    fragment = laterFragment = false;
    fragmentId = 0;
  }

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;
  public static final int URG = 0x20;
  public static final int ECE = 0x40;
  public static final int CWR = 0x80;
}
