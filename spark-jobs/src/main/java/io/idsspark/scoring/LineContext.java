package io.idsspark.scoring;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.shiftrightunsigned;

import io.idsspark.context.ContextColumn;
import io.idsspark.context.HostContext;
import io.idsspark.flow.FlowSchema;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.FlowSparkSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * {@code score}'s CSV text path for a model that uses host context. The lines stay text and never
 * move: only the ~15 fields context reads are parsed (from the lines that will be scored, as the
 * typed path counts only well-formed rows), go through {@link HostContext#contextById}'s two
 * shuffles by host, and come back to the lines by line id, sorted into the lines' own partitions
 * and merged with them in order (no shuffle, no join of the wide lines). Each line is then scored
 * as {@link LineScoring} scores it, with its context appended before the score.
 *
 * <pre>
 * Dataset&lt;Row&gt; lines = LineContext.withIds(LineScoring.read(spark, files));
 * Dataset&lt;Row&gt; out = LineContext.score(lines, header, model, 3, "flows.csv"); // as LineScoring.score
 * </pre>
 */
public final class LineContext {
  /** Line id column: partition index in the high bits, so an id names its lines' partition. */
  public static final String LINE_ID = "_line";

  /**
   * A line id shifted right by this many bits is its partition ({@code
   * monotonically_increasing_id}).
   */
  private static final int PARTITION_SHIFT = 33;

  private LineContext() {}

  /**
   * Lines ({@code value}, {@code file}) with a line id. Every scan of the same files numbers them
   * alike (same file splits, same order), which the merge relies on.
   */
  public static Dataset<Row> withIds(Dataset<Row> lines) {
    return lines.withColumn(LINE_ID, monotonically_increasing_id());
  }

  /**
   * Whether files with {@code header} can take this path: they have the identity columns context
   * needs and no context columns of their own (a generated file's would be shadowed twice).
   */
  public static boolean canUse(List<String> header) {
    return header.containsAll(FlowSchema.IDENTITY_COLUMNS)
        && header.stream().noneMatch(ContextColumn::isContext);
  }

  /**
   * Scores lines with ids ({@link #withIds}) of files with {@code header} with a model that uses
   * host context; output as {@link LineScoring#score}, each scored line with its context values
   * (every {@link ContextColumn}) (empty where it has none) before {@code
   * score,level,top_features}.
   */
  public static Dataset<Row> score(
      Dataset<Row> lines, List<String> header, StoredModel model, int topFeatures, String input) {
    LineScorer scorer = LineScoring.scorer(header, model, topFeatures, input);
    Broadcast<LineScorer> bc =
        JavaSparkContext.fromSparkContext(lines.sparkSession().sparkContext()).broadcast(scorer);
    int partitions = lines.rdd().getNumPartitions();
    Dataset<Row> context =
        HostContext.contextById(contextInputs(lines, header, bc), LINE_ID, partitions);
    // back to the lines' partitions through Spark SQL's own shuffle (compact rows, a radix sort on
    // the id) rather than an RDD shuffle of Java-serialized pairs and a sort of boxed keys
    RDD<InternalRow> byLine =
        context
            .withColumn(ROUTE, route(partitions))
            .repartition(partitions, col(ROUTE))
            .sortWithinPartitions(LINE_ID)
            .drop(ROUTE)
            .queryExecution()
            .toRdd();
    int value = lines.schema().fieldIndex("value");
    int file = lines.schema().fieldIndex(LineScoring.FILE);
    int id = lines.schema().fieldIndex(LINE_ID);
    int width = ContextColumn.names().size();
    FlatMapFunction2<Iterator<Row>, Iterator<InternalRow>, Row> merge =
        (ls, cs) -> new Merged(ls, cs, bc.value().new Worker(), value, file, id, width);
    JavaRDD<Row> out = lines.javaRDD().zipPartitions(byLine.toJavaRDD(), merge);
    return lines.sparkSession().createDataFrame(out, LineScoring.outputSchema());
  }

  /**
   * The line id and the fields context reads of each line to be scored, typed as flows are; lines
   * that are not scored (headers, blanks, malformed) count for no host.
   */
  private static Dataset<Row> contextInputs(
      Dataset<Row> lines, List<String> header, Broadcast<LineScorer> bc) {
    Dataset<Row> parsed =
        new LineStream("", bc, header)
            .parse(lines.select(LINE_ID, LineStream.VALUE))
            .filter(col(FlowSparkSchema.CORRUPT_RECORD).isNull());
    List<Column> keep = new ArrayList<>();
    keep.add(col(LINE_ID));
    HostContext.inputColumns().stream().filter(header::contains).forEach(c -> keep.add(col(c)));
    return parsed.select(keep.toArray(new Column[0]));
  }

  /** Column routing a context row to its line's partition while it goes back. */
  private static final String ROUTE = "_route";

  /**
   * A column whose value Spark's hash partitioning into {@code partitions} sends to the partition
   * of the row's line id (its high bits, as {@code monotonically_increasing_id} sets them): for
   * each partition, the first long that hashes there, as {@code HashPartitioning} hashes a long
   * column (Murmur3, seed 42, then a positive modulo). {@link Merged} checks every row it gets.
   */
  static Column route(int partitions) {
    Column[] keys = new Column[partitions];
    int found = 0;
    for (long k = 0; found < partitions; k++) {
      int p = Math.floorMod(Murmur3_x86_32.hashLong(k, 42), partitions);
      if (keys[p] == null) {
        keys[p] = lit(k);
        found++;
      }
    }
    return element_at(
        array(keys), shiftrightunsigned(col(LINE_ID), PARTITION_SHIFT).plus(1).cast("int"));
  }

  /** One partition's lines, in id order, each scored with the context of the same id, if any. */
  private static final class Merged implements Iterator<Row> {
    private final Iterator<Row> lines;
    private final Iterator<InternalRow> context;
    private final LineScorer.Worker worker;
    private final int value;
    private final int file;
    private final int id;
    private final double[] values;
    private InternalRow next;
    private long nextId;
    private long partition = -1;

    Merged(
        Iterator<Row> lines,
        Iterator<InternalRow> context,
        LineScorer.Worker worker,
        int value,
        int file,
        int id,
        int width) {
      this.lines = lines;
      this.context = context;
      this.worker = worker;
      this.value = value;
      this.file = file;
      this.id = id;
      this.values = new double[width];
    }

    /** The next context row (its id in nextId), or null; rows come in id order. */
    private void advance() {
      next = context.hasNext() ? context.next() : null;
      if (next != null) {
        nextId = next.getLong(0);
        if (nextId >>> PARTITION_SHIFT != partition) {
          throw new IllegalStateException(
              "context of line " + nextId + " reached partition " + partition);
        }
      }
    }

    @Override
    public boolean hasNext() {
      return lines.hasNext();
    }

    @Override
    public Row next() {
      if (!lines.hasNext()) {
        throw new NoSuchElementException();
      }
      Row r = lines.next();
      long lineId = r.getLong(id);
      if (partition < 0) {
        partition = lineId >>> PARTITION_SHIFT;
        advance();
      }
      while (next != null && nextId < lineId) {
        advance();
      }
      double[] ctx = null;
      if (next != null && nextId == lineId) {
        for (int i = 0; i < values.length; i++) {
          values[i] = next.isNullAt(i + 1) ? Double.NaN : next.getDouble(i + 1);
        }
        ctx = values;
      }
      String line = r.getString(value);
      return LineScoring.outputRow(line, worker.score(line, ctx), r.getString(file));
    }
  }
}
