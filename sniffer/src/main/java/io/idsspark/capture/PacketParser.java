package io.idsspark.capture;

/**
 * Parses link, IP and transport headers straight from captured bytes, without allocating. Never
 * throws on any input: every way a frame can be short or inconsistent maps to a {@link SkipReason}.
 *
 * <p>Lengths come from the IP header (total length / payload length), so frames cut by the snap
 * length still count their real payload, and Ethernet padding is never counted as payload.
 */
public final class PacketParser {
  private static final int ETH_IPV4 = 0x0800;
  private static final int ETH_IPV6 = 0x86DD;
  private static final int ETH_VLAN = 0x8100;
  private static final int ETH_QINQ = 0x88A8;
  private static final int ETH_QINQ_OLD = 0x9100;
  private static final int MAX_VLAN_TAGS = 4;
  private static final int MAX_IPV6_EXTENSIONS = 16;

  private PacketParser() {}

  /**
   * Parses one frame into {@code out}.
   *
   * @return null when the packet belongs to a flow, else why it was skipped
   */
  public static SkipReason parse(
      byte[] b, int off, int capLen, int wireLen, int linkType, long tsMicros, ParsedPacket out) {
    out.reset();
    out.timestampMicros = tsMicros;
    out.wireLength = wireLen;
    if (b == null || off < 0 || capLen < 0 || off + capLen > b.length) {
      return SkipReason.TRUNCATED;
    }
    int end = off + capLen;
    int p = off;
    int etherType;
    switch (linkType) {
      case LinkTypes.ETHERNET -> {
        if (capLen < 14) {
          return SkipReason.TRUNCATED;
        }
        etherType = u16(b, p + 12);
        p += 14;
      }
      case LinkTypes.LINUX_SLL -> {
        if (capLen < 16) {
          return SkipReason.TRUNCATED;
        }
        etherType = u16(b, p + 14);
        p += 16;
      }
      case LinkTypes.LINUX_SLL2 -> {
        if (capLen < 20) {
          return SkipReason.TRUNCATED;
        }
        etherType = u16(b, p);
        p += 20;
      }
      case LinkTypes.NULL, LinkTypes.LOOP -> {
        if (capLen < 4) {
          return SkipReason.TRUNCATED;
        }
        long family = linkType == LinkTypes.LOOP ? u32(b, p) : nullFamily(b, p);
        p += 4;
        // BSD AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS)
        if (family == 2) {
          etherType = ETH_IPV4;
        } else if (family == 24 || family == 28 || family == 30 || family == 10) {
          etherType = ETH_IPV6;
        } else {
          return SkipReason.NOT_IP;
        }
      }
      case LinkTypes.RAW, LinkTypes.RAW_12, LinkTypes.RAW_14 -> {
        if (capLen < 1) {
          return SkipReason.TRUNCATED;
        }
        int v = (b[p] & 0xff) >>> 4;
        etherType = v == 4 ? ETH_IPV4 : v == 6 ? ETH_IPV6 : -1;
        if (etherType < 0) {
          return SkipReason.BAD_IP_HEADER;
        }
      }
      case LinkTypes.IPV4 -> etherType = ETH_IPV4;
      case LinkTypes.IPV6 -> etherType = ETH_IPV6;
      default -> {
        return SkipReason.UNSUPPORTED_LINK_TYPE;
      }
    }
    // 802.1Q and 802.1ad (QinQ) tags: 2 bytes TCI, then the next ethertype
    for (int tags = 0;
        (etherType == ETH_VLAN || etherType == ETH_QINQ || etherType == ETH_QINQ_OLD)
            && tags < MAX_VLAN_TAGS;
        tags++) {
      if (end - p < 4) {
        return SkipReason.TRUNCATED;
      }
      etherType = u16(b, p + 2);
      p += 4;
    }
    if (etherType == ETH_IPV4) {
      return ipv4(b, p, end, out);
    }
    if (etherType == ETH_IPV6) {
      return ipv6(b, p, end, out);
    }
    return SkipReason.NOT_IP;
  }

  /** NULL link type: the family is in the writer's byte order; small values tell which. */
  private static long nullFamily(byte[] b, int p) {
    long le =
        (b[p] & 0xffL)
            | (b[p + 1] & 0xffL) << 8
            | (b[p + 2] & 0xffL) << 16
            | (b[p + 3] & 0xffL) << 24;
    return le <= 0xffff ? le : u32(b, p);
  }

  private static SkipReason ipv4(byte[] b, int p, int end, ParsedPacket out) {
    if (end - p < 20) {
      return SkipReason.TRUNCATED;
    }
    int vihl = b[p] & 0xff;
    int ihl = (vihl & 0x0f) * 4;
    if (vihl >>> 4 != 4 || ihl < 20) {
      return SkipReason.BAD_IP_HEADER;
    }
    if (end - p < ihl) {
      return SkipReason.TRUNCATED;
    }
    int totalLen = u16(b, p + 2);
    if (totalLen == 0) {
      // segmentation offload on the capturing host leaves 0 here: use what was captured
      totalLen = end - p;
    }
    if (totalLen < ihl) {
      return SkipReason.BAD_IP_HEADER;
    }
    out.ipVersion = 4;
    out.srcLo = u32(b, p + 12);
    out.dstLo = u32(b, p + 16);
    out.protocol = b[p + 9] & 0xff;
    int flagsOffset = u16(b, p + 6);
    boolean more = (flagsOffset & 0x2000) != 0;
    int fragOffset = flagsOffset & 0x1fff;
    if (more || fragOffset != 0) {
      out.fragment = true;
      out.laterFragment = fragOffset != 0;
      out.fragmentId = u16(b, p + 4);
    }
    return transport(b, p + ihl, end, totalLen - ihl, out);
  }

  private static SkipReason ipv6(byte[] b, int p, int end, ParsedPacket out) {
    if (end - p < 40) {
      return SkipReason.TRUNCATED;
    }
    if ((b[p] & 0xff) >>> 4 != 6) {
      return SkipReason.BAD_IP_HEADER;
    }
    int payloadLen = u16(b, p + 4);
    if (payloadLen == 0) {
      payloadLen = end - p - 40; // jumbogram or offload: use what was captured
    }
    out.ipVersion = 6;
    out.srcHi = u64(b, p + 8);
    out.srcLo = u64(b, p + 16);
    out.dstHi = u64(b, p + 24);
    out.dstLo = u64(b, p + 32);
    int next = b[p + 6] & 0xff;
    int q = p + 40;
    int remaining = payloadLen;
    for (int i = 0; i < MAX_IPV6_EXTENSIONS; i++) {
      int len;
      switch (next) {
        case 0, 43, 60, 135, 139, 140 -> {
          if (end - q < 2) {
            return SkipReason.TRUNCATED;
          }
          len = ((b[q + 1] & 0xff) + 1) * 8;
        }
        case 51 -> { // AH counts its length in 4-byte units, minus 2
          if (end - q < 2) {
            return SkipReason.TRUNCATED;
          }
          len = ((b[q + 1] & 0xff) + 2) * 4;
        }
        case 44 -> {
          if (end - q < 8) {
            return SkipReason.TRUNCATED;
          }
          int offFlags = u16(b, q + 2);
          out.fragment = true;
          out.laterFragment = (offFlags >>> 3) != 0;
          out.fragmentId = u32(b, q + 4);
          len = 8;
        }
        default -> {
          out.protocol = next;
          return transport(b, q, end, remaining, out);
        }
      }
      if (len > remaining) {
        return SkipReason.BAD_IP_HEADER;
      }
      next = b[q] & 0xff;
      q += len;
      remaining -= len;
    }
    return SkipReason.BAD_IP_HEADER;
  }

  /**
   * Transport header at {@code q}; {@code ipPayload} = bytes after the IP header(s) per the IP
   * lengths.
   */
  private static SkipReason transport(byte[] b, int q, int end, int ipPayload, ParsedPacket out) {
    if (out.laterFragment) {
      // no transport header: the whole IP payload is transport payload of the first fragment's flow
      out.payloadBytes = ipPayload;
      return null;
    }
    switch (out.protocol) {
      case 6 -> {
        if (end - q < 20) {
          return SkipReason.TRUNCATED;
        }
        int dataOffset = ((b[q + 12] & 0xff) >>> 4) * 4;
        if (dataOffset < 20 || dataOffset > ipPayload) {
          return SkipReason.BAD_TRANSPORT_HEADER;
        }
        out.srcPort = u16(b, q);
        out.dstPort = u16(b, q + 2);
        out.tcpFlags = b[q + 13] & 0xff;
        out.tcpWindow = u16(b, q + 14);
        out.headerBytes = dataOffset;
        out.payloadBytes = ipPayload - dataOffset;
      }
      case 17 -> {
        if (end - q < 8) {
          return SkipReason.TRUNCATED;
        }
        if (ipPayload < 8) {
          return SkipReason.BAD_TRANSPORT_HEADER;
        }
        out.srcPort = u16(b, q);
        out.dstPort = u16(b, q + 2);
        out.headerBytes = 8;
        out.payloadBytes = ipPayload - 8;
      }
      case 1, 58 -> {
        // ICMP / ICMPv6: no ports; type, code, checksum and 4 type-specific bytes form the header
        int h = Math.min(8, ipPayload);
        out.headerBytes = h;
        out.payloadBytes = ipPayload - h;
      }
      default -> out.payloadBytes = ipPayload;
    }
    return null;
  }

  static int u16(byte[] b, int p) {
    return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
  }

  static long u32(byte[] b, int p) {
    return (b[p] & 0xffL) << 24
        | (b[p + 1] & 0xffL) << 16
        | (b[p + 2] & 0xffL) << 8
        | (b[p + 3] & 0xffL);
  }

  static long u64(byte[] b, int p) {
    return u32(b, p) << 32 | u32(b, p + 4);
  }
}
