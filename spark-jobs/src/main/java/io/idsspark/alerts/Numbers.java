package io.idsspark.alerts;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting shared by the alert files: short, exact for integers, no exponent. */
public final class Numbers {
  private static final MathContext SIX_DIGITS = new MathContext(6);

  private Numbers() {}

  /** {@code 1} for 1.0, {@code 0.123457} for 0.1234567, {@code 1234570} for 1234567.8. */
  public static String compact(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    BigDecimal d = new BigDecimal(v).round(SIX_DIGITS).stripTrailingZeros();
    return d.toPlainString();
  }
}
