package io.idsspark.scoring;

import static org.apache.spark.sql.functions.col;

import io.idsspark.errors.IdsException;
import io.idsspark.model.StoredModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code score}'s path from CSV to CSV: each line is scored as text ({@link LineScorer}) and
 * written back unchanged with {@code score,level,top_features} appended. Only the fields the model
 * reads are parsed; every other value passes through exactly as written, and no typed row is built
 * or formatted again, which is where a CSV-to-CSV job otherwise spends its time.
 *
 * <pre>
 * Dataset&lt;Row&gt; lines = LineScoring.read(spark, files);           // value, file
 * Dataset&lt;Row&gt; out = LineScoring.score(lines, header, model, 3, "flows.csv"); // line, kind, reason, file
 * //  line: "2026-03-01T10:00:00Z,10.0.0.9,...,0.71,red,syn_flag_cnt=1 (typical 0..0); ..."
 * //  kind: normal | yellow | red | malformed | header | blank;  reason: why a line is malformed
 * </pre>
 */
public final class LineScoring {
  /** Output columns of {@link #score}. */
  public static final String LINE = "line";

  public static final String KIND = "kind";
  public static final String REASON = "reason";
  public static final String FILE = "file";

  private static final StructType OUT =
      new StructType()
          .add(LINE, DataTypes.StringType, true)
          .add(KIND, DataTypes.StringType, false)
          .add(REASON, DataTypes.StringType, true)
          .add(FILE, DataTypes.StringType, true);

  private LineScoring() {}

  /** The lines of CSV flow files (any Hadoop codec), with the file each came from. */
  public static Dataset<Row> read(SparkSession spark, List<String> files) {
    Dataset<Row> t = spark.read().text(files.toArray(new String[0]));
    return t.select(col("value"), col("_metadata.file_path").as(FILE));
  }

  /**
   * Scores {@code lines} (columns {@code value}, {@code file}) whose files have {@code header}.
   *
   * @throws IdsException (exit 3) naming the model's input columns the header lacks
   */
  public static Dataset<Row> score(
      Dataset<Row> lines, List<String> header, StoredModel model, int topFeatures, String input) {
    LineScorer scorer = scorer(header, model, topFeatures, input);
    Broadcast<LineScorer> bc =
        JavaSparkContext.fromSparkContext(lines.sparkSession().sparkContext()).broadcast(scorer);
    MapPartitionsFunction<Row, Row> f =
        rows -> {
          LineScorer.Worker w = bc.value().new Worker();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public Row next() {
              Row r = rows.next();
              String line = r.getString(0);
              return outputRow(line, w.score(line), r.getString(1));
            }
          };
        };
    return lines.mapPartitions(f, Encoders.row(OUT));
  }

  /** The scorer of lines with {@code header}, or an input error naming what the header lacks. */
  static LineScorer scorer(List<String> header, StoredModel model, int topFeatures, String input) {
    try {
      return new LineScorer(header, model.forest(), model.thresholds(), topFeatures);
    } catch (IllegalArgumentException e) {
      throw IdsException.input(
          input + ": lacks feature column(s) of model " + model.version() + ": " + e.getMessage());
    }
  }

  /** Builds an output row of {@link #score} from a scored line. */
  static Row outputRow(String line, LineScorer.Result res, String file) {
    boolean bad = res.kind() == LineScorer.Kind.MALFORMED;
    return RowFactory.create(
        bad ? line : res.text(),
        res.kind().name().toLowerCase(java.util.Locale.ROOT),
        res.reason(),
        bad ? file : null);
  }

  /** The output schema of {@link #score}. */
  static StructType outputSchema() {
    return OUT;
  }

  /** The header line of {@link #score}'s output for input files with {@code header}. */
  public static String outputHeader(List<String> header) {
    return LineScorer.outputHeader(header, false);
  }

  /** The same with the host-context columns (a model that uses them: {@link LineContext}). */
  public static String outputHeader(List<String> header, boolean withContext) {
    return LineScorer.outputHeader(header, withContext);
  }

  /**
   * The output text of scored lines, each partition led by {@code header} (so every part file is a
   * CSV file with a header, as Spark's CSV writer makes them).
   */
  public static Dataset<String> withHeader(Dataset<Row> scoredLines, String header) {
    MapPartitionsFunction<Row, String> f =
        rows -> {
          List<String> first = new ArrayList<>(1);
          first.add(header);
          Iterator<String> head = first.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return head.hasNext() || rows.hasNext();
            }

            @Override
            public String next() {
              return head.hasNext() ? head.next() : rows.next().getString(0);
            }
          };
        };
    return scoredLines.select(LINE).mapPartitions(f, Encoders.STRING());
  }
}
