package io.idsspark.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShadowAgreementTest {
  @Test
  void overlapRankCorrelationAndRateRatio() {
    ShadowAgreement a = new ShadowAgreement(4);
    a.add(0.9, true, 0.1, false); // falls out of the window of 4
    a.add(0.1, false, 0.2, false);
    a.add(0.5, false, 0.6, true);
    a.add(0.7, true, 0.8, true);
    a.add(0.8, true, 0.9, true);
    ShadowAgreement.Stats s = a.stats();
    assertEquals(4, s.flows());
    assertEquals(2, s.primaryAlerts());
    assertEquals(3, s.shadowAlerts());
    assertEquals(2 / 3.0, s.alertOverlap(), 1e-12, "2 alerted by both, 3 by either");
    assertEquals(1.0, s.rankCorrelation(), 1e-12, "same order");
    assertEquals(1.5, s.alertRateRatio(), 1e-12);
  }

  @Test
  void spearmanOfReversedOrderAndTies() {
    assertEquals(
        -1.0, ShadowAgreement.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    // ties take their mean rank: (1.5, 1.5, 3) against (1, 2, 3)
    assertEquals(
        Math.sqrt(3) / 2,
        ShadowAgreement.spearman(new double[] {1, 1, 2}, new double[] {1, 2, 3}),
        1e-12);
    assertTrue(Double.isNaN(ShadowAgreement.spearman(new double[] {1, 1}, new double[] {1, 2})));
  }
}
