package io.idsspark.capture;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The real captures copied into src/test/resources/pcaps (sources in NOTICE). */
public final class TestPcaps {
  private TestPcaps() {}

  public static Path get(String name) {
    URL u = TestPcaps.class.getResource("/pcaps/" + name);
    if (u == null) {
      throw new IllegalArgumentException("no test capture " + name);
    }
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path dir() {
    return get("tcpdump__dns_udp.pcap").getParent();
  }
}
