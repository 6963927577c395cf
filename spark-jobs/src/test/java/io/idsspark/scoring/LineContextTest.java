package io.idsspark.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.context.ContextColumn;
import io.idsspark.context.HostContext;
import io.idsspark.flow.FlowSchema;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.Inputs;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
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
 * {@code score}'s text path with host context gives each line the context values and the score the
 * typed path gives its row, over files split into several partitions, with a malformed line kept
 * out of its hosts' counts.
 */
class LineContextTest {
  @TempDir Path tmp;

  @Test
  void textPathWithContextEqualsTheTypedPathLineForLine() throws Exception {
    SparkSession spark = TestSpark.session();
    // the shipped model: quality recipe, rarity features, host context
    StoredModel model = ModelStore.load(TestSpark.projectRoot().resolve("models").toString());
    assertTrue(HostContext.usedBy(model.pipeline().columnNames()));

    Map<FlowKind, Long> counts = new EnumMap<>(FlowKind.class);
    counts.put(FlowKind.BENIGN, 2500L);
    counts.put(FlowKind.SYN_FLOOD, 300L);
    counts.put(FlowKind.PORT_SCAN, 200L);
    GenerationPlan plan = GenerationPlan.ofCounts(counts, 5, Instant.parse("2026-12-01T10:00:00Z"));
    Column[] flowCols =
        FlowSchema.flowColumnNames().stream().map(functions::col).toArray(Column[]::new);
    Path in = tmp.resolve("flows");
    SyntheticFlows.generate(spark, plan, 3)
        .select(flowCols)
        .write()
        .option("header", "true")
        .csv(in.toString());
    List<String> files;
    try (var s = Files.list(in)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).map(Path::toString).sorted().toList();
    }
    // a malformed line (a model input that is not a number) in the middle of the first file
    List<String> first = Files.readAllLines(Path.of(files.get(0)));
    String bad = first.get(5).replaceFirst(",6,", ",6x,");
    Path f0 = Path.of(files.get(0));
    Files.writeString(f0, bad + "\n", StandardOpenOption.APPEND);
    Files.deleteIfExists(f0.resolveSibling("." + f0.getFileName() + ".crc")); // Hadoop's checksum

    String before = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "200000"); // several splits per file
    try {
      List<String> header = Inputs.csvHeader(spark, files.get(0));
      Dataset<Row> lines = LineContext.withIds(LineScoring.read(spark, files));
      assertTrue(lines.rdd().getNumPartitions() > files.size());
      List<Row> out = LineContext.score(lines, header, model, 3, "test").collectAsList();

      // the typed path over the same well-formed rows
      FlowScorer scorer = ModelScorers.of(model);
      Dataset<Row> rows = Inputs.readFlows(spark, files);
      Dataset<Row> typed =
          scorer.score(HostContext.add(rows.filter(functions.col("_corrupt_record").isNull())), 0);
      Map<String, Row> want = new HashMap<>();
      for (Row r : typed.collectAsList()) {
        want.put(key(r), r);
      }

      List<String> outHeader = Arrays.asList(LineScoring.outputHeader(header, true).split(","));
      int scored = 0;
      int malformed = 0;
      for (Row r : out) {
        String kind = r.getString(1);
        if (kind.equals("malformed")) {
          malformed++;
          continue;
        }
        if (!List.of("normal", "yellow", "red").contains(kind)) {
          continue;
        }
        scored++;
        String[] v = r.getString(0).split(",", -1);
        Row w = want.get(key(v, outHeader));
        assertTrue(w != null, "a typed row for " + r.getString(0));
        for (String c : ContextColumn.names()) {
          String got = v[outHeader.indexOf(c)];
          Object exp = w.getAs(c);
          if (exp == null) {
            assertEquals("", got, c);
          } else {
            assertEquals((Double) exp, Double.parseDouble(got), 1e-9, c);
          }
        }
        assertEquals(
            w.<Double>getAs(FlowScorer.SCORE),
            Double.parseDouble(v[outHeader.indexOf(FlowScorer.SCORE)]),
            1e-9,
            "score of " + key(v, outHeader));
        assertEquals(w.<String>getAs(FlowScorer.LEVEL), v[outHeader.indexOf(FlowScorer.LEVEL)]);
      }
      assertEquals(1, malformed);
      assertEquals(want.size(), scored);
      assertEquals(3000, scored);
    } finally {
      spark.conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }

  @Test
  void routeSendsEachLineIdToItsLinesPartition() {
    SparkSession spark = TestSpark.session();
    for (int n : new int[] {1, 2, 3, 7, 16, 61}) {
      // three ids per partition, as monotonically_increasing_id numbers them (partition << 33)
      Dataset<Row> ids =
          spark
              .range(0, 3L * n)
              .select(
                  functions
                      .shiftleft(functions.col("id").divide(3).cast("long"), 33)
                      .plus(functions.col("id").mod(3))
                      .as(LineContext.LINE_ID));
      List<Row> got =
          ids.withColumn("_r", LineContext.route(n))
              .repartition(n, functions.col("_r"))
              .select(functions.col(LineContext.LINE_ID), functions.spark_partition_id())
              .collectAsList();
      assertEquals(3 * n, got.size());
      for (Row r : got) {
        assertEquals(r.getLong(0) >>> 33, (long) r.getInt(1), "partitions " + n);
      }
    }
  }

  private static final List<String> KEY =
      List.of("timestamp", "src_ip", "src_port", "dst_ip", "dst_port", "protocol", "exported_at");

  private static String key(Row r) {
    StringBuilder b = new StringBuilder();
    for (String k : KEY) {
      b.append(String.valueOf((Object) r.getAs(k))).append('|');
    }
    return b.toString();
  }

  private static String key(String[] v, List<String> header) {
    StringBuilder b = new StringBuilder();
    for (String k : KEY) {
      b.append(v[header.indexOf(k)]).append('|');
    }
    return b.toString();
  }
}
