package io.idsspark.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.errors.IdsException;
import io.idsspark.features.RarityFeature.Part;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RarityFeatureTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("dst_port", DataTypes.IntegerType)
          .add("init_fwd_win_byts", DataTypes.LongType);

  // 4 http rows (3 with window 8192, 1 with 65535), 2 dns rows without a window, 1 ssh row
  private static final String CSV =
      "id,dst_port,init_fwd_win_byts\n"
          + "1,80,8192\n2,80,8192\n3,80,8192\n4,80,65535\n5,53,\n6,53,\n7,22,29200\n";

  private static Dataset<Row> table(Path dir) throws Exception {
    Files.writeString(dir.resolve("flows.csv"), CSV);
    return TestSpark.session().read().schema(SCHEMA).option("header", "true").csv(dir.toString());
  }

  private static RarityFeature fitted(Dataset<Row> rows) {
    return RarityFeature.fit(
        rows,
        "service_window_rarity",
        List.of("dst_port", "init_fwd_win_byts"),
        List.of(Part.SERVICE, Part.VALUE));
  }

  @Test
  void countsEveryKeyOfTheTrainingRows(@TempDir Path dir) throws Exception {
    RarityFeature f = fitted(table(dir));
    assertEquals(7, f.total());
    assertEquals(3, f.count("http|8192"));
    assertEquals(1, f.count("http|65535"));
    assertEquals(2, f.count("dns|null"));
    assertEquals(1, f.count("ssh|29200"));
    assertEquals(0, f.count("http|29200"));
    // -ln((count + 1) / (n + 1)): ln(8/4) for the common key, ln(8) for one never seen
    assertEquals(Math.log(2), f.rarity(new double[] {80, 8192}), 1e-12);
    assertEquals(Math.log(8), f.rarity(new double[] {8080, 8192}), 1e-12);
    assertEquals(Math.log(8.0 / 3), f.rarity(new double[] {53, Double.NaN}), 1e-12);
  }

  @Test
  void jsonRoundTripKeepsEveryCount(@TempDir Path dir) throws Exception {
    RarityFeature f = fitted(table(dir));
    String text = new ObjectMapper().writeValueAsString(f.toJson());
    RarityFeature back = RarityFeature.fromJson(new ObjectMapper().readTree(text), "model.json");
    assertEquals(f.toJson(), back.toJson());
    for (double[] v :
        List.of(new double[] {80, 8192}, new double[] {443, 5}, new double[] {53, Double.NaN})) {
      assertEquals(f.rarity(v), back.rarity(v));
    }
  }

  @Test
  void badJsonNamesTheField() throws Exception {
    var m = new ObjectMapper();
    var bad =
        m.readTree(
            "{\"name\":\"r\",\"inputs\":[\"dst_port\"],\"parts\":[\"SERVICE\"],\"total\":3,"
                + "\"counts\":{\"http\":\"many\"}}");
    IdsException e = assertThrows(IdsException.class, () -> RarityFeature.fromJson(bad, "m.json"));
    // a count that is not a number: the binding error names the map entry
    assertTrue(e.getMessage().contains("m.json: 'counts.http'"), e.getMessage());
    var negative =
        m.readTree(
            "{\"name\":\"r\",\"inputs\":[\"dst_port\"],\"parts\":[\"SERVICE\"],\"total\":3,"
                + "\"counts\":{\"http\":-2}}");
    e = assertThrows(IdsException.class, () -> RarityFeature.fromJson(negative, "m.json"));
    assertTrue(e.getMessage().contains("m.json (r): count of 'http'"), e.getMessage());
    var badPart =
        m.readTree(
            "{\"name\":\"r\",\"inputs\":[\"dst_port\"],\"parts\":[\"HASH\"],\"total\":3,\"counts\":{}}");
    e = assertThrows(IdsException.class, () -> RarityFeature.fromJson(badPart, "m.json"));
    assertTrue(e.getMessage().contains("unknown part 'HASH'"), e.getMessage());
  }

  @Test
  void streamingColumnEqualsBatchColumn(@TempDir Path dir) throws Exception {
    SparkSession spark = TestSpark.session();
    RarityFeature f =
        new RarityFeature(
            "service_window_rarity",
            List.of("dst_port", "init_fwd_win_byts"),
            List.of(Part.SERVICE, Part.VALUE),
            Map.of("http|8192", 3L, "dns|null", 2L),
            7);
    Path in = Files.createDirectories(dir.resolve("in"));
    Dataset<Row> batch = table(in).select(functions.col("id"), f.column().as("r"));
    Dataset<Row> stream =
        spark
            .readStream()
            .schema(SCHEMA)
            .option("header", "true")
            .csv(in.toString())
            .select(functions.col("id"), f.column().as("r"));
    StreamingQuery q =
        stream
            .writeStream()
            .format("memory")
            .queryName("rarity_stream_test")
            .option("checkpointLocation", dir.resolve("ckpt").toString())
            .trigger(Trigger.AvailableNow())
            .start();
    q.awaitTermination();
    List<Row> s = spark.table("rarity_stream_test").orderBy("id").collectAsList();
    List<Row> b = batch.orderBy("id").collectAsList();
    assertEquals(7, b.size());
    assertEquals(b, s);
    List<Double> expected = new ArrayList<>();
    double n1 = 8;
    for (double c : new double[] {3, 3, 3, 0, 2, 2, 0}) {
      expected.add(-Math.log((c + 1) / n1));
    }
    assertEquals(expected, b.stream().map(r -> r.getDouble(1)).toList());
  }
}
