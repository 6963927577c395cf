package io.idsspark.datasets;

import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.util.List;

/**
 * A flow row as an {@code Object[]} in {@link FlowSchema#allColumnNames()} order, with setters that
 * box each value as the column's storage type (so a Spark Row built from it always matches {@code
 * FlowSparkSchema.schema(true)}). Column positions are looked up from the schema by name, never
 * retyped.
 */
final class FlowRow {
  static final List<FlowColumn> COLUMNS = FlowSchema.columns();
  static final int WIDTH = COLUMNS.size();

  private FlowRow() {}

  /** Position of a schema column; fails at class init if the schema lost it. */
  static int idx(String name) {
    for (int i = 0; i < WIDTH; i++) {
      if (COLUMNS.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("flow schema has no column " + name);
  }

  /** Stores a number boxed as the column's type (LONG/INT rounded, DOUBLE as is). */
  static void num(Object[] row, int i, double v) {
    row[i] =
        switch (COLUMNS.get(i).type()) {
          case LONG -> Math.round(v);
          case INT -> (int) Math.round(v);
          case DOUBLE -> v;
          case STRING, TIMESTAMP ->
              throw new IllegalArgumentException(COLUMNS.get(i).name() + " is not numeric");
        };
  }
}
