package io.idsspark.forest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Range-aware trees: a value beyond the training range of a node's feature is isolated there with
 * the chance a split over the range including it would have had; values inside score as in the
 * standard forest.
 */
class RangeAwareForestTest {
  private static final int FEATURES = 4;

  /** Standard normal training rows; feature 3 never below 0.6 (like a spread with a prior). */
  private static double[][] sample(int n, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][FEATURES];
    for (double[] row : x) {
      for (int j = 0; j < FEATURES - 1; j++) {
        row[j] = r.nextGaussian();
      }
      row[FEATURES - 1] = 0.6 + Math.abs(r.nextGaussian());
    }
    return x;
  }

  private static List<FlatTree> trees(boolean withRanges) {
    double[][] x = sample(256, 5);
    List<FlatTree> out = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      FlatTree tree =
          new TreeBuilder(x, new int[] {0, 1, 2, 3}, false, -1, withRanges, new SplittableRandom(t))
              .build();
      out.add(
          withRanges
              ? tree
              : new FlatTree(
                  tree.feature,
                  tree.threshold,
                  tree.left,
                  tree.right,
                  tree.leafValue,
                  null,
                  null,
                  null,
                  null,
                  null));
    }
    return out;
  }

  @Test
  void theTrainingPointsScoreAsInTheStandardForest() {
    FlatForest aware = new FlatForest(trees(true), FEATURES, 256, false);
    FlatForest standard = new FlatForest(trees(false), FEATURES, 256, false);
    assertTrue(aware.rangeAware());
    assertTrue(!standard.rangeAware());
    // a training point lies inside every range on its own paths: nothing may change for it (a
    // new point may fall outside a deep node's range even inside the overall range, and is then
    // partly isolated there, as it would have been had it been in the sample)
    for (double[] row : sample(256, 5)) {
      assertEquals(standard.meanPathLength(row), aware.meanPathLength(row), 1e-12);
    }
  }

  @Test
  void aValueFarBeyondTheRangeIsIsolatedSoonerTheFartherItIs() {
    FlatForest aware = new FlatForest(trees(true), FEATURES, 256, false);
    FlatForest standard = new FlatForest(trees(false), FEATURES, 256, false);
    double[] edge = {0, 0, 0, 0.6};
    double[] beyond = {0, 0, 0, 0.2};
    double[] far = {0, 0, 0, -5};
    // the standard forest cannot tell them apart: all go where the lowest training point went
    assertEquals(standard.meanPathLength(edge), standard.meanPathLength(far), 1e-12);
    double e = aware.meanPathLength(edge);
    double b = aware.meanPathLength(beyond);
    double f = aware.meanPathLength(far);
    assertTrue(b < e, "0.2 (" + b + ") isolated sooner than the edge 0.6 (" + e + ")");
    assertTrue(f < b, "-5 (" + f + ") sooner than 0.2 (" + b + ")");
    assertTrue(aware.score(far) > standard.score(far) + 0.05, aware.score(far) + "");
  }

  @Test
  void theFeatureBeyondItsRangeExplainsTheScore() {
    FlatForest aware = new FlatForest(trees(true), FEATURES, 256, false);
    double[] share = new double[FEATURES];
    aware.contributions(new double[] {0, 0, 0, -5}, share);
    double sum = 0;
    for (int j = 0; j < FEATURES; j++) {
      sum += share[j];
      if (j != FEATURES - 1) {
        assertTrue(share[FEATURES - 1] > share[j], java.util.Arrays.toString(share));
      }
    }
    assertEquals(1.0, sum, 1e-9);
  }

  @Test
  void rangesAreSavedAndATamperedRangeIsRefused() {
    FlatTree t = trees(true).get(0);
    ObjectNode json = t.toJson();
    FlatTree back = FlatTree.fromJson(json, FEATURES, false, "tree");
    assertEquals(java.util.Arrays.toString(t.splitMin), java.util.Arrays.toString(back.splitMin));
    assertEquals(java.util.Arrays.toString(t.splitMax), java.util.Arrays.toString(back.splitMax));

    ObjectNode oneOnly = json.deepCopy();
    oneOnly.remove("split_max");
    IdsException e1 =
        assertThrows(IdsException.class, () -> FlatTree.fromJson(oneOnly, FEATURES, false, "t"));
    assertTrue(e1.getMessage().contains("split_min"), e1.getMessage());

    ObjectNode outside = json.deepCopy();
    ArrayNode max = (ArrayNode) outside.get("split_max");
    max.set(0, outside.get("threshold").get(0).asDouble() - 1);
    IdsException e2 =
        assertThrows(IdsException.class, () -> FlatTree.fromJson(outside, FEATURES, false, "t"));
    assertTrue(e2.getMessage().contains("node 0"), e2.getMessage());

    // a model from before ranges were kept still loads, and scores as the standard forest
    ObjectNode old = json.deepCopy();
    old.remove("split_min");
    old.remove("split_max");
    FlatTree plain = FlatTree.fromJson(old, FEATURES, false, "t");
    assertTrue(!new FlatForest(List.of(plain), FEATURES, 256, false).rangeAware());
  }
}
