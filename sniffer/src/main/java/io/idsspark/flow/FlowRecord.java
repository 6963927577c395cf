package io.idsspark.flow;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished flow: a value per column of {@link FlowSchema#flowColumnNames()}, in that order
 * (identity columns, features, {@code end_reason}). Values are {@code String} (timestamp,
 * addresses, end reason), {@code Integer} (ports, protocol), {@code Long}, {@code Double}, or null
 * (TCP windows of non-TCP flows).
 */
public final class FlowRecord {
  private static final List<String> COLUMNS = FlowSchema.flowColumnNames();
  private static final Map<String, Integer> INDEX = new HashMap<>();

  static {
    for (int i = 0; i < COLUMNS.size(); i++) {
      INDEX.put(COLUMNS.get(i), i);
    }
  }

  /** Storage type per column: 0 string/timestamp, 1 int, 2 long, 3 double. */
  private static final byte[] KIND = new byte[COLUMNS.size()];

  static {
    for (int i = 0; i < KIND.length; i++) {
      FlowColumn c = FlowSchema.column(COLUMNS.get(i)).orElseThrow();
      KIND[i] =
          switch (c.type()) {
            case TIMESTAMP, STRING -> 0;
            case INT -> 1;
            case LONG -> 2;
            case DOUBLE -> 3;
          };
    }
  }

  // numbers are kept unboxed (NaN = null): building and writing records is on the hot path
  private final double[] numbers;
  private final String[] strings;

  FlowRecord(double[] numbers, String[] strings) {
    if (numbers.length != COLUMNS.size() || strings.length != COLUMNS.size()) {
      throw new IllegalArgumentException("expected " + COLUMNS.size() + " values");
    }
    this.numbers = numbers;
    this.strings = strings;
  }

  /**
   * Builds a record from values in {@link #columns()} order: strings for string and timestamp
   * columns, numbers (or null) for the others.
   */
  public static FlowRecord of(Object... values) {
    int n = COLUMNS.size();
    if (values.length != n) {
      throw new IllegalArgumentException("expected " + n + " values, got " + values.length);
    }
    double[] num = new double[n];
    String[] str = new String[n];
    for (int i = 0; i < n; i++) {
      Object v = values[i];
      if (KIND[i] == 0) {
        str[i] = v == null ? null : v.toString();
      } else {
        num[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
      }
    }
    return new FlowRecord(num, str);
  }

  /** True if the column at {@code i} holds text (timestamp, addresses, end reason). */
  static boolean isText(int i) {
    return KIND[i] == 0;
  }

  /** True if the column at {@code i} holds a whole number (int or long). */
  static boolean isWhole(int i) {
    return KIND[i] == 1 || KIND[i] == 2;
  }

  /** Raw number at {@code i} (NaN for null); only for numeric columns. No boxing: hot paths. */
  public double number(int i) {
    return numbers[i];
  }

  /** Text at {@code i} (timestamp, addresses, end reason), or null; only for text columns. */
  public String text(int i) {
    return strings[i];
  }

  /** The column names, = {@link FlowSchema#flowColumnNames()}. */
  public static List<String> columns() {
    return COLUMNS;
  }

  /** Position of a column, for building values; throws if the schema has no such column. */
  static int slot(String name) {
    Integer i = INDEX.get(name);
    if (i == null) {
      throw new IllegalStateException("flow schema has no column " + name);
    }
    return i;
  }

  /** Number of values, = {@code columns().size()}. */
  public int size() {
    return numbers.length;
  }

  /** Value at a column position: String, Integer, Long, Double or null. */
  public Object value(int i) {
    double d = numbers[i];
    return switch (KIND[i]) {
      case 0 -> strings[i];
      case 1 -> Double.isNaN(d) ? null : (Object) (int) d;
      case 2 -> Double.isNaN(d) ? null : (Object) (long) d;
      default -> Double.isNaN(d) ? null : (Object) d;
    };
  }

  /** Value of a named column (null if the value is null). */
  public Object get(String column) {
    return value(slot(column));
  }

  /** A numeric column as double (null stays null). */
  public Double getDouble(String column) {
    Object v = get(column);
    return v == null ? null : ((Number) v).doubleValue();
  }

  /** A numeric column as long (null stays null). */
  public Long getLong(String column) {
    Object v = get(column);
    return v == null ? null : ((Number) v).longValue();
  }

  public String getString(String column) {
    Object v = get(column);
    return v == null ? null : v.toString();
  }

  /** An unmodifiable view of the values in column order. */
  public List<Object> values() {
    Object[] out = new Object[numbers.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = value(i);
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FlowRecord{");
    for (int i = 0; i < numbers.length; i++) {
      Object v = value(i);
      if (v != null) {
        sb.append(i == 0 ? "" : ", ").append(COLUMNS.get(i)).append('=').append(v);
      }
    }
    return sb.append('}').toString();
  }
}
