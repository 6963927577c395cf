package io.idsspark.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostStateTest {
  private static final int SRC = ContextColumn.of(ContextColumn.Key.SOURCE).size();
  private static final int SAME =
      ContextColumn.of(ContextColumn.Key.SOURCE).indexOf(ContextColumn.SRC_SAME_ANSWER_2S);

  private static double[] add(HostState s, double t, boolean answered, String dst, int port) {
    double[] out = new double[SRC];
    s.add(t, answered, false, 1, 0, 0, Double.NaN, new Object[] {dst, port}, out, 0);
    return out;
  }

  @Test
  void aFloodCountsUpAndQuietTrafficStaysLow() {
    HostState flood = new HostState(2);
    double[] v = null;
    for (int i = 0; i < 2000; i++) { // 1,000 flows/s for 2 s to one port, all unanswered
      v = add(flood, 1000 + i * 0.001, false, "10.0.0.2", 80);
    }
    // damped over 2 s at 1,000/s: 2000 * (1 - e^-1) ~ 1,264; over 60 s nearly every flow
    assertEquals(2000 * (1 - Math.exp(-1)), v[0], 20);
    assertEquals(2000, v[1], 40);
    assertEquals(1, v[2]); // one destination host
    assertEquals(1, v[3]); // one port
    assertEquals(1.0, v[4], 1e-12); // all unanswered

    HostState quiet = new HostState(2);
    for (int i = 0; i < 20; i++) { // one answered flow every 3 s
      v = add(quiet, 1000 + i * 3.0, true, "10.0.0.2", 443);
    }
    assertTrue(v[0] < 1.3, "short count of a quiet client: " + v[0]);
    assertEquals(0.0, v[4], 1e-12);
  }

  @Test
  void aScanSeesManyPortsAndTheSketchStaysClose() {
    HostState scan = new HostState(2);
    double[] v = null;
    for (int p = 1; p <= 3000; p++) {
      v = add(scan, 5000 + p * 0.005, false, "10.0.0.9", p);
    }
    assertEquals(1, v[2]);
    assertEquals(3000, v[3], 3000 * 0.05); // HLL, lgK 10: a few % at most
  }

  @Test
  void distinctCountsForgetAfterTwoEpochs() {
    HostState s = new HostState(2);
    for (int p = 1; p <= 50; p++) {
      add(s, 30.5, false, "10.0.0.9", p); // epoch 1
    }
    assertEquals(51, add(s, 60.5, false, "10.0.0.9", 999)[3]); // epoch 2: epochs 1 and 2
    assertEquals(1, add(s, 90.5, false, "10.0.0.9", 999)[3]); // epoch 3: 2 and 3 only
  }

  @Test
  void silenceExpiresTheHostAndAClockJumpDoesNotFreezeIt() {
    HostState s = new HostState(2);
    for (int i = 0; i < 100; i++) {
      add(s, 100 + i * 0.01, false, "a", 1);
    }
    double[] out = new double[SRC];
    assertTrue(
        s.add(
            100 + HostState.EXPIRY_SECONDS + 10,
            true,
            false,
            1,
            0,
            0,
            Double.NaN,
            new Object[] {"a", 1},
            out,
            0));
    assertEquals(1.0, out[1], 1e-12); // afresh
    // a flow stamped a day ahead, then the clock is right again: the host follows the flows
    assertTrue(
        s.add(86_400 + 500, true, false, 1, 0, 0, Double.NaN, new Object[] {"a", 1}, out, 0));
    assertTrue(s.add(500, true, false, 1, 0, 0, Double.NaN, new Object[] {"a", 1}, out, 0));
    assertFalse(s.add(501, true, false, 1, 0, 0, Double.NaN, new Object[] {"a", 1}, out, 0));
    assertEquals(2 - (1 - Math.exp(-1 / 60.0)), out[1], 1e-9); // decays from 500, not from the jump
    // slightly out of order: counted, no decay backwards
    assertFalse(s.add(499, true, false, 1, 0, 0, Double.NaN, new Object[] {"a", 1}, out, 0));
    assertEquals(501, s.lastTime(), 0);
  }

  @Test
  void theSameAnswerEveryTimeHasALowSpreadAndPagesOfManySizesAHighOne() {
    int bwdSpread =
        ContextColumn.of(ContextColumn.Key.SOURCE).indexOf(ContextColumn.SRC_BWD_BYTES_CV_60S);
    HostState login = new HostState(2);
    HostState browsing = new HostState(2);
    java.util.Random rnd = new java.util.Random(5);
    double[] l = new double[SRC];
    double[] b = new double[SRC];
    for (int i = 0; i < 400; i++) { // 20 a second: a refused login (371 bytes) or a page
      double t = 100 + i * 0.05;
      login.add(t, true, false, 5, 156, 371, Double.NaN, new Object[] {"10.0.0.1", 80}, l, 0);
      double page = 800 + rnd.nextInt(13_300);
      browsing.add(t, true, false, 10, 86, page, Double.NaN, new Object[] {"10.0.0.1", 80}, b, 0);
    }
    assertTrue(l[bwdSpread] < 0.1, "login loop: " + l[bwdSpread]);
    assertTrue(b[bwdSpread] > 0.4, "pages: " + b[bwdSpread]);
    HostState one = new HostState(2);
    one.add(5, true, false, 1, 10, 500, Double.NaN, new Object[] {"10.0.0.1", 80}, l, 0);
    assertEquals(Math.sqrt(2.0 / 3), l[bwdSpread], 1e-12); // one flow says nothing: near 1
  }

  @Test
  void bytesRoundTripContinuesExactlyWhereItStopped() {
    HostState a = new HostState(2);
    HostState b = new HostState(2);
    java.util.Random rnd = new java.util.Random(3);
    double t = 100;
    for (int i = 0; i < 5000; i++) {
      t += rnd.nextDouble() * 0.05;
      String dst = "10.0.0." + rnd.nextInt(200);
      int port = rnd.nextInt(3000);
      boolean answered = rnd.nextBoolean();
      double answer = answered ? HostState.answer(6, port % 2, 100) : Double.NaN;
      double[] x = new double[SRC];
      a.add(t, answered, false, 1, 0, 0, answer, new Object[] {dst, port}, x, 0);
      // b goes through bytes after every flow, as the stream's state store does per batch
      double[] y = new double[SRC];
      b.add(t, answered, false, 1, 0, 0, answer, new Object[] {dst, port}, y, 0);
      b = HostState.fromBytes(b.toBytes(), 2);
      assertEquals(x[SAME], y[SAME], 1e-12, "same answers in a row at flow " + i);
      assertEquals(x[2], y[2], "distinct hosts at flow " + i);
      assertEquals(x[3], y[3], "distinct ports at flow " + i);
      assertEquals(x[1], y[1], 1e-9);
      assertEquals(x[4], y[4], 1e-12);
    }
    assertTrue(HostState.fromBytes(new byte[] {9, 2}, 2).isEmpty(), "other version: afresh");
  }

  @Test
  void aLoginLoopRepeatsItsAnswerInARowAndAClientFetchingPagesDoesNot() {
    HostState login = new HostState(2);
    HostState pages = new HostState(2);
    HostState dns = new HostState(2);
    java.util.Random rnd = new java.util.Random(7);
    double[] l = new double[SRC];
    double[] p = new double[SRC];
    double[] d = new double[SRC];
    Object[] web = {"10.0.0.1", 80};
    for (int i = 0; i < 400; i++) {
      double t = 100 + i * 0.05; // 20 a second
      login.add(t, true, false, 5, 156, 371, HostState.answer(6, 80, 371), web, l, 0);
      if (i % 10 == 5) { // a DNS lookup between attempts does not end the run
        login.add(t, true, false, 1, 29, 45, HostState.answer(17, 53, 45), web, l, 0);
      }
      double page = new double[] {1033, 1734, 2434, 3100, 5200}[rnd.nextInt(5)];
      pages.add(t, true, false, 6, 86, page, HostState.answer(6, 80, page), web, p, 0);
      dns.add(t, true, false, 1, 29, 45, HostState.answer(17, 53, 45), web, d, 0);
    }
    // at 20 a second, damped over 2 s: 1 / (1 - e^(-0.05 / 2)) ~ 40.5
    assertEquals(1 / (1 - Math.exp(-0.05 / 2)), l[SAME], 0.5);
    assertTrue(p[SAME] < 8, "five pages in turn at random: " + p[SAME]);
    assertEquals(0.0, d[SAME], 0.0); // UDP answers do not count
    // a pause of 20 s: the run is all but gone, and a different answer starts a new one
    login.add(120 + 20, true, false, 5, 156, 371, HostState.answer(6, 80, 371), web, l, 0);
    assertTrue(l[SAME] < 1.01, "after a pause: " + l[SAME]);
    login.add(140.05, true, false, 5, 156, 200, HostState.answer(6, 80, 200), web, l, 0);
    assertEquals(1.0, l[SAME], 0.0);
    assertTrue(Double.isNaN(HostState.answer(6, 80, 0)), "no answer bytes: does not count");
  }
}
