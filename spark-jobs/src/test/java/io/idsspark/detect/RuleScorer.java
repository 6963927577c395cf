package io.idsspark.detect;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.idsspark.scoring.FlowScorer;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A stand-in scorer for the pipeline tests that are about plumbing (quarantine, logging, batch
 * ids): red when {@code tot_fwd_pkts} exceeds a limit. Model behaviour is tested with real models.
 */
final class RuleScorer implements FlowScorer {
  private final String version;
  private final long limit;
  private final boolean context;

  RuleScorer(String version, long limit) {
    this(version, limit, false);
  }

  /** With {@code context}, the rule claims to read a host-context feature as well. */
  RuleScorer(String version, long limit, boolean context) {
    this.version = version;
    this.limit = limit;
    this.context = context;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public List<String> featureColumns() {
    return context
        ? List.of("tot_fwd_pkts", io.idsspark.context.ContextColumn.names().get(0))
        : List.of("tot_fwd_pkts");
  }

  @Override
  public Dataset<Row> score(Dataset<Row> flows, int topFeatures) {
    Column high = col("tot_fwd_pkts").gt(limit);
    return flows
        .withColumn(SCORE, when(high, lit(0.9)).otherwise(lit(0.3)))
        .withColumn(LEVEL, when(high, lit("red")).otherwise(lit(NORMAL)))
        .withColumn(
            TOP_FEATURES,
            when(
                high,
                array(
                    struct(
                        lit("tot_fwd_pkts").as("name"),
                        col("tot_fwd_pkts").cast("double").as("value"),
                        lit(1.0).as("typical_low"),
                        lit((double) limit).as("typical_high")))));
  }
}
