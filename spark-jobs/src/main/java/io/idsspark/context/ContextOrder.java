package io.idsspark.context;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;

import io.idsspark.flow.FlowSchema;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The context order: which flows a flow's context may use, and in which order a host's flows are
 * counted. A flow's <em>context time</em> is the moment its record became available: {@code
 * exported_at} (the capture time at which the sniffer closed and emitted it) when the data has it,
 * else its end ({@code timestamp + flow_duration}; CIC rows and generated flows). A flow's context
 * is made of the flows of the same host with a context time at or before its own, itself included;
 * ties are broken by flow start, then source address, source port, destination address, destination
 * port and protocol. Nothing later is used, so the same values can be computed live.
 *
 * <p>The batch path sorts each host's flows by this order; the stream counts flows as they arrive,
 * which on sniffer output is the same order (the sniffer writes flows in {@code exported_at}
 * order).
 */
public final class ContextOrder {
  /** Name of the context-time column (seconds since the epoch) while context is computed. */
  static final String TIME = "_context_time";

  /** The tie-breaking columns after the context time, in order (ascending, nulls first). */
  static final List<String> TIES =
      List.of(
          FlowSchema.TIMESTAMP_COL,
          FlowSchema.SRC_IP,
          FlowSchema.SRC_PORT,
          FlowSchema.DST_IP,
          FlowSchema.DST_PORT,
          FlowSchema.PROTOCOL);

  /** The flow's duration (seconds): its end is the context time when it has no export time. */
  static final String DURATION = "flow_duration";

  /** The columns the context time is computed from (those a table lacks are skipped). */
  static final List<String> READS =
      List.of(FlowSchema.TIMESTAMP_COL, DURATION, FlowSchema.EXPORTED_AT);

  private ContextOrder() {}

  /** The context time in seconds, null when the flow has no usable time. */
  static Column time(Dataset<Row> flows) {
    Column end =
        unix_micros(col(FlowSchema.TIMESTAMP_COL).cast("timestamp"))
            .cast("double")
            .divide(1e6)
            .plus(coalesce(col(DURATION), lit(0.0)));
    if (List.of(flows.columns()).contains(FlowSchema.EXPORTED_AT)) {
      Column exported =
          unix_micros(col(FlowSchema.EXPORTED_AT).cast("timestamp")).cast("double").divide(1e6);
      return coalesce(exported, end);
    }
    return end;
  }
}
