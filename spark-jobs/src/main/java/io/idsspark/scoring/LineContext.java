package io.idsspark.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.idsspark.context.ContextColumn;
import io.idsspark.context.HostContext;
import io.idsspark.flow.FlowSchema;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.FlowSparkSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

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
   * host context; output as {@link LineScoring#score}, each scored line with its 19 context values
   * (empty where it has none) before {@code score,level,top_features}.
   */
  public static Dataset<Row> score(
      Dataset<Row> lines, List<String> header, StoredModel model, int topFeatures, String input) {
    LineScorer scorer = LineScoring.scorer(header, model, topFeatures, input);
    Broadcast<LineScorer> bc =
        JavaSparkContext.fromSparkContext(lines.sparkSession().sparkContext()).broadcast(scorer);
    Dataset<Row> context = HostContext.contextById(contextInputs(lines, header, bc), LINE_ID);
    int partitions = lines.rdd().getNumPartitions();
    JavaPairRDD<Long, double[]> byLine =
        context
            .javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getLong(0), values(r)))
            .repartitionAndSortWithinPartitions(new LinePartitions(partitions));
    int value = lines.schema().fieldIndex("value");
    int file = lines.schema().fieldIndex(LineScoring.FILE);
    int id = lines.schema().fieldIndex(LINE_ID);
    FlatMapFunction2<Iterator<Row>, Iterator<Tuple2<Long, double[]>>, Row> merge =
        (ls, cs) -> new Merged(ls, cs, bc.value().new Worker(), value, file, id);
    JavaRDD<Row> out = lines.javaRDD().zipPartitions(byLine, merge);
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

  private static double[] values(Row r) {
    double[] v = new double[r.length() - 1];
    for (int i = 1; i < r.length(); i++) {
      v[i - 1] = r.isNullAt(i) ? Double.NaN : r.getDouble(i);
    }
    return v;
  }

  /**
   * The partition of a line id: its high bits, as {@code monotonically_increasing_id} sets them.
   */
  private static final class LinePartitions extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int n;

    LinePartitions(int n) {
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (int) (((Long) key) >>> 33);
    }
  }

  /** One partition's lines, in id order, each scored with the context of the same id, if any. */
  private static final class Merged implements Iterator<Row> {
    private final Iterator<Row> lines;
    private final Iterator<Tuple2<Long, double[]>> context;
    private final LineScorer.Worker worker;
    private final int value;
    private final int file;
    private final int id;
    private Tuple2<Long, double[]> next;

    Merged(
        Iterator<Row> lines,
        Iterator<Tuple2<Long, double[]>> context,
        LineScorer.Worker worker,
        int value,
        int file,
        int id) {
      this.lines = lines;
      this.context = context;
      this.worker = worker;
      this.value = value;
      this.file = file;
      this.id = id;
      this.next = context.hasNext() ? context.next() : null;
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
      while (next != null && next._1() < lineId) {
        next = context.hasNext() ? context.next() : null;
      }
      double[] ctx = next != null && next._1() == lineId ? next._2() : null;
      String line = r.getString(value);
      return LineScoring.outputRow(line, worker.score(line, ctx), r.getString(file));
    }
  }
}
