package io.idsspark.context;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.idsspark.flow.FlowSchema;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;

/**
 * How many rows of a table made by {@link HostContext} got context, and why the others did not:
 * counted in one aggregation ({@link #of(Dataset)}), or observed while the table is written ({@link
 * #observe}, then {@link #of(Map)}).
 *
 * @param rows rows seen
 * @param withContext rows with both keys' context
 * @param noTime rows without a usable time (no timestamp)
 * @param noAddress rows without a source or destination address
 * @param evicted rows whose new host took the slot of a host still within its expiry ({@link
 *     HostTable}: the cap on tracked hosts); 0 where not counted
 */
public record ContextCoverage(
    long rows, long withContext, long noTime, long noAddress, long evicted) {

  /** Share of rows with context, 0 for no rows. */
  public double share() {
    return rows == 0 ? 0 : withContext / (double) rows;
  }

  /** One line for a job's output: how many rows got context and why the others did not. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "host context: %,d of %,d rows (%.1f %%); without: %,d no address, %,d no time;"
            + " %,d took the slot of a live host (cap: %,d x %d hosts per kind)",
        withContext,
        rows,
        100 * share(),
        noAddress,
        noTime,
        evicted,
        HostTable.BUCKETS,
        HostTable.SLOTS);
  }

  /** One aggregation over a table made by {@link HostContext#add}. */
  public static ContextCoverage of(Dataset<Row> withContext) {
    Row r = withContext.agg(COUNTS[0], Arrays.copyOfRange(COUNTS, 1, COUNTS.length)).first();
    Map<String, Object> m = new HashMap<>();
    for (String name : r.schema().fieldNames()) {
      m.put(name, r.getAs(name));
    }
    return of(m);
  }

  /**
   * {@code table} observed for the counts of {@link #of(Dataset)}, so they come with the pass that
   * writes it (no second pass); a table of {@link HostContext#addOrNull} also gets its evictions
   * counted, and its {@link HostContext#EVICTED} column dropped.
   */
  public static Dataset<Row> observe(Dataset<Row> table, Observation obs) {
    if (!List.of(table.columns()).contains(HostContext.EVICTED)) {
      return table.observe(obs, COUNTS[0], Arrays.copyOfRange(COUNTS, 1, COUNTS.length));
    }
    Column[] more = Arrays.copyOfRange(COUNTS, 1, COUNTS.length + 1);
    more[more.length - 1] = sum(when(col(HostContext.EVICTED), 1L).otherwise(0L)).as("evicted");
    return table.observe(obs, COUNTS[0], more).drop(HostContext.EVICTED);
  }

  /** Coverage from counted values by name ({@link #observe}'s observation); absent ones are 0. */
  public static ContextCoverage of(Map<String, Object> counted) {
    return new ContextCoverage(
        num(counted.get("rows")),
        num(counted.get("with_context")),
        num(counted.get("no_time")),
        num(counted.get("no_address")),
        num(counted.get("evicted")));
  }

  private static final Column[] COUNTS = counts();

  private static Column[] counts() {
    Column has =
        col(ContextColumn.SRC_FLOWS_2S.columnName())
            .isNotNull()
            .and(col(ContextColumn.SVC_FLOWS_2S.columnName()).isNotNull());
    Column noAddress =
        col(FlowSchema.SRC_IP)
            .isNull()
            .or(col(FlowSchema.DST_IP).isNull())
            .or(col(FlowSchema.SRC_IP).equalTo(""))
            .or(col(FlowSchema.DST_IP).equalTo(""));
    return new Column[] {
      count(lit(1)).as("rows"),
      sum(when(has, 1L).otherwise(0L)).as("with_context"),
      sum(when(col(FlowSchema.TIMESTAMP_COL).isNull(), 1L).otherwise(0L)).as("no_time"),
      sum(when(noAddress, 1L).otherwise(0L)).as("no_address")
    };
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
