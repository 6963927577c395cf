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
 * One key's context in the stream ({@code transformWithState}): the host's {@link HostState} lives
 * in Spark's state store (so in the checkpoint) as bytes between micro-batches; a micro-batch's
 * rows of the host are sorted by the context order and counted as the batch path counts them. Rows
 * without a key (grouped under {@code ""}) pass with null context and touch no state. A flow that
 * ended before the last flow its host counted in an earlier micro-batch is late: it is counted
 * (without decay, as {@link HostState} does within a host's expiry), scored with that context and
 * marked in {@link HostContext#LATE}, since its context can differ from the batch path's. A host
 * whose state has expired by the time rules of {@link HostState} starts afresh when it is seen
 * again; a host not seen for {@link #STATE_TTL} of processing time leaves the store.
 */
final class ContextProcessor extends StatefulProcessor<String, Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ContextPass pass;
  private final ContextRowOrder order;
  private transient ValueState<byte[]> state;

  /**
   * How long a host's state stays in the store without being updated, in processing time: twice the
   * event-time expiry of {@link HostState}. Without it a host seen once (a spoofed source) would
   * stay for ever, since its event-time expiry is only noticed when it is seen again. The cost:
   * after a stop longer than this, hosts start afresh (their first flows after the restart get less
   * context than the batch path would give them).
   */
  static final java.time.Duration STATE_TTL =
      java.time.Duration.ofSeconds((long) (2 * HostState.EXPIRY_SECONDS));

  ContextProcessor(ContextColumn.Key key, StructType in) {
    this.pass = new ContextPass(key, in);
    this.order = new ContextRowOrder(in);
  }

  /** The key a row is grouped by ({@code ""} for none). */
  String keyOf(Row r) {
    return pass.keyText(r);
  }

  @Override
  public void init(OutputMode outputMode, TimeMode timeMode) {
    state = getHandle().getValueState("host", Encoders.BINARY(), new TTLConfig(STATE_TTL));
  }

  @Override
  public scala.collection.Iterator<Row> handleInputRows(
      String key, scala.collection.Iterator<Row> rows, TimerValues timerValues) {
    List<Row> in = new ArrayList<>();
    rows.foreach(in::add);
    List<Row> out = new ArrayList<>(in.size());
    if (key.isEmpty()) {
      for (Row r : in) {
        out.add(pass.withContext(r, null));
      }
      return CollectionConverters.asScala((Iterator<Row>) out.iterator());
    }
    in.sort(order);
    HostState h =
        state.exists()
            ? HostState.fromBytes(state.get(), pass.dimensions())
            : new HostState(pass.dimensions());
    // flows that ended before what the host had counted in earlier micro-batches: late
    double countedUpTo = h.isEmpty() ? Double.NEGATIVE_INFINITY : h.lastTime();
    for (Row r : in) {
      out.add(pass.withContext(r, h, countedUpTo));
    }
    if (!h.isEmpty()) {
      state.update(h.toBytes());
    }
    return CollectionConverters.asScala((Iterator<Row>) out.iterator());
  }
}
