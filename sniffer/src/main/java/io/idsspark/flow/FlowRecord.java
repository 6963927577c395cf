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

  private final Object[] values;

  FlowRecord(Object[] values) {
    if (values.length != COLUMNS.size()) {
      throw new IllegalArgumentException("expected " + COLUMNS.size() + " values");
    }
    this.values = values;
  }

  /** Builds a record from values in {@link #columns()} order (a copy is kept). */
  public static FlowRecord of(Object... values) {
    return new FlowRecord(values.clone());
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
    return values.length;
  }

  /** Value at a column position. */
  public Object value(int i) {
    return values[i];
  }

  /** Value of a named column (null if the value is null). */
  public Object get(String column) {
    return values[slot(column)];
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
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FlowRecord{");
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        sb.append(i == 0 ? "" : ", ").append(COLUMNS.get(i)).append('=').append(values[i]);
      }
    }
    return sb.append('}').toString();
  }
}
