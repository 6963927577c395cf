package io.idsspark.model;

import io.idsspark.forest.ForestData;
import io.idsspark.forest.IsolationForest;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.testing.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the committed model fixture (only when the format version changes; the fixture's
 * point is to stay the same):
 *
 * <pre>
 * mvn -q -pl spark-jobs -am test -Dtest=FixtureMaker -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dids.makeFixture=$PWD/spark-jobs/src/test/resources/models/fixture-v1
 * </pre>
 */
class FixtureMaker {
  @Test
  @EnabledIfSystemProperty(named = "ids.makeFixture", matches = ".+")
  void make() throws Exception {
    Path out = Path.of(System.getProperty("ids.makeFixture"));
    IsolationForestModel m =
        new IsolationForest()
            .setNumTrees(10)
            .setMaxSamples(32)
            .setSeed(5)
            .fit(ForestData.frame(TestSpark.session(), 200, 3, 0.0, false, 3).coalesce(1));
    StoredModel s =
        ModelStore.save(
            out.toString(),
            m,
            new Thresholds(0.6, 0.7, "fixture"),
            ModelCard.empty(),
            Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC),
            new Configuration());
    Path dir = out.resolve(s.version());
    Path fixed = out.resolve("20260301-000000-fixture");
    Files.move(dir, fixed);
    Files.delete(out.resolve("LATEST"));
    double[][] points = {{0, 0, 0}, {6, 6, 0}, {-1, 0.5, 2}};
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < points.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(m.score(points[i]));
    }
    Files.writeString(out.resolve("expected_scores.json"), sb.append("]\n").toString());
  }
}
