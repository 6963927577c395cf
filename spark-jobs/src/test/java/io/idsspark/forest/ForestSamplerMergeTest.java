package io.idsspark.forest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Merging the partitions' samples of a tree keeps its m smallest keys whatever the order the
 * partitions meet in, and never holds more than m rows.
 */
class ForestSamplerMergeTest {
  private static final int NF = 3;

  /** One partition's sample in merge order: n rows with random keys and values. */
  private static ForestSampler.Sampled partition(Random r, int n) {
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = new double[] {r.nextDouble(), r.nextInt(5), r.nextInt(5), r.nextInt(5)};
    }
    Arrays.sort(rows, Arrays::compare);
    double[] keys = new double[n];
    double[] values = new double[n * NF];
    for (int i = 0; i < n; i++) {
      keys[i] = rows[i][0];
      System.arraycopy(rows[i], 1, values, i * NF, NF);
    }
    return new ForestSampler.Sampled(keys, values, 0);
  }

  @Test
  void theMergeIsTheBottomMOfEveryPartitionInAnyOrder() {
    Random r = new Random(4);
    int m = 50;
    List<ForestSampler.Sampled> parts = new ArrayList<>();
    List<double[]> all = new ArrayList<>();
    for (int p = 0; p < 30; p++) {
      ForestSampler.Sampled s = partition(r, 1 + r.nextInt(m));
      parts.add(s);
      for (int i = 0; i < s.keys().length; i++) {
        double[] row = new double[1 + NF];
        row[0] = s.keys()[i];
        System.arraycopy(s.values(), i * NF, row, 1, NF);
        all.add(row);
      }
    }
    all.sort(Arrays::compare);
    List<double[]> expected = all.subList(0, m);
    for (long shuffle = 0; shuffle < 5; shuffle++) {
      Collections.shuffle(parts, new Random(shuffle));
      ForestSampler.Sampled merged = parts.get(0);
      for (int p = 1; p < parts.size(); p++) {
        merged = ForestSampler.merge(merged, parts.get(p), m, NF);
        assertTrue(merged.keys().length <= m, "at most m rows: " + merged.keys().length);
      }
      assertEquals(m, merged.keys().length);
      for (int i = 0; i < m; i++) {
        assertEquals(expected.get(i)[0], merged.keys()[i], 0.0, "key " + i);
        assertArrayEquals(
            Arrays.copyOfRange(expected.get(i), 1, 1 + NF),
            Arrays.copyOfRange(merged.values(), i * NF, (i + 1) * NF),
            0.0);
      }
    }
    ForestSampler.Sampled count =
        ForestSampler.merge(
            new ForestSampler.Sampled(new double[0], new double[0], 7),
            new ForestSampler.Sampled(new double[0], new double[0], 5),
            m,
            NF);
    assertEquals(12, count.count());
  }
}
