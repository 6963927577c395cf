package io.idsspark.scoring;

import static org.apache.spark.sql.functions.col;

import io.idsspark.alerts.Alert;
import io.idsspark.context.ContextColumn;
import io.idsspark.context.HostContext;
import io.idsspark.flow.FlowSchema;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.TextCast;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code detect}'s CSV lines in the sniffer's layout, for a stream with host context: a line stays
 * one string from the file to its verdict. {@link #parse} reads only the ~15 fields context needs,
 * so the stateful context operators move narrow rows (the line and those fields) instead of ~90
 * typed columns, which is where the stream spent most of its time; {@link #score} then scores each
 * line as text with its context, as {@code score} does ({@link LineContext}), and keeps the yellow
 * and red ones with their explanation, for {@link AlertRows#alertColumns}.
 *
 * <pre>
 * LineStream s = LineStream.of(spark, model, 3);
 * Dataset&lt;Row&gt; narrow = s.parse(lines);            // value, file..., _corrupt_record, fields
 * Dataset&lt;Row&gt; withContext = HostContext.addToStream(narrow);
 * Dataset&lt;Row&gt; alerts = AlertRows.alertColumns(s.score(batchOfWithContext));
 * </pre>
 *
 * <p>Which lines count for context and which are malformed is decided as {@code score} decides it:
 * a line with the wrong number of fields, an unclosed quote or a model input that is not a number
 * is malformed ({@link FlowSparkSchema#CORRUPT_RECORD} holds it, for quarantine), counts for no
 * host and is not scored; headers and blank lines are dropped.
 */
public final class LineStream implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Column of the line's text in {@link #parse}'s input and output. */
  public static final String VALUE = "value";

  private final String version;
  private final Broadcast<LineScorer> scorer;
  private final List<String> header;

  /** Lines of files with {@code header}, scored by the broadcast scorer (made for that header). */
  LineStream(String version, Broadcast<LineScorer> scorer, List<String> header) {
    this.version = version;
    this.scorer = scorer;
    this.header = List.copyOf(header);
  }

  /**
   * Lines of flow files in the sniffer's layout ({@link FlowSchema#flowColumnNames()}) scored by
   * {@code model}: built once per model (the model is broadcast once).
   */
  public static LineStream of(SparkSession spark, StoredModel model, int topFeatures) {
    List<String> header = FlowSchema.flowColumnNames();
    LineScorer s = LineScoring.scorer(header, model, topFeatures, "the sniffer's layout");
    return new LineStream(
        model.version(),
        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(s),
        header);
  }

  /** The version of the model that scores. */
  public String version() {
    return version;
  }

  /**
   * The lines ({@link #VALUE} and any other columns, passed through) without headers and blank
   * lines, each with {@link FlowSparkSchema#CORRUPT_RECORD} (the line when malformed, else null)
   * and the fields context reads ({@link HostContext#inputColumns()}), typed as the flow schema
   * types them (a value that does not parse is null, as in {@code score}).
   */
  public Dataset<Row> parse(Dataset<Row> lines) {
    List<String> names = HostContext.inputColumns().stream().filter(header::contains).toList();
    int[] fields = names.stream().mapToInt(header::indexOf).toArray();
    StructType flow = FlowSparkSchema.schema(true);
    // number fields are read here (TextCast: try_cast's values), the others by a try_cast column
    DataType[] types = names.stream().map(n -> flow.apply(n).dataType()).toArray(DataType[]::new);
    boolean[] number = new boolean[types.length];
    for (int i = 0; i < types.length; i++) {
      number[i] = TextCast.isNumber(types[i]);
    }
    StructType in = lines.schema();
    int value = in.fieldIndex(VALUE);
    StructType text = in.add(FlowSparkSchema.CORRUPT_RECORD, DataTypes.StringType, true);
    for (int i = 0; i < names.size(); i++) {
      text = text.add(names.get(i), number[i] ? types[i] : DataTypes.StringType, true);
    }
    int width = in.length();
    int outWidth = text.length();
    Broadcast<LineScorer> bc = scorer;
    MapPartitionsFunction<Row, Row> f =
        rows -> {
          LineScorer.Worker w = bc.value().new Worker();
          return filtered(
              rows,
              r -> {
                String line = r.getString(value);
                LineScorer.Result bad = line == null ? null : w.check(line);
                if (line == null
                    || bad != null
                        && (bad.kind() == LineScorer.Kind.HEADER
                            || bad.kind() == LineScorer.Kind.BLANK)) {
                  return null;
                }
                Object[] v = new Object[outWidth];
                for (int i = 0; i < width; i++) {
                  v[i] = r.get(i);
                }
                if (bad != null) {
                  v[width] = line;
                  return RowFactory.create(v);
                }
                for (int i = 0; i < fields.length; i++) {
                  String t = w.field(fields[i]).strip();
                  v[width + 1 + i] =
                      t.isEmpty() ? null : number[i] ? TextCast.number(t, types[i]) : t;
                }
                return RowFactory.create(v);
              });
        };
    Dataset<Row> parsed = lines.mapPartitions(f, Encoders.row(text));
    List<Column> typed = new ArrayList<>();
    for (String c : in.fieldNames()) {
      typed.add(col(c));
    }
    typed.add(col(FlowSparkSchema.CORRUPT_RECORD));
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      typed.add(number[i] ? col(n) : col(n).try_cast(types[i]).as(n));
    }
    return parsed.select(typed.toArray(new Column[0]));
  }

  /**
   * The yellow and red lines of well-formed parsed lines ({@link #parse}, with the {@link
   * ContextColumn} columns; a missing or null value is no context), each with {@link
   * FlowScorer#SCORE}, {@link FlowScorer#LEVEL} and {@link FlowScorer#TOP_FEATURES} as the typed
   * scorer gives them; normal lines are left out.
   */
  public Dataset<Row> score(Dataset<Row> parsed) {
    return score(parsed, 0).drop(SAMPLE);
  }

  /** Column of {@link #score(Dataset, int)}: true for a line kept as part of the sample. */
  public static final String SAMPLE = "_sample";

  /**
   * As {@link #score(Dataset)}, and also the first {@code sampleRows} lines of each partition
   * whatever their level, marked in {@link #SAMPLE}: detect's health sample comes out of the same
   * pass as the alerts, so a micro-batch with host context is computed once, not cached and read
   * again.
   */
  public Dataset<Row> score(Dataset<Row> parsed, int sampleRows) {
    StructType in = parsed.schema();
    int value = in.fieldIndex(VALUE);
    List<String> have = List.of(in.fieldNames());
    int[] ctx =
        ContextColumn.names().stream()
            .mapToInt(c -> have.contains(c) ? in.fieldIndex(c) : -1)
            .toArray();
    StructType out =
        in.add(FlowScorer.SCORE, DataTypes.DoubleType, false)
            .add(FlowScorer.LEVEL, DataTypes.StringType, false)
            .add(
                FlowScorer.TOP_FEATURES,
                DataTypes.createArrayType(IsolationForestModel.TOP_FEATURE_TYPE, false),
                false)
            .add(SAMPLE, DataTypes.BooleanType, false);
    int width = in.length();
    Broadcast<LineScorer> bc = scorer;
    MapPartitionsFunction<Row, Row> f =
        rows -> {
          LineScorer.Worker w = bc.value().new Worker();
          double[] c = new double[ctx.length];
          int[] sampled = {0};
          return filtered(
              rows,
              r -> {
                for (int k = 0; k < ctx.length; k++) {
                  c[k] = ctx[k] < 0 || r.isNullAt(ctx[k]) ? Double.NaN : r.getDouble(ctx[k]);
                }
                LineScorer.Result res = w.judge(r.getString(value), c);
                boolean alert =
                    res.kind() == LineScorer.Kind.YELLOW || res.kind() == LineScorer.Kind.RED;
                boolean sample = sampled[0] < sampleRows;
                if (!alert && !sample) {
                  return null;
                }
                if (sample) {
                  sampled[0]++;
                }
                Object[] v = new Object[width + 4];
                for (int i = 0; i < width; i++) {
                  v[i] = r.get(i);
                }
                v[width] = res.score();
                v[width + 1] =
                    res.kind() == LineScorer.Kind.RED
                        ? Alert.RED
                        : alert ? Alert.YELLOW : FlowScorer.NORMAL;
                v[width + 3] = sample;
                List<Row> top = new ArrayList<>(res.top().size());
                for (IsolationForestModel.FeatureContribution t : res.top()) {
                  top.add(t.toRow());
                }
                v[width + 2] = scala.jdk.javaapi.CollectionConverters.asScala(top).toSeq();
                return RowFactory.create(v);
              });
        };
    return parsed.mapPartitions(f, Encoders.row(out));
  }

  /** The rows {@code map} turns into a row (null: left out). */
  private static Iterator<Row> filtered(Iterator<Row> rows, Function<Row, Row> map) {
    return new Iterator<>() {
      private Row pending = advance();

      private Row advance() {
        while (rows.hasNext()) {
          Row r = map.apply(rows.next());
          if (r != null) {
            return r;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return pending != null;
      }

      @Override
      public Row next() {
        if (pending == null) {
          throw new NoSuchElementException();
        }
        Row r = pending;
        pending = advance();
        return r;
      }
    };
  }
}
