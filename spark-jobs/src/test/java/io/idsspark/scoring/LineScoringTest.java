package io.idsspark.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.Inputs;
import io.idsspark.testing.TestFlows;
import io.idsspark.testing.TestModels;
import io.idsspark.testing.TestSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code score}'s CSV-to-CSV path scores lines as text: same results, values kept as written. */
class LineScoringTest {
  @TempDir Path tmp;

  /** A quality-recipe model with derived (rarity) features and no host context. */
  private static StoredModel shipped() {
    // the model shipped before host context (quality recipe, rarity features, format 2): the text
    // path scores models without context; a context model goes through the typed path
    return ModelStore.load(
        TestSpark.projectRoot()
            .resolve("spark-jobs/src/test/resources/models/quality-v2")
            .toString());
  }

  private static List<String> header() {
    return Arrays.asList(TestFlows.header().split(","));
  }

  @Test
  void givesTheTypedPathsScoresLevelsAndExplanationsWithEveryLineKept() throws Exception {
    SparkSession spark = TestSpark.session();
    StoredModel model = shipped();
    List<String> rows = new ArrayList<>(TestFlows.rows(11, 0, 120, 6, TestModels.FLOOD));
    // a port nobody trained on, to exercise the rarity features
    rows.addAll(TestFlows.rows(12, 120, 20, 2, Map.of("dst_port", "31337")));
    Path f = TestFlows.write(tmp.resolve("in"), "flows.csv", rows);

    List<Row> typed =
        BatchScoring.topFeaturesAsText(
                BatchScoring.score(
                    Inputs.readFlows(spark, List.of(f.toString())),
                    ModelScorers.of(model),
                    3,
                    false))
            .select(FlowScorer.SCORE, FlowScorer.LEVEL, FlowScorer.TOP_FEATURES)
            .collectAsList();
    List<Row> lines =
        LineScoring.score(
                LineScoring.read(spark, List.of(f.toString())), header(), model, 3, f.toString())
            .collectAsList();

    assertEquals("header", lines.get(0).getAs(LineScoring.KIND));
    lines = lines.subList(1, lines.size());
    assertEquals(rows.size(), typed.size());
    assertEquals(rows.size(), lines.size());
    int alerts = 0;
    for (int i = 0; i < rows.size(); i++) {
      String out = lines.get(i).getAs(LineScoring.LINE);
      assertTrue(out.startsWith(rows.get(i) + ","), "the input line comes first, as written");
      String[] added = out.substring(rows.get(i).length() + 1).split(",", -1);
      Row t = typed.get(i);
      assertEquals(t.getDouble(0), Double.parseDouble(added[0]), "score of row " + i);
      assertEquals(t.getString(1), added[1], "level of row " + i);
      assertEquals(t.isNullAt(2) ? "" : t.getString(2), added[2], "top_features of row " + i);
      assertEquals(added[1], lines.get(i).getAs(LineScoring.KIND));
      alerts += added[1].equals("normal") ? 0 : 1;
    }
    assertTrue(alerts >= 20, "the comparison covers explained alerts too: " + alerts);
  }

  @Test
  void badLinesAreMalformedWithAReasonAndOddButValidValuesPassThrough() throws Exception {
    SparkSession spark = TestSpark.session();
    StoredModel model = shipped();
    List<String> cols = header();
    String feature = model.pipeline().inputColumnNames().get(1);
    int at = cols.indexOf(feature);
    String good = TestFlows.rows(3, 0, 1, 0, Map.of()).get(0);
    String[] odd = good.split(",", -1);
    odd[at] = "\"1.5E1\"";
    odd[cols.indexOf("src_ip")] = "\"10.0.0.1\"";
    odd[cols.indexOf("end_reason")] = "\"fin, then rst\"";
    String[] notNumber = good.split(",", -1);
    notNumber[at] = "abc";
    String[] empty = good.split(",", -1);
    empty[at] = "";
    List<String> rows =
        List.of(
            String.join(",", odd),
            "garbage,row",
            String.join(",", notNumber),
            TestFlows.header(),
            "   ",
            good.replaceFirst(",", ",\"unclosed"),
            String.join(",", empty));
    Path f = TestFlows.write(tmp.resolve("in"), "odd.csv", rows);
    List<Row> out =
        LineScoring.score(
                LineScoring.read(spark, List.of(f.toString())), cols, model, 3, f.toString())
            .collectAsList()
            .subList(1, rows.size() + 1);

    assertTrue(out.get(0).<String>getAs(LineScoring.LINE).startsWith(rows.get(0) + ","));
    assertTrue(List.of("normal", "yellow", "red").contains(out.get(0).getAs(LineScoring.KIND)));
    assertMalformed(out.get(1), "2 fields where the header has " + cols.size(), f);
    assertMalformed(out.get(2), feature + ": not a number 'abc'", f);
    assertEquals("header", out.get(3).getAs(LineScoring.KIND), "a repeated header is skipped");
    assertEquals("blank", out.get(4).getAs(LineScoring.KIND));
    assertMalformed(out.get(5), "unclosed quote", f);
    assertTrue(
        List.of("normal", "yellow", "red").contains(out.get(6).getAs(LineScoring.KIND)),
        "an empty value is a missing one, filled as in training");
    assertEquals(rows.get(1), out.get(1).getAs(LineScoring.LINE), "the bad line is kept whole");
  }

  private static void assertMalformed(Row r, String reason, Path file) {
    assertEquals("malformed", r.getAs(LineScoring.KIND));
    assertEquals(reason, r.getAs(LineScoring.REASON));
    assertTrue(r.<String>getAs(LineScoring.FILE).endsWith(file.getFileName().toString()));
  }
}
