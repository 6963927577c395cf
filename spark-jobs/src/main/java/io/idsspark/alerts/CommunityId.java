package io.idsspark.alerts;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Community ID v1 (Corelight's flow hash, seed 0), so that an alert can be joined with Zeek,
 * Suricata or Elastic records of the same connection: {@code "1:" + base64(sha1(seed . ip_lo .
 * ip_hi . proto . 0 . port_lo . port_hi))}, where the endpoint with the smaller (address, port)
 * comes first, so both directions of a connection hash alike.
 *
 * <p>ICMP and ICMPv6 hash their type and code in place of ports; the flow schema keeps neither
 * (ports are 0 for them), so {@link #of} returns null for those protocols rather than an ID that
 * would not match other tools.
 */
public final class CommunityId {
  private static final int ICMP = 1;
  private static final int ICMP6 = 58;

  private CommunityId() {}

  /**
   * The Community ID of a flow, or null when it cannot be computed (missing or unparsable address,
   * ICMP without type/code).
   */
  public static String of(
      String srcIp, String dstIp, Integer protocol, Integer srcPort, Integer dstPort) {
    if (srcIp == null || dstIp == null || protocol == null) {
      return null;
    }
    if (protocol == ICMP || protocol == ICMP6) {
      return null;
    }
    byte[] src = literal(srcIp);
    byte[] dst = literal(dstIp);
    if (src == null || dst == null || src.length != dst.length) {
      return null;
    }
    boolean ports = protocol == 6 || protocol == 17 || protocol == 132;
    int sp = ports && srcPort != null ? srcPort : 0;
    int dp = ports && dstPort != null ? dstPort : 0;
    int cmp = Arrays.compareUnsigned(src, dst);
    if (cmp > 0 || (cmp == 0 && sp > dp)) {
      byte[] t = src;
      src = dst;
      dst = t;
      int tp = sp;
      sp = dp;
      dp = tp;
    }
    ByteBuffer b = ByteBuffer.allocate(2 + src.length * 2 + 2 + (ports ? 4 : 0));
    b.putShort((short) 0); // seed
    b.put(src).put(dst);
    b.put((byte) protocol.intValue()).put((byte) 0);
    if (ports) {
      b.putShort((short) sp).putShort((short) dp);
    }
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(b.array());
      return "1:" + Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 missing from the JDK", e);
    }
  }

  /**
   * Bytes of an IPv4/IPv6 literal; null for anything that is not a literal (never a DNS lookup).
   */
  private static byte[] literal(String ip) {
    String s = ip.trim();
    if (s.isEmpty()
        || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
