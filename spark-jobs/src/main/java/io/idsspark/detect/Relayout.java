package io.idsspark.detect;

import io.idsspark.errors.IdsException;
import io.idsspark.flow.FlowSchema;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Inputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * CSV flow files in another column layout than the sniffer's: labelled files ({@code sniffer
 * --label}, {@code generate}) or the flow columns in another order. The streaming reader is bound
 * to the sniffer's layout (Spark's CSV reader takes columns by position), so every row of such a
 * file comes out malformed; a file whose header holds every flow column is then read again by its
 * own header, and only rows malformed in that layout stay malformed.
 *
 * <pre>
 * var byHeader = Relayout.files(spark, badFiles);  // {[timestamp, ..., label, ...]: [file:/data/flows/l.csv]}
 * Dataset&lt;Row&gt; rows = Relayout.read(spark, byHeader);  // flow columns, _corrupt_record, _file, ...
 * </pre>
 */
final class Relayout {
  private Relayout() {}

  /**
   * The CSV files among {@code badFiles} whose header is another layout of every flow column,
   * grouped by that header (files of one header are read together).
   */
  static Map<List<String>, List<String>> files(SparkSession spark, List<String> badFiles) {
    List<String> flowColumns = FlowSchema.flowColumnNames();
    Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
    for (String f : badFiles) {
      if (!f.toLowerCase(Locale.ROOT).endsWith(".csv")) {
        continue;
      }
      List<String> header;
      try {
        header = Inputs.csvHeader(spark, f);
      } catch (IdsException e) {
        continue; // unreadable or empty: its rows stay malformed
      }
      if (!header.equals(flowColumns) && header.containsAll(required(flowColumns))) {
        byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(f);
      }
    }
    return byHeader;
  }

  /** Columns a flow file must have: all but exported_at, which files from before it lack. */
  private static List<String> required(List<String> flowColumns) {
    return flowColumns.stream().filter(c -> !c.equals(FlowSchema.EXPORTED_AT)).toList();
  }

  /**
   * The rows of the files of {@link #files}, read by their own headers, as the stream gives them:
   * the flow columns in the sniffer's order, {@link FlowSparkSchema#CORRUPT_RECORD}, {@link
   * FlowStreams#FILE} and {@link FlowStreams#FILE_MTIME}.
   */
  static Dataset<Row> read(SparkSession spark, Map<List<String>, List<String>> byHeader) {
    Dataset<Row> all = null;
    for (Map.Entry<List<String>, List<String>> group : byHeader.entrySet()) {
      List<Column> cols = new ArrayList<>();
      for (String c : FlowSchema.flowColumnNames()) {
        cols.add(
            group.getKey().contains(c)
                ? functions.col(c)
                : functions.lit(null).cast("string").as(c)); // exported_at, older files
      }
      cols.add(functions.col(FlowSparkSchema.CORRUPT_RECORD));
      cols.add(functions.col(FlowStreams.FILE));
      cols.add(functions.col(FlowStreams.FILE_MTIME));
      Dataset<Row> rows =
          FlowStreams.withFileColumns(Inputs.readFlows(spark, group.getValue()))
              .select(cols.toArray(new Column[0]));
      all = all == null ? rows : all.unionByName(rows);
    }
    return all;
  }
}
