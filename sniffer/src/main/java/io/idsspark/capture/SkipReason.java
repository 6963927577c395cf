package io.idsspark.capture;

import java.util.Locale;

/**
 * Why a packet did not become part of a flow. Every skipped packet is counted under exactly one
 * reason, so {@code read = parsed + sum(skipped)} always holds.
 */
public enum SkipReason {
  /** The capture's link type is not one the parser knows (see {@link LinkTypes}). */
  UNSUPPORTED_LINK_TYPE,
  /** A frame that carries no IPv4/IPv6 (ARP, LLDP, STP, 802.3 without IP, ...). */
  NOT_IP,
  /** The captured bytes end before the link, IP or transport header does. */
  TRUNCATED,
  /** An IP header that contradicts itself (bad version, header or total length). */
  BAD_IP_HEADER,
  /** A TCP/UDP header that contradicts the IP header (data offset or length out of range). */
  BAD_TRANSPORT_HEADER,
  /** A TCP/UDP fragment after the first whose first fragment was never seen (no ports known). */
  ORPHAN_FRAGMENT,
  /** The record's timestamp fraction is out of range (>= 1 s in micro- or nanoseconds). */
  BAD_TIMESTAMP,
  /** A pcapng packet naming an interface the section never described. */
  BAD_INTERFACE,
  /** The file ended inside a record, or a record header was implausible; reading stopped. */
  TRUNCATED_FILE;

  /** Lower-case name used in statistics lines, e.g. {@code not_ip}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
