package io.idsspark.context;

import io.idsspark.flow.FlowSchema;
import java.io.Serializable;
import java.util.Comparator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The context order ({@link ContextOrder}) on rows, as the batch path's Spark sort applies it
 * (ascending, nulls first, text by code point): the stream sorts each host's rows of a micro-batch
 * with it, so both count a host's flows in the same order.
 */
final class ContextRowOrder implements Comparator<Row>, Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] idx;

  ContextRowOrder(StructType s) {
    idx =
        new int[] {
          s.fieldIndex(ContextOrder.TIME),
          s.fieldIndex(FlowSchema.TIMESTAMP_COL),
          s.fieldIndex(FlowSchema.SRC_IP),
          s.fieldIndex(FlowSchema.SRC_PORT),
          s.fieldIndex(FlowSchema.DST_IP),
          s.fieldIndex(FlowSchema.DST_PORT),
          s.fieldIndex(FlowSchema.PROTOCOL)
        };
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
