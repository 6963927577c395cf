package io.idsspark.context;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.FlowSparkSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Adds the host-context columns ({@link ContextColumn}) to a flow table, in batch, on a cluster:
 * one pass per key (source address, then service), each a shuffle by the key and a sort by the
 * context order ({@link ContextOrder}) inside the partitions, then {@link HostState} over each
 * host's flows in that order. Nothing is collected to the driver; a host with millions of flows is
 * one sorted run (Spark's sort spills to disk).
 *
 * <pre>
 * Dataset&lt;Row&gt; withContext = HostContext.add(flows);   // same rows, one more column per ContextColumn
 * ContextCoverage c = ContextCoverage.of(withContext);
 * </pre>
 */
public final class HostContext {
  private HostContext() {}

  /** What a table must have for context, as one line: its identity columns. */
  public static final String NEEDS =
      "host context needs the columns " + String.join(", ", FlowSchema.IDENTITY_COLUMNS);

  /** Whether a table has what context needs: addresses, ports, protocol and a timestamp. */
  public static boolean canCompute(StructType schema) {
    return List.of(schema.fieldNames()).containsAll(FlowSchema.IDENTITY_COLUMNS);
  }

  /**
   * The flows with the context columns appended (null where a row has no address or time).
   *
   * @throws IllegalArgumentException if the table lacks an identity column ({@link #canCompute})
   */
  public static Dataset<Row> add(Dataset<Row> input) {
    return add(input, false);
  }

  /** As {@link #add(Dataset)}; with {@code markEvictions} the {@link #EVICTED} column too. */
  private static Dataset<Row> add(Dataset<Row> input, boolean markEvictions) {
    Dataset<Row> flows = input;
    if (!canCompute(input.schema())) {
      throw new IllegalArgumentException(NEEDS);
    }
    // context columns already there (a generated table) are computed again, never trusted
    flows = flows.drop(ContextColumn.names().toArray(new String[0]));
    String[] original = flows.columns();
    // Only the columns context reads go through the two shuffles by host (a flow row has ~90
    // columns; these are ~15); the context comes back to the whole rows by a row id, one join.
    // materialized once (local checkpoint): an id computed twice from a non-deterministic input
    // (a round-robin repartition) would not match between the two sides of the join
    Dataset<Row> withId = flows.withColumn(ROW_ID, monotonically_increasing_id()).localCheckpoint();
    List<Column> needed = new ArrayList<>();
    needed.add(col(ROW_ID));
    for (String c : NEEDED) {
      if (List.of(original).contains(c)) {
        needed.add(col(c));
      }
    }
    Dataset<Row> narrow = withId.select(needed.toArray(new Column[0]));
    if (markEvictions) {
      narrow = narrow.withColumn(EVICTED, functions.lit(false));
    }
    Dataset<Row> byId = contextById(narrow, ROW_ID);
    Dataset<Row> joined = withId.join(byId, ROW_ID);
    List<Column> out = new ArrayList<>();
    for (String c : original) {
      out.add(col(c));
    }
    for (String c : ContextColumn.names()) {
      out.add(col(c));
    }
    if (markEvictions) {
      out.add(col(EVICTED));
    }
    // back to about the input's partitions: the join leaves spark.sql.shuffle.partitions (200) of
    // them, which a cached table (train's) keeps, so every later job ran 200 tiny tasks (train on
    // 100,000 rows: 167 s of 208 in such stages on 2 cores)
    int partitions =
        Math.max(
            withId.rdd().getNumPartitions(),
            flows.sparkSession().sparkContext().defaultParallelism());
    return joined.select(out.toArray(new Column[0])).coalesce(partitions);
  }

  /**
   * The context of each row of a narrow table, by row id: {@code narrow} holds an id column and the
   * columns context reads ({@link #inputColumns}, those the data has, typed as in the flow schema);
   * the result holds the id and the {@link ContextColumn} values (null where a row has no address
   * or time). Two shuffles by host over these few columns; nothing collected. The caller joins the
   * values back to its rows by the id (a join, or a merge of rows already in id order).
   */
  public static Dataset<Row> contextById(Dataset<Row> narrow, String idColumn) {
    return contextById(narrow, idColumn, 0);
  }

  /**
   * As {@link #contextById(Dataset, String)}, each pass in {@code partitions} tasks (0: Spark's
   * choice, which may coalesce them into fewer tasks than there are cores).
   */
  public static Dataset<Row> contextById(Dataset<Row> narrow, String idColumn, int partitions) {
    Dataset<Row> t = narrow.withColumn(ContextOrder.TIME, ContextOrder.time(narrow));
    // fewer bytes through the two shuffles: the context time replaces what it was computed from
    // (the ties keep the start), and one RST column the three whose any above 0 means a RST
    for (String c : ContextOrder.READS) {
      if (!ContextOrder.TIES.contains(c)) {
        t = t.drop(c);
      }
    }
    t = oneRstColumn(t);
    for (ContextColumn.Key key : ContextColumn.Key.values()) {
      t = pass(t, key, HostTable.SLOTS, partitions);
    }
    List<Column> ctx = new ArrayList<>();
    ctx.add(col(idColumn));
    for (String c : ContextColumn.names()) {
      ctx.add(col(c));
    }
    if (List.of(narrow.columns()).contains(EVICTED)) {
      ctx.add(col(EVICTED));
    }
    return t.select(ctx.toArray(new Column[0]));
  }

  /**
   * The table with its RST columns ({@link ContextPass#RST}) folded into the first one present: the
   * greatest of them (a missing value 0), which is above 0 exactly when one of them is.
   */
  private static Dataset<Row> oneRstColumn(Dataset<Row> t) {
    List<String> present = ContextPass.RST.stream().filter(List.of(t.columns())::contains).toList();
    if (present.size() < 2) {
      return t;
    }
    Column[] values =
        present.stream()
            .map(c -> functions.coalesce(col(c).cast("double"), functions.lit(0.0)))
            .toArray(Column[]::new);
    Dataset<Row> out = t.withColumn(present.get(0), functions.greatest(values));
    return out.drop(present.subList(1, present.size()).toArray(new String[0]));
  }

  /**
   * The flow columns context reads (identity, times, counted columns), in a fixed order; a table
   * may lack the non-identity ones.
   */
  public static List<String> inputColumns() {
    return NEEDED.stream().filter(c -> !c.equals(FlowSparkSchema.CORRUPT_RECORD)).toList();
  }

  /** Row id while context is joined back (the input's, computed once per scan of it). */
  private static final String ROW_ID = "_context_row";

  /** The columns {@link ContextPass} and {@link ContextOrder} read (those the input has). */
  private static final List<String> NEEDED = needed();

  private static List<String> needed() {
    List<String> n = new ArrayList<>(FlowSchema.IDENTITY_COLUMNS);
    ContextOrder.READS.stream().filter(c -> !n.contains(c)).forEach(n::add);
    n.addAll(ContextPass.COUNTED);
    n.add(FlowSparkSchema.CORRUPT_RECORD);
    return List.copyOf(n);
  }

  static Dataset<Row> pass(Dataset<Row> in, ContextColumn.Key key, int slots) {
    return pass(in, key, slots, 0);
  }

  /**
   * One key's pass: grouped by bucket (into {@code partitions} tasks; 0 = Spark's choice), sorted
   * by the context order, one table per bucket.
   */
  private static Dataset<Row> pass(
      Dataset<Row> in, ContextColumn.Key key, int slots, int partitions) {
    Dataset<Row> b = in.withColumn(BUCKET, bucket(key));
    b = b.withColumn(SORT_KEY, sortKey(col(BUCKET), col(ContextOrder.TIME)));
    ContextPass p = new ContextPass(key, b.schema(), slots);
    MapPartitionsFunction<Row, Row> f = p::apply;
    Dataset<Row> grouped =
        partitions > 0 ? b.repartition(partitions, col(BUCKET)) : b.repartition(col(BUCKET));
    // one long sorts the rows (a radix sort); ContextPass orders rows with the same long (a host's
    // flows in the same millisecond) by the whole context order
    return grouped
        .sortWithinPartitions(col(SORT_KEY))
        .mapPartitions(f, Encoders.row(withColumnsOf(b.schema(), key)))
        .drop(BUCKET, SORT_KEY);
  }

  /**
   * Column of a table while context is computed: the bucket + 1 in the high 17 bits (0 for rows
   * without a key), the context time in whole milliseconds (0 when null, clamped to 47 bits: 4,000
   * years) below; each bucket's rows are one run of it, in the context order but for rows in the
   * same millisecond.
   */
  static final String SORT_KEY = "_context_sort";

  private static Column sortKey(Column bucket, Column time) {
    long msMax = (1L << 47) - 1;
    Column ms =
        functions.coalesce(
            functions.least(
                functions.greatest(
                    functions.floor(time.multiply(1000)).cast("long"), functions.lit(0L)),
                functions.lit(msMax)),
            functions.lit(0L));
    return functions.shiftleft(bucket.cast("long").plus(1), 47).bitwiseOR(ms);
  }

  /**
   * Column of a table while context is computed: the bucket of the row's host ({@link HostTable}),
   * a hash of the key's columns, -1 when the row has no key (a missing or empty address).
   */
  static final String BUCKET = "_context_bucket";

  /** The bucket of each row's host for one key, as {@link #BUCKET} holds it. */
  static Column bucket(ContextColumn.Key key) {
    Column[] keyCols = key.columns.stream().map(functions::col).toArray(Column[]::new);
    Column missing = functions.lit(false);
    for (Column c : keyCols) {
      missing = missing.or(c.isNull()).or(c.cast("string").equalTo(""));
    }
    return when(missing, -1)
        .otherwise(
            functions.pmod(functions.xxhash64(keyCols), functions.lit((long) HostTable.BUCKETS)))
        .cast("int");
  }

  /** {@code in} with one key's context columns appended (doubles, nullable). */
  private static StructType withColumnsOf(StructType in, ContextColumn.Key key) {
    StructType out = in;
    for (ContextColumn c : ContextColumn.of(key)) {
      out = out.add(c.columnName(), DataTypes.DoubleType, true);
    }
    return out;
  }

  /**
   * The same columns on a stream, with Structured Streaming's {@code transformWithState}: per
   * source, then per service, each bucket of hosts ({@link HostTable}, the cap on tracked hosts) in
   * the state store (so in the checkpoint; a restart continues where it stopped). Malformed rows
   * ({@code _corrupt_record} set) and rows without addresses or time pass with null context. Needs
   * the RocksDB state store provider ({@link #STATE_STORE_PROVIDER}). Late flows are marked in
   * {@link #LATE}, flows whose host took the slot of a live host in {@link #EVICTED}.
   */
  public static Dataset<Row> addToStream(Dataset<Row> flows) {
    return addToStream(flows, HostTable.SLOTS);
  }

  /** As {@link #addToStream(Dataset)} with {@code slots} hosts per bucket (tests use fewer). */
  static Dataset<Row> addToStream(Dataset<Row> flows, int slots) {
    Dataset<Row> t =
        flows
            .withColumn(ContextOrder.TIME, ContextOrder.time(flows))
            .withColumn(LATE, functions.lit(false))
            .withColumn(EVICTED, functions.lit(false));
    for (ContextColumn.Key key : ContextColumn.Key.values()) {
      t = t.withColumn(BUCKET, bucket(key));
      StructType in = t.schema();
      ContextProcessor p = new ContextProcessor(key, in, slots);
      org.apache.spark.api.java.function.MapFunction<Row, Integer> k = p::bucketOf;
      t =
          t.groupByKey(k, Encoders.INT())
              .transformWithState(
                  p,
                  // no timers and no TTL: the context's time is the data's (the context time),
                  // read from the rows; the host cap bounds the state (ContextProcessor)
                  org.apache.spark.sql.streaming.TimeMode.None(),
                  org.apache.spark.sql.streaming.OutputMode.Append(),
                  Encoders.row(withColumnsOf(in, key)))
              .drop(BUCKET);
    }
    return t.drop(ContextOrder.TIME);
  }

  /**
   * Column of a stream with context: true for a late flow (one that ended before the last flow its
   * source or service had counted in an earlier micro-batch; scored with the context it could have,
   * which may differ from the batch path's). Counted per micro-batch by detect, then dropped.
   */
  public static final String LATE = "_context_late";

  /**
   * Column of a stream with context: true for a flow whose new host took the place of a host that
   * was still within its expiry in a full bucket ({@link HostTable}: that host's context is lost).
   * Counted per micro-batch by detect, then dropped.
   */
  public static final String EVICTED = "_context_evicted";

  /** The state store {@code transformWithState} needs ({@code spark.sql.streaming...}). */
  public static final String STATE_STORE_PROVIDER =
      "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";

  /**
   * Session settings a stream with context needs, before it starts: the RocksDB state store ({@code
   * transformWithState} requires it); no micro-batches without data (nothing to expire between
   * batches: stale hosts leave their bucket when it is next written, {@code ContextProcessor}); and
   * the number of state partitions. Each partition is a state store opened, committed and
   * snapshotted in every micro-batch, per operator: Spark's default of 200 shuffle partitions cost
   * 75 s per micro-batch on 2 cores (4 s with 2). Spark keeps the number in the checkpoint from its
   * first start; a restart with another value keeps the checkpoint's.
   *
   * <p>The state's memory is capped: all RocksDB instances of an executor share one block cache and
   * write-buffer budget of {@code stateMemoryMb}, whatever the number of hosts (a spoofed flood
   * from a million sources included); what does not fit stays on local disk.
   *
   * @param statePartitions partitions of the per-host state; 0 = Spark's default parallelism (the
   *     cores it has now), unless {@code spark.sql.shuffle.partitions} was set explicitly
   * @param stateMemoryMb native memory cap of the state per executor; 0 = unbounded
   * @return the number of partitions set
   */
  public static int configureStream(
      org.apache.spark.sql.SparkSession spark, int statePartitions, int stateMemoryMb) {
    spark.conf().set("spark.sql.streaming.stateStore.providerClass", STATE_STORE_PROVIDER);
    // a micro-batch's state changes go to a small changelog file; full snapshots of the store
    // are made in the background (otherwise every commit uploads one: 0.4 s per operator here)
    spark
        .conf()
        .set("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true");
    if (stateMemoryMb > 0) {
      spark.conf().set("spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage", "true");
      spark
          .conf()
          .set(
              "spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB",
              Integer.toString(stateMemoryMb));
    }
    spark.conf().set("spark.sql.streaming.noDataMicroBatches.enabled", "false");
    String key = "spark.sql.shuffle.partitions";
    int n = statePartitions;
    if (n <= 0) {
      n =
          spark.sparkContext().getConf().contains(key)
              ? Integer.parseInt(spark.conf().get(key))
              : Math.max(1, spark.sparkContext().defaultParallelism());
    }
    spark.conf().set(key, Integer.toString(n));
    return n;
  }

  /**
   * A flow table with the context columns and {@link #EVICTED} (for {@link
   * ContextCoverage#observe}, which counts and drops it): computed when it has the identity
   * columns, else null columns (a layout without addresses, such as CIC-IDS2018's original CSVs);
   * coverage then says why no row has context.
   */
  public static Dataset<Row> addOrNull(Dataset<Row> flows) {
    if (canCompute(flows.schema())) {
      return add(flows, true);
    }
    Dataset<Row> out = flows;
    for (String c : ContextColumn.names()) {
      out = out.withColumn(c, org.apache.spark.sql.functions.lit(null).cast("double"));
    }
    return out;
  }

  /** Whether a model with these feature columns needs host context. */
  public static boolean usedBy(List<String> featureColumns) {
    return featureColumns.stream().anyMatch(ContextColumn::isContext);
  }

  /**
   * The well-formed rows of {@code flows} with context computed over them, and the malformed rows
   * ({@code malformed} true) appended with null context: a damaged row is kept for quarantine but
   * does not count towards its hosts.
   */
  public static Dataset<Row> addToWellFormed(Dataset<Row> flows, Column malformed) {
    Dataset<Row> good = add(flows.filter(org.apache.spark.sql.functions.not(malformed)));
    return good.unionByName(flows.filter(malformed), true);
  }

  /** One line for a model that needs context on input that cannot give it, or null when it can. */
  public static String whyNot(StructType schema, String input, String model) {
    if (canCompute(schema)) {
      return null;
    }
    return input
        + ": model "
        + model
        + " uses host context; "
        + NEEDS
        + "; score it with a model trained with --no-context";
  }
}
