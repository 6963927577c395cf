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
 * semantics: a plain number directly ({@link CsvLine#plainInteger}, {@link CsvLine#plainDouble}),
 * anything else (rare: {@code +5}, {@code 1e3}, {@code NaN}, overflow...) through Spark's {@code
 * Cast} expression evaluated on the one value. Reading the numbers here instead of as text and a
 * {@code try_cast} column each keeps the generated code of the parsing stage under the size the JIT
 * compiles (8,000 bytes of bytecode a method).
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
      double d = CsvLine.plainDouble(t);
      if (!Double.isNaN(d)) {
        return d;
      }
    } else {
      long l = CsvLine.plainInteger(t);
      if (l != CsvLine.NOT_PLAIN) {
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
}
