package io.idsspark.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.idsspark.alerts.Alert;
import io.idsspark.alerts.TopFeature;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asserts that two paths give the same alerts for the same flows (matched by flow start, source
 * address and port): score within {@code tolerance}, level, identity, bytes, packets, incident key
 * kind, alert id and the explanation feature by feature.
 */
public final class SameAlerts {
  private SameAlerts() {}

  public static void assertSameAlerts(List<Alert> expected, List<Alert> actual, double tolerance) {
    Map<String, Alert> byFlow = new HashMap<>();
    for (Alert a : expected) {
      byFlow.put(flow(a), a);
    }
    assertEquals(expected.size(), actual.size(), "as many alerts");
    for (Alert a : actual) {
      Alert t = byFlow.get(flow(a));
      assertNotNull(t, "an expected alert for " + a);
      assertEquals(t.score(), a.score(), tolerance, a.toString());
      assertEquals(t.level(), a.level());
      assertEquals(t.dstIp(), a.dstIp());
      assertEquals(t.dstPort(), a.dstPort());
      assertEquals(t.protocol(), a.protocol());
      assertEquals(t.bytes(), a.bytes());
      assertEquals(t.packets(), a.packets());
      assertEquals(t.incidentKeyKind(), a.incidentKeyKind());
      assertEquals(t.alertId(), a.alertId(), "made of what the paths share: flow identity, model");
      assertEquals(t.topFeatures().size(), a.topFeatures().size());
      for (int i = 0; i < t.topFeatures().size(); i++) {
        TopFeature x = t.topFeatures().get(i);
        TopFeature y = a.topFeatures().get(i);
        assertEquals(x.name(), y.name());
        assertEquals(x.value(), y.value(), tolerance);
        assertEquals(x.typicalLow(), y.typicalLow(), tolerance);
        assertEquals(x.typicalHigh(), y.typicalHigh(), tolerance);
      }
    }
  }

  private static String flow(Alert a) {
    return a.timestamp() + "|" + a.srcIp() + "|" + a.srcPort();
  }
}
