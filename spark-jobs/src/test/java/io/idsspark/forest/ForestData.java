package io.idsspark.forest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Small synthetic data for forest tests: standard normal features, optional shifted outliers. */
public final class ForestData {
  private ForestData() {}

  public static StructType schema(int features, boolean withLabel) {
    List<StructField> fs = new ArrayList<>();
    for (int j = 0; j < features; j++) {
      fs.add(DataTypes.createStructField("f" + j, DataTypes.DoubleType, true));
    }
    if (withLabel) {
      fs.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
    }
    return DataTypes.createStructType(fs);
  }

  /**
   * {@code rows} rows of {@code features} N(0,1) values; a share {@code outliers} of them shifted
   * by +6 in the first 2 features and labelled 1 (others 0) when {@code withLabel}.
   */
  public static List<Row> rows(
      int rows, int features, double outliers, boolean withLabel, long seed) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean bad = r.nextDouble() < outliers;
      Object[] v = new Object[features + (withLabel ? 1 : 0)];
      for (int j = 0; j < features; j++) {
        v[j] = r.nextGaussian() + (bad && j < 2 ? 6.0 : 0.0);
      }
      if (withLabel) {
        v[features] = bad ? 1 : 0;
      }
      out.add(RowFactory.create(v));
    }
    return out;
  }

  public static Dataset<Row> frame(
      SparkSession spark, int rows, int features, double outliers, boolean withLabel, long seed) {
    return spark.createDataFrame(
        rows(rows, features, outliers, withLabel, seed), schema(features, withLabel));
  }
}
