package io.idsspark.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.alerts.Alert;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.FeatureSet;
import io.idsspark.flow.FlowSchema;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Inputs;
import io.idsspark.testing.SameAlerts;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestModels;
import io.idsspark.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect's Real-time path scores each Kafka message straight from its JSON: the alerts equal those
 * of the typed path (Spark's reader of the same flows, the model's own scorer) in score, level,
 * explanation, identity, bytes and packets, a null model input included; a message that is not a
 * flow record is a dead letter with its reason, never an error.
 */
class RecordScorerTest {
  @TempDir Path tmp;

  @Test
  void jsonMessagesGiveTheTypedPathsAlerts() throws Exception {
    SparkSession spark = TestSpark.session();
    // no host context; yellow low enough that the generated attacks and some benign flows alert
    StoredModel model =
        TestModels.train(
            tmp.resolve("models"),
            tmp.resolve("work"),
            41,
            Instant.parse("2026-12-06T10:00:00Z"),
            FeatureSet.MINIMAL.featureNames(),
            0.9,
            0.99);
    // normal flows, every 10th a flood flow, every 7th without a model input (the feature's fill,
    // on both paths)
    List<String> rows = new ArrayList<>();
    for (String r : TestFlows.rows(43, 0, 700, 10, TestModels.FLOOD)) {
      rows.add(rows.size() % 7 == 3 ? withoutTotFwdPkts(r) : r);
    }
    Path f = TestFlows.write(tmp.resolve("flows"), "flows.csv", rows);
    Dataset<Row> flows =
        Inputs.readFlows(spark, List.of(f.toString()))
            .filter(functions.col(FlowSparkSchema.CORRUPT_RECORD).isNull())
            .drop(FlowSparkSchema.CORRUPT_RECORD)
            .cache();
    assertEquals(700, flows.count());
    assertEquals(100, flows.filter(functions.col(FlowSchema.TOT_FWD_PKTS).isNull()).count());

    List<Alert> typed =
        AlertRows.toAlerts(
            AlertRows.alertColumns(ModelScorers.of(model).score(flows, 3)).collectAsList(),
            model.version());
    RecordScorer.Worker w = RecordScorer.of(model, 3).worker();
    List<Alert> json = new ArrayList<>();
    for (String message : flows.toJSON().collectAsList()) {
      RecordScorer.Verdict v = w.judge(message.getBytes(StandardCharsets.UTF_8));
      assertNull(v.reason(), message);
      if (v.alert() != null) {
        json.add(v.alert());
      }
    }

    assertTrue(typed.size() >= 70, "the floods alert: " + typed.size());
    assertTrue(typed.size() < 350, "not everything alerts: " + typed.size());
    assertTrue(typed.stream().anyMatch(a -> a.level().equals(Alert.YELLOW)), "yellow ones too");
    SameAlerts.assertSameAlerts(typed, json, 1e-12);
  }

  private static String withoutTotFwdPkts(String row) {
    String[] v = row.split(",", -1);
    v[FlowSchema.flowColumnNames().indexOf(FlowSchema.TOT_FWD_PKTS)] = "";
    return String.join(",", v);
  }

  @Test
  void messagesThatAreNotFlowRecordsAreDeadLettersWithTheirReason() throws Exception {
    StoredModel model =
        TestModels.train(
            tmp.resolve("models"), tmp.resolve("work"), 42, Instant.parse("2026-12-06T10:00:00Z"));
    RecordScorer.Worker w = RecordScorer.of(model, 3).worker();
    String ok =
        "\"timestamp\":\"2026-12-06T10:00:00Z\",\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"10.0.0.2\"";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("not json at all", RecordScorer.NOT_A_RECORD);
    cases.put("[1,2]", RecordScorer.NOT_A_RECORD);
    cases.put("{" + ok, RecordScorer.NOT_A_RECORD);
    cases.put("{" + ok + "} trailing", RecordScorer.NOT_A_RECORD);
    cases.put("", RecordScorer.NOT_A_RECORD);
    cases.put("{\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"10.0.0.2\"}", "no timestamp");
    cases.put("{\"timestamp\":\"t\",\"dst_ip\":\"10.0.0.2\",\"src_ip\":null}", "no src_ip");
    cases.put("{" + ok + ",\"tot_fwd_pkts\":\"many\"}", "tot_fwd_pkts: not an integer");
    cases.put("{" + ok + ",\"tot_fwd_pkts\":1.5}", "tot_fwd_pkts: not an integer");
    cases.put("{" + ok + ",\"dst_port\":70000000000}", "dst_port: out of range");
    cases.put("{" + ok + ",\"flow_byts_s\":true}", "flow_byts_s: not a number");
    cases.put("{" + ok + ",\"flow_byts_s\":[1]}", "flow_byts_s: not a number");
    cases.put("{" + ok + ",\"src_ip\":{\"v\":4}}", "src_ip: not text");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      RecordScorer.Verdict v = w.judge(c.getKey().getBytes(StandardCharsets.UTF_8));
      assertEquals(c.getValue(), v.reason(), c.getKey());
      assertNull(v.alert());
    }
    assertEquals(RecordScorer.NOT_A_RECORD, w.judge(null).reason());
    // fields outside the schema are ignored, whatever they hold; what is missing is the fill
    RecordScorer.Verdict v =
        w.judge(
            ("{" + ok + ",\"vlan\":{\"id\":[1,{\"x\":2}]},\"note\":\"hi\",\"flow_byts_s\":1e3}")
                .getBytes(StandardCharsets.UTF_8));
    assertNull(v.reason());
  }

  @Test
  void aModelWithHostContextIsRefusedNamingTheColumn() throws Exception {
    StoredModel shipped = ModelStore.load(TestSpark.projectRoot().resolve("models").toString());
    IdsException e = assertThrows(IdsException.class, () -> RecordScorer.of(shipped, 3));
    assertTrue(e.getMessage().contains("host context"), e.getMessage());
    assertTrue(e.getMessage().contains(shipped.version()), e.getMessage());
  }
}
