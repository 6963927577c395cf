package io.idsspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.idsspark.testing.TestSpark;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** TextCast reads a field's text into a number type as Spark SQL's try_cast does. */
class TextCastTest {
  @Test
  void sameValuesAsSparkTryCast() {
    List<String> texts =
        List.of(
            "0",
            "-0",
            "6",
            "007",
            "-42",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "92233720368547758070",
            "123456789012345678",
            "6.0",
            "6.5",
            "+5",
            "1e3",
            "1E-3",
            "0.000123",
            "845.0384484982363",
            "5.346689001508293E-5",
            "12345678901234567",
            "NaN",
            "nan",
            "Infinity",
            "-inf",
            "0x10",
            "1_000",
            "1d",
            "1f",
            "abc",
            "1.2.3",
            "-",
            ".",
            ".5",
            "5.",
            "-.5");
    SparkSession spark = TestSpark.session();
    StructType schema = new StructType().add("t", DataTypes.StringType);
    List<Row> rows = texts.stream().map(t -> RowFactory.create(t)).toList();
    for (DataType type : List.of(DataTypes.IntegerType, DataTypes.LongType, DataTypes.DoubleType)) {
      List<Row> want =
          spark
              .createDataFrame(rows, schema)
              .select(functions.col("t"), functions.col("t").try_cast(type))
              .collectAsList();
      for (Row w : want) {
        Object got = TextCast.number(w.getString(0), type);
        assertEquals(w.get(1), got, type + " of '" + w.getString(0) + "'");
      }
    }
  }
}
