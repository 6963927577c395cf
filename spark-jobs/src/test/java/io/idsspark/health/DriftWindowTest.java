package io.idsspark.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.testing.TestSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Drift as detect measures it: a reference fitted on training-like data, then live batches of the
 * same distribution (no drift, whatever the window) and of a shifted one (drift in that feature
 * only, raised once after the sustain time, cleared when the traffic comes back).
 */
class DriftWindowTest {
  private static final List<String> FEATURES = List.of("size", "rate");

  /** {@code n} rows: size ~ N(500 + shift, 100), rate ~ Exp(mean 20); a few missing sizes. */
  private static List<double[]> rows(long seed, int n, double shift) {
    Random r = new Random(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double size = i % 50 == 0 ? Double.NaN : 500 + shift + 100 * r.nextGaussian();
      out.add(new double[] {size, -20 * Math.log(1 - r.nextDouble())});
    }
    return out;
  }

  private static Dataset<Row> frame(List<double[]> rows) {
    List<String> csv = new ArrayList<>();
    for (double[] v : rows) {
      csv.add((Double.isNaN(v[0]) ? "" : Double.toString(v[0])) + "," + v[1]);
    }
    return TestSpark.session()
        .read()
        .schema("size double, rate double")
        .csv(TestSpark.session().createDataset(csv, Encoders.STRING()));
  }

  private static long[][] counts(DriftReference ref, List<double[]> rows) {
    long[][] c = ref.newCounts();
    for (double[] v : rows) {
      for (int f = 0; f < v.length; f++) {
        c[f][ref.bin(f, v[f])]++;
      }
    }
    return c;
  }

  @Test
  void theSameTrafficDoesNotDriftAShiftedFeatureDoesOnceSustained() {
    DriftReference ref = DriftReference.fit(frame(rows(1, 20_000, 0)), FEATURES);
    assertEquals(FEATURES, ref.features());
    for (double[] s : ref.shares()) {
      assertEquals(1.0, java.util.Arrays.stream(s).sum(), 1e-9);
    }
    assertEquals(0.02, ref.shares()[0][ref.bins(0) - 1], 0.001, "the missing bin holds 2 %");
    // Spark's one-pass counts agree with the per-row bins detect uses
    List<double[]> live = rows(2, 3_000, 0);
    long[][] bySpark = ref.counts(frame(live));
    long[][] byRow = counts(ref, live);
    for (int f = 0; f < FEATURES.size(); f++) {
      assertTrue(java.util.Arrays.equals(bySpark[f], byRow[f]), "feature " + f);
    }

    DriftWindow w =
        new DriftWindow(ref, new DriftWindow.Settings(0.25, 60_000, 20_000, 1_000, 1, 0, 0));
    long t = 1_000_000;
    for (int b = 0; b < 10; b++, t += 10_000) {
      DriftWindow.Verdict v = w.add(t, counts(ref, rows(10 + b, 1_000, 0)));
      assertFalse(v.drifting(), "batch " + b + ": " + v.top());
      assertTrue(v.top().get(0).psi() < 0.1, v.top().toString());
    }
    // size moves up by two standard deviations: above the level at once, a finding 20 s later
    List<Boolean> raised = new ArrayList<>();
    DriftWindow.Verdict v = null;
    for (int b = 0; b < 12; b++, t += 10_000) {
      v = w.add(t, counts(ref, rows(100 + b, 1_000, 200)));
      raised.add(v.raised());
    }
    assertTrue(v.drifting());
    assertEquals("size", v.top().get(0).feature());
    assertTrue(v.top().get(0).psi() > 1, v.top().toString());
    assertTrue(
        v.over(0.25).stream().noneMatch(f -> f.feature().equals("rate")), v.top().toString());
    assertEquals(1, raised.stream().filter(x -> x).count(), "raised once: " + raised);
    assertFalse(raised.get(0) || raised.get(1), "not before it was sustained: " + raised);
    // the traffic comes back: once the window has only normal batches again, no finding
    for (int b = 0; b < 8; b++, t += 10_000) {
      v = w.add(t, counts(ref, rows(200 + b, 1_000, 0)));
    }
    assertFalse(v.drifting(), v.top().toString());
  }

  @Test
  void onlyWatchedFeaturesRaiseAFindingTheOthersAreReported() {
    DriftReference ref = DriftReference.fit(frame(rows(1, 20_000, 0)), FEATURES);
    // size is reported, not watched (as detect treats host context): its shift raises nothing
    DriftWindow w =
        new DriftWindow(
            ref, new DriftWindow.Settings(0.25, 60_000, 0, 1_000, 1, 0, 0), f -> !f.equals("size"));
    long t = 1_000_000;
    DriftWindow.Verdict v = null;
    for (int b = 0; b < 6; b++, t += 10_000) {
      v = w.add(t, counts(ref, rows(300 + b, 1_000, 200)));
      assertFalse(v.drifting() || v.raised(), v.top().toString());
    }
    assertEquals("size", v.top().get(0).feature(), "still reported, highest");
    assertFalse(v.top().get(0).watched());
    assertTrue(v.top().get(0).psi() > 1, v.top().toString());
    assertTrue(v.over(0.25).isEmpty(), "no watched feature over the level: " + v.top());
    // rate, watched, triples: a finding once it shows in the window (no sustain time here)
    List<Boolean> raised = new ArrayList<>();
    for (int b = 0; b < 6; b++, t += 10_000) {
      List<double[]> faster = rows(400 + b, 1_000, 200);
      faster.forEach(r -> r[1] *= 3);
      v = w.add(t, counts(ref, faster));
      raised.add(v.raised());
    }
    assertEquals(1, raised.stream().filter(x -> x).count(), "raised once: " + raised);
    assertTrue(v.drifting(), v.top().toString());
    assertEquals(List.of("rate"), v.over(0.25).stream().map(f -> f.feature()).toList());
  }

  @Test
  void psiIsZeroForTheReferenceItselfAndFiniteForEmptyBins() {
    double[] shares = {0.5, 0.5, 0.0};
    assertEquals(0.0, Psi.of(shares, new long[] {50, 50, 0}), 1e-12);
    double all = Psi.of(shares, new long[] {100, 0, 0});
    assertTrue(all > 1 && Double.isFinite(all), "everything in one bin: " + all);
    assertTrue(Double.isNaN(Psi.of(shares, new long[] {0, 0, 0})));
  }
}
