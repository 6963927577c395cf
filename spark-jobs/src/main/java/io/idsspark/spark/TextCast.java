package io.idsspark.spark;

import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;

/**
 * A number field's text read into a flow column's type in Java, with Spark's own {@code try_cast}
 * semantics: a plain number directly (an integer of at most 18 digits, or {@link
 * CsvLine#plainDecimal}'s decimals), anything else (rare: {@code +5}, {@code 1e3}, {@code NaN},
 * overflow...) through Spark's {@code Cast} expression evaluated on the one value. Reading the
 * numbers here instead of as text and a {@code try_cast} column each keeps the generated code of
 * the parsing stage under the size the JIT compiles (8,000 bytes of bytecode a method).
 */
public final class TextCast {
  private TextCast() {}

  /** Whether {@link #number} reads this type. */
  public static boolean isNumber(DataType t) {
    return t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.LongType)
        || t.equals(DataTypes.DoubleType);
  }

  /**
   * {@code t} (stripped, not empty) as {@code try_cast(t as type)} reads it: an Integer, Long or
   * Double, or null.
   */
  public static Object number(String t, DataType type) {
    if (type.equals(DataTypes.DoubleType)) {
      double d = CsvLine.plainDecimal(t, 0, t.length());
      if (!Double.isNaN(d)) {
        return d;
      }
    } else {
      long l = plainInteger(t);
      if (l != NOT_PLAIN) {
        if (type.equals(DataTypes.LongType)) {
          return l;
        }
        if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
          return (int) l;
        }
      }
    }
    return new Cast(
            new Literal(UTF8String.fromString(t), DataTypes.StringType),
            type,
            Option.apply("UTC"),
            EvalMode.TRY())
        .eval(null);
  }

  /** Returned by {@link #plainInteger} for text that is not a plain integer. */
  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * {@code t} as a long when it is {@code [-]digits} with at most 18 digits (what any reader of
   * integers reads the same way), else {@link #NOT_PLAIN}.
   */
  private static long plainInteger(String t) {
    int i = 0;
    int n = t.length();
    boolean minus = n > 0 && t.charAt(0) == '-';
    if (minus) {
      i++;
    }
    if (i == n || n - i > 18) {
      return NOT_PLAIN;
    }
    long v = 0;
    for (; i < n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return NOT_PLAIN;
      }
      v = v * 10 + (c - '0');
    }
    return minus ? -v : v;
  }
}
