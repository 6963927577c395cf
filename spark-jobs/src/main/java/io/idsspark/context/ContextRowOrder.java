package io.idsspark.context;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The context order ({@link ContextOrder}) on rows (ascending, nulls first, text by code point, as
 * Spark sorts): the batch path puts a host's flows of one millisecond in order with it (Spark's
 * radix sort on {@code HostContext}'s sort key does the rest); the stream sorts each host's rows of
 * a micro-batch with it. So both count a host's flows in the same order.
 */
final class ContextRowOrder implements Comparator<Row>, Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] idx;

  ContextRowOrder(StructType s) {
    List<String> cols = new ArrayList<>();
    cols.add(ContextOrder.TIME);
    cols.addAll(ContextOrder.TIES);
    idx = cols.stream().mapToInt(s::fieldIndex).toArray();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public int compare(Row a, Row b) {
    for (int i : idx) {
      boolean an = a.isNullAt(i);
      boolean bn = b.isNullAt(i);
      if (an || bn) {
        if (an != bn) {
          return an ? -1 : 1;
        }
        continue;
      }
      int c = ((Comparable) a.get(i)).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
