package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.forest.ForestData;
import io.idsspark.json.Json;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.testing.TestSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainJobTest {
  private static final SparkSession SPARK = TestSpark.session();

  @TempDir Path tmp;

  @Test
  void calibrationPicksTheContaminationClosestToTheTrueAttackShare() {
    Dataset<Row> data = ForestData.frame(SPARK, 4000, 4, 0.05, true, 21);
    Training.Settings s =
        new Training.Settings(
            50,
            256,
            1.0,
            3,
            0.02,
            List.of(0.005, 0.01, 0.05, 0.2),
            0.0,
            false,
            -1,
            false,
            FeaturePipeline.Transform.NONE,
            0.3,
            0.0);
    Training.Result r = Training.train(data, List.of("f0", "f1", "f2", "f3"), "label", s);
    assertEquals(0.05, r.calibration().contamination());
    JsonNode card = r.card();
    assertTrue(card.at("/validation/auroc").asDouble() > 0.97, card.toString());
    assertTrue(card.at("/validation/at_yellow/f1").asDouble() > 0.8, card.toString());
    assertTrue(card.at("/validation/at_red/precision").asDouble() >= 0.9, card.toString());
    assertTrue(r.calibration().thresholds().red() > r.calibration().thresholds().yellow());
    assertTrue(card.has("candidates") && card.at("/candidates/all_rows/auroc").isNumber());
    assertTrue(List.of("all_rows", "benign_only").contains(card.get("trained_on").asText()));
  }

  @Test
  void unlabelledThresholdsFlagAboutTheContamination() {
    Dataset<Row> data = ForestData.frame(SPARK, 3000, 3, 0.0, false, 5);
    Training.Settings s =
        new Training.Settings(
            30,
            128,
            1.0,
            3,
            0.02,
            List.of(0.02),
            0.005,
            false,
            -1,
            false,
            FeaturePipeline.Transform.NONE,
            0.2,
            0.0);
    Training.Result r = Training.train(data, List.of("f0", "f1", "f2"), null, s);
    double yellow = r.calibration().thresholds().yellow();
    long flagged = r.model().transform(data).filter("score >= " + yellow).count();
    // quantile at 0.98 with relative error 0.0005: 60 +- a few of 3000 rows
    assertTrue(flagged >= 55 && flagged <= 65, "flagged " + flagged);
  }

  @Test
  void commandWritesAVersionAndQuarantinesMalformedRows() throws Exception {
    Path csv = tmp.resolve("flows.csv");
    Random rnd = new Random(2);
    List<String> lines = new ArrayList<>();
    lines.add("flow_duration,tot_fwd_pkts,tot_bwd_pkts,label");
    for (int i = 0; i < 600; i++) {
      boolean attack = i % 20 == 0;
      lines.add(
          (attack ? 50 + rnd.nextDouble() : rnd.nextDouble())
              + ","
              + (1 + rnd.nextInt(10))
              + ","
              + (attack ? 0 : 1 + rnd.nextInt(10))
              + ","
              + (attack ? 1 : 0));
    }
    lines.add("not-a-number,3,4,0");
    lines.add("0.5,3.5x,4,0");
    Files.write(csv, lines);
    Path conf = tmp.resolve("ids.yml");
    Files.writeString(conf, "logs_dir: " + tmp.resolve("logs") + "\n");
    StringWriter err = new StringWriter();
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "train",
            "--config",
            conf.toString(),
            "--in",
            csv.toString(),
            "--out",
            tmp.resolve("models").toString(),
            "--features",
            "flow_duration,tot_fwd_pkts,tot_bwd_pkts",
            "--trees",
            "20",
            "--seed",
            "4");
    assertEquals(0, code, err.toString());
    StoredModel m = ModelStore.load(tmp.resolve("models").toString());
    JsonNode card = m.card().json();
    assertEquals(602, card.get("input_rows").asLong());
    assertEquals(2, card.get("malformed_rows").asLong());
    assertEquals(
        List.of("flow_duration", "tot_fwd_pkts", "tot_bwd_pkts"), m.pipeline().columnNames());
    assertEquals("label", card.get("label_column").asText());
    assertTrue(card.get("git_commit").asText().length() > 0);
    assertTrue(card.get("data_fingerprint").asText().startsWith("rows:600 "));
    Path q = Path.of(card.get("quarantine").asText());
    List<String> quarantined = new ArrayList<>();
    try (var files = Files.list(q)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        quarantined.addAll(Files.readAllLines(f));
      }
    }
    assertEquals(
        List.of("0.5,3.5x,4,0", "not-a-number,3,4,0"), quarantined.stream().sorted().toList());
    JsonNode t =
        Json.MAPPER.readTree(
            tmp.resolve("models").resolve(m.version()).resolve("thresholds.json").toFile());
    assertTrue(t.get("red").asDouble() > t.get("yellow").asDouble());
    // same data, same seed: the same forest
    Path again = tmp.resolve("models2");
    assertEquals(
        0,
        IdsJobs.commandLine()
            .execute(
                "train",
                "--config",
                conf.toString(),
                "--in",
                csv.toString(),
                "--out",
                again.toString(),
                "--features",
                "flow_duration,tot_fwd_pkts,tot_bwd_pkts",
                "--trees",
                "20",
                "--seed",
                "4"));
    assertEquals(
        m.forest().toJson().toString(),
        ModelStore.load(again.toString()).forest().toJson().toString());
  }

  @Test
  void missingFeatureColumnIsAnInputError() throws Exception {
    Path csv = tmp.resolve("few.csv");
    Files.writeString(csv, "flow_duration\n1.0\n2.0\n");
    StringWriter err = new StringWriter();
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "train",
            "--in",
            csv.toString(),
            "--out",
            tmp.resolve("m").toString(),
            "--feature-set",
            "minimal");
    assertEquals(3, code);
    assertTrue(err.toString().contains("input lacks"), err.toString());
  }
}
