package io.idsspark.capture;

/**
 * Link-layer header types (tcpdump.org LINKTYPE_* values, plus the DLT values that appear in files
 * written on some systems) the parser understands.
 */
public final class LinkTypes {
  /** BSD loopback: 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;

  public static final int ETHERNET = 1;

  /** DLT_RAW as written on most systems. */
  public static final int RAW_12 = 12;

  /** DLT_RAW as written on OpenBSD. */
  public static final int RAW_14 = 14;

  /** LINKTYPE_RAW: raw IPv4 or IPv6, version from the first nibble. */
  public static final int RAW = 101;

  /** OpenBSD loopback: 4-byte address family in network byte order. */
  public static final int LOOP = 108;

  /** Linux cooked capture v1 (the {@code any} interface on older libpcap). */
  public static final int LINUX_SLL = 113;

  public static final int IPV4 = 228;
  public static final int IPV6 = 229;

  /** Linux cooked capture v2. */
  public static final int LINUX_SLL2 = 276;

  private LinkTypes() {}

  /** True if {@link PacketParser} can parse frames of this link type. */
  public static boolean supported(int linkType) {
    return switch (linkType) {
      case NULL, ETHERNET, RAW_12, RAW_14, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
      default -> false;
    };
  }
}
