package io.idsspark.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.alerts.Alert;
import io.idsspark.context.HostContext;
import io.idsspark.flow.FlowSchema;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Inputs;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import io.idsspark.testing.SameAlerts;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * detect's text path for streams with host context: lines parsed for the fields context reads only,
 * scored as text after their context is added, give the alerts the typed path gives the same rows
 * (score, level, explanation, bytes, packets, incident key kind); headers and blank lines are
 * dropped, a malformed line is kept aside for quarantine.
 */
class LineStreamTest {
  @TempDir Path tmp;

  @Test
  void linesGiveTheTypedPathsAlertsAndKeepMalformedLinesAside() throws Exception {
    SparkSession spark = TestSpark.session();
    // the shipped model: quality recipe, rarity features, host context
    StoredModel model = ModelStore.load(TestSpark.projectRoot().resolve("models").toString());
    assertTrue(HostContext.usedBy(model.pipeline().columnNames()));

    Map<FlowKind, Long> counts = new EnumMap<>(FlowKind.class);
    counts.put(FlowKind.BENIGN, 1500L);
    counts.put(FlowKind.SYN_FLOOD, 200L);
    counts.put(FlowKind.PORT_SCAN, 100L);
    GenerationPlan plan = GenerationPlan.ofCounts(counts, 7, Instant.parse("2026-12-01T10:00:00Z"));
    Column[] flowCols =
        FlowSchema.flowColumnNames().stream().map(functions::col).toArray(Column[]::new);
    Path dir = tmp.resolve("flows");
    SyntheticFlows.generate(spark, plan, 1)
        .select(flowCols)
        .coalesce(1)
        .write()
        .option("header", "true")
        .csv(dir.toString());
    Path f;
    try (var files = Files.list(dir)) {
      f = files.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow();
    }
    List<String> written = Files.readAllLines(f);
    String malformed = written.get(3) + ",one field too many";
    // a header repeated inside the file, a blank line, a malformed line
    Files.writeString(
        f,
        TestFlows.header() + "\n   \n" + malformed + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.deleteIfExists(f.resolveSibling("." + f.getFileName() + ".crc")); // Hadoop's checksum

    LineStream s = LineStream.of(spark, model, 3);
    Dataset<Row> lines =
        spark.read().text(f.toString()).withColumn("file", functions.lit(f.toString()));
    Dataset<Row> parsed = s.parse(lines).cache();
    assertEquals(1801, parsed.count(), "the flows and the malformed line; headers, blanks dropped");
    List<Row> bad =
        parsed.filter(functions.col(FlowSparkSchema.CORRUPT_RECORD).isNotNull()).collectAsList();
    assertEquals(1, bad.size());
    assertEquals(malformed, bad.get(0).getAs(FlowSparkSchema.CORRUPT_RECORD));
    assertEquals(f.toString(), bad.get(0).getAs("file"));
    Row first = parsed.filter(functions.col(FlowSparkSchema.CORRUPT_RECORD).isNull()).first();
    String[] v = written.get(1).split(",", -1);
    List<String> header = FlowSchema.flowColumnNames();
    assertEquals(v[header.indexOf("src_ip")], first.getAs("src_ip"));
    assertEquals(Integer.parseInt(v[header.indexOf("dst_port")]), first.<Integer>getAs("dst_port"));

    // text: context over the parsed lines' fields, then scored as text
    Dataset<Row> good = parsed.filter(functions.col(FlowSparkSchema.CORRUPT_RECORD).isNull());
    List<Alert> text =
        AlertRows.toAlerts(
            AlertRows.alertColumns(s.score(HostContext.add(good))).collectAsList(),
            model.version());
    // typed: the same rows read as flows, context, the model's own scorer
    Dataset<Row> flows =
        Inputs.readFlows(spark, List.of(f.toString()))
            .filter(functions.col(FlowSparkSchema.CORRUPT_RECORD).isNull());
    List<Alert> typed =
        AlertRows.toAlerts(
            AlertRows.alertColumns(ModelScorers.of(model).score(HostContext.add(flows), 3))
                .collectAsList(),
            model.version());

    assertTrue(typed.size() >= 150, "the attacks alert: " + typed.size());
    assertTrue(typed.size() < 600, "not everything alerts: " + typed.size());
    SameAlerts.assertSameAlerts(typed, text, 1e-9);
  }
}
