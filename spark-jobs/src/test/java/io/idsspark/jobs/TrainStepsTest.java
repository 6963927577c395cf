package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.model.ModelCard;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.testing.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** train's steps on DataFrames in memory: no files read or written. */
class TrainStepsTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("flow_duration", DataTypes.DoubleType)
          .add("tot_fwd_pkts", DataTypes.LongType)
          .add("extra", DataTypes.StringType)
          .add("label", DataTypes.IntegerType)
          .add(FlowSparkSchema.CORRUPT_RECORD, DataTypes.StringType);

  private static Dataset<Row> frame(List<Row> rows, int partitions) {
    SparkSession spark = TestSpark.session();
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  private static List<Row> rows() {
    List<Row> r = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      r.add(RowFactory.create(i * 0.5, (long) i, "x", i % 2, null));
    }
    r.add(RowFactory.create(null, null, null, null, "1,two,3"));
    r.add(RowFactory.create(null, null, null, null, "garbage"));
    return r;
  }

  @Test
  void prepareKeepsWhatTrainingNeedsAndSetsMalformedRowsApart() {
    TrainSteps.Prepared p =
        TrainSteps.prepare(
            frame(rows(), 3), List.of("flow_duration", "tot_fwd_pkts"), "label", false, "in.csv");
    try {
      assertEquals(10, p.totalRows());
      assertEquals(2, p.malformed());
      assertEquals(8, p.usableRows());
      assertEquals(8, p.data().count());
      assertEquals(
          List.of("flow_duration", "tot_fwd_pkts", "label"), Arrays.asList(p.data().columns()));
      assertEquals(2, p.base().filter(p.malformedRows()).count());
      assertTrue(p.fingerprint().startsWith("rows:8 "), p.fingerprint());
    } finally {
      p.release();
    }
  }

  @Test
  void theFingerprintIgnoresOrderAndPartitioningButNotValues() {
    List<String> cols = List.of("flow_duration", "tot_fwd_pkts");
    List<Row> shuffled = new ArrayList<>(rows());
    Collections.reverse(shuffled);
    String a = TrainSteps.prepare(frame(rows(), 1), cols, null, false, "a").fingerprint();
    String b = TrainSteps.prepare(frame(shuffled, 4), cols, null, false, "b").fingerprint();
    assertEquals(a, b);
    List<Row> changed = new ArrayList<>(rows());
    changed.set(0, RowFactory.create(9.0, 0L, "x", 0, null));
    String c = TrainSteps.prepare(frame(changed, 1), cols, null, false, "c").fingerprint();
    assertFalse(a.equals(c), a);
  }

  @Test
  void noUsableRowIsAnInputErrorNamingTheInput() {
    List<Row> bad = List.of(RowFactory.create(null, null, null, null, "x"));
    IdsException e =
        assertThrows(
            IdsException.class,
            () ->
                TrainSteps.prepare(
                    frame(bad, 1), List.of("flow_duration"), null, false, "data/train.csv"));
    assertEquals(IdsException.Kind.INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("data/train.csv: no usable rows"), e.getMessage());
  }

  @Test
  void theCardRecordsTheRunAndTheFit() {
    TrainSteps.Prepared p =
        TrainSteps.prepare(frame(rows(), 2), List.of("flow_duration"), "label", false, "in.csv");
    ObjectNode fit = JsonNodeFactory.instance.objectNode().put("trained_on", "benign_only");
    ModelCard card =
        TrainSteps.card(
            new TrainSteps.Run(
                List.of("in.csv"),
                p,
                null,
                "extended",
                List.of("flow_duration"),
                "label",
                false,
                "2026-01-01T00:00:00Z",
                "abc123",
                1.5,
                "4.2.0",
                "config/ids.yml",
                List.of()),
            new Training.Result(null, null, fit));
    p.release();
    ObjectNode j = card.json();
    assertEquals(10, j.get("input_rows").asLong());
    assertEquals(8, j.get("training_rows_usable").asLong());
    assertEquals(2, j.get("malformed_rows").asLong());
    assertEquals(p.fingerprint(), j.get("data_fingerprint").asText());
    assertEquals("benign_only", j.get("trained_on").asText());
    assertEquals("plain", j.get("recipe").asText());
    assertEquals("in.csv", j.get("input").get(0).asText());
  }
}
