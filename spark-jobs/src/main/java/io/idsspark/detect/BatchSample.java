package io.idsspark.detect;

import static org.apache.spark.sql.functions.col;

import io.idsspark.flow.FlowSchema;
import io.idsspark.model.StoredModel;
import io.idsspark.scoring.LineStream;
import io.idsspark.spark.CsvLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The flows of a micro-batch that health looks at (drift, the shadow model): the first {@link
 * #SAMPLE_ROWS} well-formed rows as the values of the columns asked for, read from typed rows or
 * parsed from CSV lines (the text path), and a model that scores them on the driver.
 */
final class BatchSample {
  /** Flows of a batch sampled at most. */
  static final int SAMPLE_ROWS = 1000;

  private BatchSample() {}

  /** A model scoring sampled rows on the driver: its inputs picked from the sample's columns. */
  static final class ModelInput {
    private final StoredModel model;
    private final int[] at;
    private final double[] in;
    private final double[] raw;

    ModelInput(StoredModel model, List<String> columns) {
      this.model = model;
      List<String> inputs = model.pipeline().inputColumnNames();
      this.at = inputs.stream().mapToInt(columns::indexOf).toArray();
      this.in = new double[inputs.size()];
      this.raw = new double[model.pipeline().size()];
    }

    double score(double[] row) {
      for (int i = 0; i < at.length; i++) {
        in[i] = row[at[i]];
      }
      model.pipeline().features(in, raw);
      return model.forest().score(raw);
    }

    boolean alerts(double score) {
      return !model.thresholds().level(score).equals(io.idsspark.model.Thresholds.NORMAL);
    }
  }

  /**
   * The first {@link #SAMPLE_ROWS} well-formed rows of a batch, as the values of {@code columns}
   * (NaN where missing).
   */
  static List<double[]> rows(Dataset<Row> valid, BatchDetector.Input input, List<String> columns) {
    List<String> have = Arrays.asList(valid.columns());
    List<double[]> out = new ArrayList<>();
    if (input == BatchDetector.Input.LINES) {
      // a line in the sniffer's layout: flow fields by position, context from its columns
      List<String> flowCols = FlowSchema.flowColumnNames();
      List<Column> cols = new ArrayList<>(List.of(col(LineStream.VALUE)));
      List<String> context = new ArrayList<>();
      for (String f : columns) {
        if (!flowCols.contains(f) && have.contains(f)) {
          context.add(f);
          cols.add(col(f).cast("double"));
        }
      }
      CsvLine csv = new CsvLine();
      for (Row r : valid.select(cols.toArray(new Column[0])).limit(SAMPLE_ROWS).collectAsList()) {
        if (!csv.split(r.getString(0))) {
          continue;
        }
        double[] v = new double[columns.size()];
        for (int f = 0; f < v.length; f++) {
          int at = flowCols.indexOf(columns.get(f));
          if (at >= 0) {
            v[f] = number(csv, at);
          } else {
            int c = context.indexOf(columns.get(f));
            v[f] = c < 0 || r.isNullAt(c + 1) ? Double.NaN : r.getDouble(c + 1);
          }
        }
        out.add(v);
      }
      return out;
    }
    List<Column> cols = new ArrayList<>();
    for (String f : columns) {
      cols.add(
          have.contains(f)
              ? col(f).cast("double")
              : org.apache.spark.sql.functions.lit(null).cast("double"));
    }
    for (Row r : valid.select(cols.toArray(new Column[0])).limit(SAMPLE_ROWS).collectAsList()) {
      double[] v = new double[columns.size()];
      for (int f = 0; f < v.length; f++) {
        v[f] = r.isNullAt(f) ? Double.NaN : r.getDouble(f);
      }
      out.add(v);
    }
    return out;
  }

  private static double number(CsvLine csv, int i) {
    if (i >= csv.count()) {
      return Double.NaN;
    }
    try {
      return csv.number(i);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
