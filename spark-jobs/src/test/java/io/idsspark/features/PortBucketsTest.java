package io.idsspark.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PortBucketsTest {

  @Test
  void wellKnownServicesByName() {
    assertEquals("http", PortBuckets.bucket(80));
    assertEquals("https", PortBuckets.bucket(443));
    assertEquals("dns", PortBuckets.bucket(53));
    assertEquals("ssh", PortBuckets.bucket(22));
    assertEquals("http_alt", PortBuckets.bucket(8080));
    assertEquals("rdp", PortBuckets.bucket(3389));
  }

  @Test
  void otherPortsByIanaRange() {
    assertEquals("other_system", PortBuckets.bucket(81));
    assertEquals("registered", PortBuckets.bucket(1024));
    assertEquals("registered", PortBuckets.bucket(49151));
    assertEquals("ephemeral", PortBuckets.bucket(49152));
    assertEquals("ephemeral", PortBuckets.bucket(65535));
  }

  @Test
  void missingOrImpossiblePortsAreNone() {
    assertEquals("none", PortBuckets.bucket(0));
    assertEquals("none", PortBuckets.bucket(Double.NaN));
    assertEquals("none", PortBuckets.bucket(-1));
    assertEquals("none", PortBuckets.bucket(70000));
  }
}
