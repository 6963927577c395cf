package io.idsspark.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * What the per-host state holds after each micro-batch, one {@code state_batch} line in detect's
 * log: per stateful operator (source and service, in the order Spark reports them), the host
 * buckets in the store ({@code HostTable}: up to 16 hosts each), the memory they use, and the
 * buckets that left it by their time-to-live. Spark measures these in the state store itself and
 * reports them in the query's progress; the log is where people and the dashboard read them.
 */
final class StateMetrics extends StreamingQueryListener {
  private final SparkSession spark;
  private final String queryName;
  private final BiConsumer<String, Consumer<ObjectNode>> log;
  private volatile java.util.UUID runId;

  private StateMetrics(
      SparkSession spark, String queryName, BiConsumer<String, Consumer<ObjectNode>> log) {
    this.spark = spark;
    this.queryName = queryName;
    this.log = log;
  }

  /**
   * Logs one line per micro-batch of the next query started with the name {@code queryName}, until
   * it stops (call just before starting it).
   */
  static void logEachBatch(
      SparkSession spark, String queryName, BiConsumer<String, Consumer<ObjectNode>> log) {
    spark.streams().addListener(new StateMetrics(spark, queryName, log));
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (runId == null && queryName.equals(event.name())) {
      runId = event.runId();
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.runId().equals(runId)) {
      spark.streams().removeListener(this);
    }
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    if (!p.runId().equals(runId) || p.stateOperators().length == 0) {
      return;
    }
    log.accept(
        "state_batch",
        n -> {
          n.put("batch", p.batchId());
          var ops = n.putArray("operators");
          for (StateOperatorProgress op : p.stateOperators()) {
            ObjectNode o = ops.addObject();
            o.put("operator", op.operatorName());
            o.put("state_rows", op.numRowsTotal());
            o.put("state_rows_updated", op.numRowsUpdated());
            o.put("memory_bytes", op.memoryUsedBytes());
          }
        });
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}
}
