package io.idsspark.scoring;

import io.idsspark.alerts.Alert;
import io.idsspark.alerts.TopFeature;
import io.idsspark.flow.FlowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Turns scored rows into {@link Alert}s. */
public final class AlertRows {
  private AlertRows() {}

  /** The scored rows at yellow or red, with just the columns an alert needs. */
  public static Dataset<Row> alertColumns(Dataset<Row> scored) {
    List<Column> cols = new ArrayList<>();
    for (String c : FlowSchema.IDENTITY_COLUMNS) {
      cols.add(functions.col(c));
    }
    cols.add(functions.col(FlowScorer.SCORE));
    cols.add(functions.col(FlowScorer.LEVEL));
    cols.add(functions.col(FlowScorer.TOP_FEATURES));
    return scored
        .filter(functions.col(FlowScorer.LEVEL).notEqual(functions.lit(FlowScorer.NORMAL)))
        .select(cols.toArray(new Column[0]));
  }

  /** One alert per row of {@link #alertColumns}. */
  public static List<Alert> toAlerts(List<Row> rows, String modelVersion) {
    List<Alert> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      List<TopFeature> top = new ArrayList<>();
      int ti = r.fieldIndex(FlowScorer.TOP_FEATURES);
      if (!r.isNullAt(ti)) {
        for (Row f : r.<Row>getList(ti)) {
          top.add(topFeature(f));
        }
      }
      out.add(
          new Alert(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              intOrNull(r, 3),
              intOrNull(r, 4),
              intOrNull(r, 5),
              r.getDouble(6),
              r.getString(7),
              modelVersion,
              top));
    }
    return out;
  }

  /** One element of the {@link FlowScorer#TOP_FEATURES} array (name, value, typical low, high). */
  static TopFeature topFeature(Row f) {
    return new TopFeature(
        f.getString(0),
        f.isNullAt(1) ? null : f.getDouble(1),
        f.isNullAt(2) ? Double.NaN : f.getDouble(2),
        f.isNullAt(3) ? Double.NaN : f.getDouble(3));
  }

  private static Integer intOrNull(Row r, int i) {
    if (r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    return v instanceof Number n ? n.intValue() : Integer.valueOf(v.toString().trim());
  }
}
