package io.idsspark.detect;

import io.idsspark.errors.IdsException;
import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.PcapFlows;
import io.idsspark.spark.FlowSparkSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code detect --pcap}'s input: the flows of one capture file, assembled on the driver as the
 * sniffer assembles them (one engine), as rows of the flow schema without labels.
 */
public final class PcapFlowRows {
  private PcapFlowRows() {}

  /**
   * A capture's flows (the sniffer's assembly) as a DataFrame of the flow schema.
   *
   * @throws IdsException (exit 3) when the capture has no flows
   */
  public static Dataset<Row> of(SparkSession spark, Path pcap, FlowSettings settings) {
    List<FlowColumn> cols =
        FlowSchema.columns().stream().filter(c -> c.role() != FlowColumn.Role.LABEL).toList();
    List<Row> rows = new ArrayList<>();
    PcapFlows.forEach(
        pcap,
        settings,
        r -> {
          Object[] v = new Object[cols.size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = convert(r.value(i), cols.get(i));
          }
          rows.add(RowFactory.create(v));
        });
    if (rows.isEmpty()) {
      throw IdsException.input(pcap + ": no flows in the capture");
    }
    return spark.createDataFrame(rows, FlowSparkSchema.schema(false));
  }

  private static Object convert(Object v, FlowColumn c) {
    if (v == null) {
      return null;
    }
    return switch (c.type()) {
      case TIMESTAMP, STRING -> v.toString();
      case INT -> ((Number) v).intValue();
      case LONG -> ((Number) v).longValue();
      case DOUBLE -> ((Number) v).doubleValue();
    };
  }
}
