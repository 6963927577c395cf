package io.idsspark.context;

import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.FlowSparkSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Appends one key's context columns to rows that arrive grouped by that key and sorted by the
 * context order (what {@link HostContext} arranges): one {@link HostState} at a time, reset when
 * the key changes. Rows without the key or a context time get null context and pass through.
 */
final class ContextPass implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ContextColumn.Key key;
  private final int[] keyIdx;
  private final int[] peerIdx;
  private final int timeIdx;
  private final int bwdPktsIdx;
  private final int fwdPktsIdx;
  private final int fwdBytesIdx;
  private final int bwdBytesIdx;
  private final int dstPortIdx;
  private final int protocolIdx;
  private final int[] rstIdx;
  private final int width;
  private final int added;
  private final int corruptIdx;
  private final int lateIdx;
  private final int evictedIdx;
  private final int bucketIdx;
  private final int sortKeyIdx;
  private final ContextRowOrder order;
  private final int slots;

  private static final String BWD_PKTS = FlowSchema.TOT_BWD_PKTS;
  private static final String FWD_PKTS = FlowSchema.TOT_FWD_PKTS;
  private static final String FWD_BYTES = FlowSchema.TOTLEN_FWD_PKTS;
  private static final String BWD_BYTES = FlowSchema.TOTLEN_BWD_PKTS;

  /** Any of these above 0 means the flow had a RST. */
  static final List<String> RST = List.of("rst_flag_cnt", "fwd_rst_flags", "bwd_rst_flags");

  /** Flow columns the statistics read (besides the key, peers and time); absent ones count 0. */
  static final List<String> COUNTED = counted();

  private static List<String> counted() {
    List<String> c = new java.util.ArrayList<>(List.of(BWD_PKTS, FWD_PKTS, FWD_BYTES, BWD_BYTES));
    c.addAll(RST);
    return List.copyOf(c);
  }

  ContextPass(ContextColumn.Key key, StructType in) {
    this(key, in, HostTable.SLOTS);
  }

  /**
   * @param in rows with the key's columns, {@link ContextOrder#TIME} and {@link HostContext#BUCKET}
   * @param slots hosts per bucket ({@link HostTable#SLOTS}; tests use fewer)
   */
  ContextPass(ContextColumn.Key key, StructType in, int slots) {
    this.key = key;
    this.slots = slots;
    keyIdx = key.columns.stream().mapToInt(in::fieldIndex).toArray();
    peerIdx = key.peers.stream().mapToInt(in::fieldIndex).toArray();
    timeIdx = in.fieldIndex(ContextOrder.TIME);
    bwdPktsIdx = optional(in, BWD_PKTS);
    fwdPktsIdx = optional(in, FWD_PKTS);
    fwdBytesIdx = optional(in, FWD_BYTES);
    bwdBytesIdx = optional(in, BWD_BYTES);
    dstPortIdx = optional(in, FlowSchema.DST_PORT);
    protocolIdx = optional(in, FlowSchema.PROTOCOL);
    rstIdx = RST.stream().mapToInt(c -> optional(in, c)).filter(i -> i >= 0).toArray();
    corruptIdx = optional(in, FlowSparkSchema.CORRUPT_RECORD);
    lateIdx = optional(in, HostContext.LATE);
    evictedIdx = optional(in, HostContext.EVICTED);
    bucketIdx = in.fieldIndex(HostContext.BUCKET);
    sortKeyIdx = optional(in, HostContext.SORT_KEY);
    order = new ContextRowOrder(in);
    width = in.length();
    added = ContextColumn.of(key).size();
  }

  private static int optional(StructType s, String name) {
    return Arrays.asList(s.fieldNames()).contains(name) ? s.fieldIndex(name) : -1;
  }

  /**
   * The rows with this key's context columns appended; rows must have {@link HostContext#SORT_KEY}
   * and come sorted by it (each bucket one run, by millisecond): rows with the same key are put in
   * the whole context order here.
   */
  Iterator<Row> apply(Iterator<Row> rows) {
    return new Iterator<>() {
      private final List<Row> group = new ArrayList<>();
      private int pos;
      private Row pending;
      private int bucket;
      private HostTable table;

      @Override
      public boolean hasNext() {
        return pos < group.size() || pending != null || rows.hasNext();
      }

      @Override
      public Row next() {
        if (pos == group.size()) {
          fill();
        }
        Row r = group.get(pos++);
        if (table == null || r.getInt(bucketIdx) != bucket) {
          bucket = r.getInt(bucketIdx);
          table = new HostTable(peerIdx.length, slots);
        }
        return withContext(r, table, java.util.Map.of());
      }

      /** The next run of rows with the same sort key, in the whole context order. */
      private void fill() {
        group.clear();
        pos = 0;
        Row first = pending != null ? pending : rows.next();
        pending = null;
        group.add(first);
        long k = first.getLong(sortKeyIdx);
        while (rows.hasNext()) {
          Row r = rows.next();
          if (r.getLong(sortKeyIdx) != k) {
            pending = r;
            break;
          }
          group.add(r);
        }
        if (group.size() > 1) {
          group.sort(order);
        }
      }
    };
  }

  /** Number of distinct-count dimensions of this key's state. */
  int dimensions() {
    return peerIdx.length;
  }

  /** Hosts per bucket. */
  int slots() {
    return slots;
  }

  /**
   * The row with this key's context appended after counting it in its host's state in {@code table}
   * (its bucket's); null context (and nothing counted) when the row has no key or time. In a
   * stream, {@code countedBefore} holds each host's last context time before this micro-batch: a
   * row ending before it is late (marked in {@link HostContext#LATE} when the input has it).
   */
  Row withContext(Row r, HostTable table, java.util.Map<String, Double> countedBefore) {
    String k = keyText(r);
    if (k.isEmpty() || r.isNullAt(timeIdx)) {
      return build(r, null, false, false);
    }
    double t = r.getDouble(timeIdx);
    HostState h = table.stateOf(k, t);
    boolean late = t < countedBefore.getOrDefault(k, Double.NEGATIVE_INFINITY);
    return build(r, h, late, table.evictedLive());
  }

  /**
   * The row with context appended: counted in {@code state}, or null context when it is null;
   * marked late, and as having evicted a live host, when the input has those columns.
   */
  private Row build(Row r, HostState state, boolean late, boolean evicted) {
    Object[] values = new Object[width + added];
    for (int i = 0; i < width; i++) {
      values[i] = r.get(i);
    }
    if (late && lateIdx >= 0) {
      values[lateIdx] = Boolean.TRUE;
    }
    if (evicted && evictedIdx >= 0) {
      values[evictedIdx] = Boolean.TRUE;
    }
    if (state == null) {
      return RowFactory.create(values);
    }
    Object[] peers = new Object[peerIdx.length];
    for (int i = 0; i < peerIdx.length; i++) {
      peers[i] = r.get(peerIdx[i]);
    }
    double[] out = new double[added];
    double bwdBytes = number(r, bwdBytesIdx);
    // a missing protocol reads 0 (not TCP); a missing port NaN: neither counts
    double port = dstPortIdx < 0 || r.isNullAt(dstPortIdx) ? Double.NaN : number(r, dstPortIdx);
    double answer = HostState.answer(number(r, protocolIdx), port, bwdBytes);
    state.add(
        r.getDouble(timeIdx),
        number(r, bwdPktsIdx) > 0,
        rst(r),
        number(r, fwdPktsIdx),
        number(r, fwdBytesIdx),
        bwdBytes,
        answer,
        peers,
        out,
        0);
    for (int i = 0; i < added; i++) {
      values[width + i] = out[i];
    }
    return RowFactory.create(values);
  }

  /** The row's key as text ({@code ""} when it has none): what the stream groups by. */
  String keyText(Row r) {
    Object[] k = keyOf(r);
    if (k == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (Object o : k) {
      b.append(b.length() == 0 ? "" : "|").append(o);
    }
    return b.toString();
  }

  private Object[] keyOf(Row r) {
    if (corruptIdx >= 0 && !r.isNullAt(corruptIdx)) {
      return null; // a malformed row counts for no host
    }
    Object[] k = new Object[keyIdx.length];
    for (int i = 0; i < keyIdx.length; i++) {
      k[i] = r.get(keyIdx[i]);
      if (k[i] == null || (k[i] instanceof String s && s.isEmpty())) {
        return null;
      }
    }
    return k;
  }

  private boolean rst(Row r) {
    for (int i : rstIdx) {
      if (number(r, i) > 0) {
        return true;
      }
    }
    return false;
  }

  private static double number(Row r, int i) {
    if (i < 0 || r.isNullAt(i)) {
      return 0;
    }
    Object o = r.get(i);
    return o instanceof Number n ? n.doubleValue() : 0;
  }

  @Override
  public String toString() {
    return "ContextPass(" + Objects.toString(key) + ")";
  }
}
