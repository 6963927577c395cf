package io.idsspark.context;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StatefulProcessor;
import org.apache.spark.sql.streaming.TTLConfig;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.TimerValues;
import org.apache.spark.sql.streaming.ValueState;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One bucket of hosts in the stream ({@code transformWithState}): the bucket's {@link HostTable}
 * lives in Spark's state store (so in the checkpoint) as bytes between micro-batches; a
 * micro-batch's rows of the bucket are sorted by the context order and counted as the batch path
 * counts them, with the same evictions. Rows without a key (grouped under bucket -1) pass with null
 * context and touch no state. A flow that ended before the last flow its host counted in an earlier
 * micro-batch is late: it is counted (without decay, as {@link HostState} does within a host's
 * expiry), scored with that context and marked in {@link HostContext#LATE}, since its context can
 * differ from the batch path's. A host whose state has expired by the time rules of {@link
 * HostState} starts afresh when it is seen again.
 *
 * <p>What bounds the store is the cap on hosts ({@link HostTable}: 65,536 buckets of 16 per key
 * kind), not a time to live: Spark's TTL on a value costs an index entry written and removed per
 * update, which made the service operator 40 % slower (measured, docs/benchmarks.md). Instead a
 * bucket drops, when it is written, the hosts {@link #STALE_SECONDS} older than its newest (a flow
 * of theirs would start them afresh in the batch path too, unless it came that late), and leaves
 * the store when none is left. A bucket no flow touches again keeps its last hosts, within the cap.
 */
final class ContextProcessor extends StatefulProcessor<Integer, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ContextPass pass;
  private final ContextRowOrder order;
  private final int bucketIdx;
  private transient ValueState<byte[]> state;

  /**
   * Age, behind the newest host of its bucket, at which a host is dropped when the bucket is
   * written: twice the expiry of {@link HostState}, so that only a flow later than the expiry
   * itself could have found the host's state (the batch path would count it; the stream marks such
   * a flow late).
   */
  static final double STALE_SECONDS = 2 * HostState.EXPIRY_SECONDS;

  ContextProcessor(ContextColumn.Key key, StructType in, int slots) {
    this.pass = new ContextPass(key, in, slots);
    this.order = new ContextRowOrder(in);
    this.bucketIdx = in.fieldIndex(HostContext.BUCKET);
  }

  /** The bucket a row is grouped by (-1 for a row without a key: null context, no state). */
  Integer bucketOf(Row r) {
    return r.getInt(bucketIdx);
  }

  @Override
  public void init(OutputMode outputMode, TimeMode timeMode) {
    state = getHandle().getValueState("hosts", Encoders.BINARY(), TTLConfig.NONE());
  }

  @Override
  public scala.collection.Iterator<Row> handleInputRows(
      Integer bucket, scala.collection.Iterator<Row> rows, TimerValues timerValues) {
    List<Row> in = new ArrayList<>();
    rows.foreach(in::add);
    List<Row> out = new ArrayList<>(in.size());
    in.sort(order);
    byte[] held = state.get();
    HostTable table =
        held != null
            ? HostTable.fromBytes(held, pass.dimensions(), pass.slots())
            : new HostTable(pass.dimensions(), pass.slots());
    // flows that ended before what their host counted in earlier micro-batches: late
    java.util.Map<String, Double> before = table.lastTimes();
    for (Row r : in) {
      out.add(pass.withContext(r, table, before));
    }
    table.dropStale(STALE_SECONDS);
    if (table.size() > 0) {
      state.update(table.toBytes());
    } else if (held != null) {
      state.clear();
    }
    return CollectionConverters.asScala((Iterator<Row>) out.iterator());
  }
}
