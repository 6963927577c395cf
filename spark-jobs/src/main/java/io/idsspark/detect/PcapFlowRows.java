package io.idsspark.detect;

import io.idsspark.errors.IdsException;
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
    List<Row> rows = new ArrayList<>();
    // a record's values are typed as the flow schema's columns (as pcap2flows builds its rows)
    PcapFlows.forEach(pcap, settings, r -> rows.add(RowFactory.create(r.values().toArray())));
    if (rows.isEmpty()) {
      throw IdsException.input(pcap + ": no flows in the capture");
    }
    return spark.createDataFrame(rows, FlowSparkSchema.schema(false));
  }
}
