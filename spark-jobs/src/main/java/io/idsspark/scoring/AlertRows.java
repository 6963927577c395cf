package io.idsspark.scoring;

import io.idsspark.alerts.Alert;
import io.idsspark.alerts.TopFeature;
import io.idsspark.flow.FlowSchema;
import io.idsspark.incidents.IncidentKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Turns scored rows into {@link Alert}s. */
public final class AlertRows {
  private static final String BYTES = "_alert_bytes";
  private static final String PACKETS = "_alert_packets";
  private static final String KEY_KIND = "_alert_key_kind";

  /** The flow columns whose sum is an alert's bytes, and its packets (both directions). */
  static final List<String> BYTES_OF =
      List.of(FlowSchema.TOTLEN_FWD_PKTS, FlowSchema.TOTLEN_BWD_PKTS);

  static final List<String> PACKETS_OF = List.of(FlowSchema.TOT_FWD_PKTS, FlowSchema.TOT_BWD_PKTS);

  private AlertRows() {}

  /**
   * The scored rows at yellow or red, with just the columns an alert needs: identity, score, level,
   * top features, the flow's bytes and packets (both directions, null where the input lacks them)
   * and the incident key kind ({@link IncidentKey#kindFor}, from the flow's context when it has
   * one); then the {@code passThrough} columns as they are.
   */
  public static Dataset<Row> alertColumns(Dataset<Row> scored, String... passThrough) {
    return alertColumnsOr(scored, functions.lit(false), passThrough);
  }

  /**
   * As {@link #alertColumns}, keeping also the rows where {@code keep} holds whatever their level
   * (a normal row among them is no alert: {@link #toAlerts} is for the yellow and red ones).
   */
  public static Dataset<Row> alertColumnsOr(
      Dataset<Row> scored, Column keep, String... passThrough) {
    List<String> have = Arrays.asList(scored.columns());
    List<Column> cols = new ArrayList<>();
    for (String c : FlowSchema.IDENTITY_COLUMNS) {
      cols.add(functions.col(c));
    }
    cols.add(functions.col(FlowScorer.SCORE));
    cols.add(functions.col(FlowScorer.LEVEL));
    cols.add(functions.col(FlowScorer.TOP_FEATURES));
    cols.add(sum(have, BYTES_OF).as(BYTES));
    cols.add(sum(have, PACKETS_OF).as(PACKETS));
    List<String> in = IncidentKey.KIND_INPUTS;
    Column kind = functions.lit(Alert.BY_SOURCE);
    if (have.containsAll(in)) {
      kind =
          functions
              .udf((UDF3<Double, Double, Double, String>) AlertRows::keyKind, DataTypes.StringType)
              .apply(
                  functions.col(in.get(0)).cast("double"),
                  functions.col(in.get(1)).cast("double"),
                  functions.col(in.get(2)).cast("double"));
    }
    cols.add(kind.as(KEY_KIND));
    for (String c : passThrough) {
      cols.add(functions.col(c));
    }
    return scored
        .filter(functions.col(FlowScorer.LEVEL).notEqual(functions.lit(FlowScorer.NORMAL)).or(keep))
        .select(cols.toArray(new Column[0]));
  }

  /** {@link IncidentKey#kindFor} over nullable context values (null: no context, by source). */
  private static String keyKind(Double serviceSources, Double sourceFlows, Double serviceFlows) {
    return IncidentKey.kindFor(nan(serviceSources), nan(sourceFlows), nan(serviceFlows));
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }

  private static Column sum(List<String> have, List<String> of) {
    if (!have.containsAll(of)) {
      return functions.lit(null).cast("long");
    }
    Column total = null;
    for (String c : of) {
      Column v = functions.col(c).cast("long");
      total = total == null ? v : total.plus(v);
    }
    return total;
  }

  /** Whether a row of {@link #alertColumns} or {@link #alertColumnsOr} is an alert. */
  public static boolean isAlert(Row r) {
    return !FlowScorer.NORMAL.equals(r.getString(7));
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
              top,
              longOrNull(r, r.fieldIndex(BYTES)),
              longOrNull(r, r.fieldIndex(PACKETS)),
              r.getString(r.fieldIndex(KEY_KIND))));
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

  private static Long longOrNull(Row r, int i) {
    return r.isNullAt(i) ? null : ((Number) r.get(i)).longValue();
  }

  private static Integer intOrNull(Row r, int i) {
    if (r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    return v instanceof Number n ? n.intValue() : Integer.valueOf(v.toString().trim());
  }
}
