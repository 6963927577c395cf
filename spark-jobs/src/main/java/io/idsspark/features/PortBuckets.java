package io.idsspark.features;

import java.util.HashMap;
import java.util.Map;

/**
 * Ports as categories, never as magnitudes: a port becomes the name of its well-known service, or
 * of its IANA range ({@code other_system} below 1024, {@code registered} below 49152, {@code
 * ephemeral}), or {@code none} (0, missing). Port 80 and port 81 mean different things, while ports
 * 50123 and 50124 mean the same thing; a bucket says so, a number does not.
 *
 * <p>Measured in {@code docs/quality.md} (experiments E4, E6, E7).
 */
public final class PortBuckets {
  private static final Map<Integer, String> SERVICES = new HashMap<>();

  static {
    svc("ftp", 20, 21);
    svc("ssh", 22);
    svc("telnet", 23);
    svc("smtp", 25, 465, 587);
    svc("dns", 53);
    svc("dhcp", 67, 68);
    svc("http", 80);
    svc("ntp", 123);
    svc("netbios", 135, 137, 138, 139);
    svc("ldap", 389, 636);
    svc("https", 443);
    svc("smb", 445);
    svc("mssql", 1433);
    svc("mysql", 3306);
    svc("rdp", 3389);
    svc("http_alt", 8080, 8000, 8008, 8888);
    svc("https_alt", 8443);
    svc("proxy", 3128);
    svc("mdns_llmnr", 5353, 5355);
  }

  private PortBuckets() {}

  private static void svc(String name, int... ports) {
    for (int p : ports) {
      SERVICES.put(p, name);
    }
  }

  /** The bucket of a port given as a double (NaN, infinite, 0 or negative: {@code none}). */
  public static String bucket(double port) {
    if (!Double.isFinite(port) || port < 1 || port > 65535) {
      return "none";
    }
    int p = (int) port;
    String s = SERVICES.get(p);
    if (s != null) {
      return s;
    }
    if (p < 1024) {
      return "other_system";
    }
    return p < 49152 ? "registered" : "ephemeral";
  }
}
