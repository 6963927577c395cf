package io.idsspark.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast number and time formatting used for flow files round-trips exactly. */
class FlowWritersTest {
  @Test
  void doublesParseBackToTheSameValue() {
    Random rnd = new Random(3);
    double[] fixed = {
      0.0,
      -0.0,
      1.0,
      0.000001,
      0.13028199999999,
      0.130282,
      140.5,
      1e-7,
      8.99e9,
      9.5e9,
      123456789.123456,
      -2.5,
      1.0 / 3,
      Math.PI * 1e6
    };
    for (double d : fixed) {
      check(d);
    }
    for (int i = 0; i < 50_000; i++) {
      check(rnd.nextInt(2_000_000_000) / 1_000_000.0); // microsecond grid: the fast path
      check(rnd.nextDouble() * Math.pow(10, rnd.nextInt(20) - 8)); // anything
    }
  }

  private static void check(double d) {
    StringBuilder sb = new StringBuilder();
    FlowWriters.appendDouble(sb, d);
    // numeric equality (-0.0 is written as 0.0, which is the same number)
    assertEquals(
        0, Double.compare(d + 0.0, Double.parseDouble(sb.toString()) + 0.0), sb.toString());
  }

  @Test
  void cachedTimestampFormattingMatchesTheFormatter() {
    Random rnd = new Random(5);
    for (int i = 0; i < 5_000; i++) {
      long micros = 1_000_000_000_000_000L + (long) (rnd.nextDouble() * 1e15);
      if (i % 2 == 1) {
        micros += 1; // same second as the previous value, through the cache
      }
      assertEquals(RecordSlots.isoMicrosSlow(micros), RecordSlots.isoMicros(micros));
    }
  }
}
