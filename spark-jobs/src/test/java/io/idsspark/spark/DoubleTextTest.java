package io.idsspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * DoubleText writes what Double.toString writes (layout and, but for Java 17's rare longer digits,
 * the digits), and every text it writes reads back as the same double.
 */
class DoubleTextTest {
  @Test
  void layoutMatchesDoubleToString() {
    double[] cases = {
      0.0,
      -0.0,
      1.0,
      -1.0,
      7.0,
      0.5,
      0.0625,
      0.1,
      0.2,
      0.3,
      1.0E-3,
      9.99E-4,
      1.0E-4,
      0.00123,
      123.456,
      1234567.0,
      9999999.0,
      1.0E7,
      1.25E7,
      12345678.9,
      1.0E22,
      2.0E-3,
      5.346689001508293E-5,
      16.49226653379624,
      0.06309347193493307,
      845.0384484982363,
      9007199254740991.0,
      9007199254740992.0,
      Double.MAX_VALUE,
      Double.MIN_NORMAL,
      Double.MIN_VALUE,
      4.9E-322,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      100.0,
      1000000.0,
      0.001,
      1.0E-5,
      -2.5E-7
    };
    for (double v : cases) {
      assertEquals(Double.toString(v), DoubleText.of(v), "value " + Double.toString(v));
    }
    // Java 17 writes 1.0E23 (the double nearest to it) as 9.999999999999999E22
    assertEquals("1.0E23", DoubleText.of(1.0E23));
  }

  @Test
  void shortestDigitsThatReadBackAsTheSameDouble() {
    SplittableRandom r = new SplittableRandom(42);
    int differ = 0;
    int n = 0;
    for (int i = 0; i < 1_500_000; i++) {
      double v;
      switch (i % 5) {
        case 0 -> v = Double.longBitsToDouble(r.nextLong()); // any bit pattern
        case 1 -> v = r.nextDouble() * 1000; // values such as context features
        case 2 -> v = Math.round(r.nextDouble() * 1e6) / Math.pow(10, r.nextInt(9)); // few digits
        case 3 -> v = r.nextDouble() * Math.pow(10, r.nextInt(-30, 30));
        default -> v = Math.scalb(1.0, r.nextInt(-1022, 1024)); // powers of two
      }
      if (Double.isNaN(v)) {
        continue;
      }
      n++;
      String ours = DoubleText.of(v);
      String jdk = Double.toString(v);
      assertEquals(
          Double.doubleToLongBits(v),
          Double.doubleToLongBits(Double.parseDouble(ours)),
          ours + " does not read back as " + jdk);
      if (!ours.equals(jdk)) {
        if (i % 5 == 1 || i % 5 == 2) {
          differ++; // values in the ranges scores and context features take
        }
        // only where Java 17 writes more digits than needed or, among as many digits, ones
        // farther from the value; never a different layout
        assertTrue(ours.length() <= jdk.length(), ours + " vs " + jdk);
        assertEquals(jdk.contains("E"), ours.contains("E"), ours + " vs " + jdk);
      }
    }
    assertEquals(0, differ, "ordinary values written otherwise than by Double.toString");
    assertTrue(n > 1_400_000);
  }

  @Test
  void logarithmApproximationsAreExactOverTheirRange() {
    MathContext mc = new MathContext(60);
    BigDecimal log10of2 =
        new BigDecimal("0.30102999566398119521373889472449302676818988146210854131");
    BigDecimal log2of10 =
        new BigDecimal("3.32192809488736234787031942948939017586483139302458061205");
    BigDecimal log10ofThreeQuarters =
        new BigDecimal("-0.12493873660829995313244988619387043997658006610880310405");
    for (int e = -1100; e <= 1100; e++) {
      BigDecimal be = BigDecimal.valueOf(e);
      assertEquals(floor(be.multiply(log10of2, mc)), DoubleText.flog10pow2(e), "flog10pow2 " + e);
      assertEquals(
          floor(be.multiply(log10of2, mc).add(log10ofThreeQuarters)),
          DoubleText.flog10threeQuartersPow2(e),
          "flog10threeQuartersPow2 " + e);
      if (Math.abs(e) <= 400) {
        assertEquals(floor(be.multiply(log2of10, mc)), DoubleText.flog2pow10(e), "flog2pow10 " + e);
      }
    }
  }

  private static int floor(BigDecimal x) {
    return x.setScale(0, java.math.RoundingMode.FLOOR).intValueExact();
  }
}
