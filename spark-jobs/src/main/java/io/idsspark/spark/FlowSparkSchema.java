package io.idsspark.spark;

import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The flow schema ({@link FlowSchema}) as Spark types. The one place where column types become
 * Spark types.
 */
public final class FlowSparkSchema {
  /**
   * Column Spark's CSV/JSON readers fill with the raw text of a row that does not fit the schema.
   */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  private FlowSparkSchema() {}

  /** Spark type of a flow column. Timestamps stay ISO-8601 strings in files and DataFrames. */
  public static DataType sparkType(FlowColumn c) {
    return switch (c.type()) {
      case TIMESTAMP, STRING -> DataTypes.StringType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
    };
  }

  /** Every flow column (label columns included when {@code withLabels}), all nullable. */
  public static StructType schema(boolean withLabels) {
    List<StructField> fields = new ArrayList<>();
    for (FlowColumn c : FlowSchema.columns()) {
      if (c.role() == FlowColumn.Role.LABEL && !withLabels) {
        continue;
      }
      fields.add(DataTypes.createStructField(c.name(), sparkType(c), true));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * {@link #schema} plus the {@link #CORRUPT_RECORD} string column, for reading with quarantine.
   */
  public static StructType schemaWithCorruptRecord(boolean withLabels) {
    return schema(withLabels).add(CORRUPT_RECORD, DataTypes.StringType, true);
  }

  /**
   * A schema for a CSV file with this header: flow columns get their flow type, other columns are
   * read as strings (so every input column is kept as it was), plus {@link #CORRUPT_RECORD}.
   */
  public static StructType forHeader(List<String> header) {
    List<StructField> fields = new ArrayList<>();
    for (String h : header) {
      DataType t =
          FlowSchema.column(h).map(FlowSparkSchema::sparkType).orElse(DataTypes.StringType);
      fields.add(DataTypes.createStructField(h, t, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
    return DataTypes.createStructType(fields);
  }
}
