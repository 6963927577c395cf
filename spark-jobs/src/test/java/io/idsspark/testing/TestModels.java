package io.idsspark.testing;

import io.idsspark.features.FeaturePipeline;
import io.idsspark.flow.FeatureSet;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.ModelCard;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.model.Thresholds;
import io.idsspark.spark.Inputs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Small real models for the detect tests: an Isolation Forest on {@link TestFlows} normal flows
 * (minimal feature set), yellow and red a margin above the highest training score, so that normal
 * flows stay normal and {@link #FLOOD} flows are red.
 */
public final class TestModels {
  private TestModels() {}

  /**
   * A flood-like flow: every minimal feature far outside the training data at once, some above,
   * some below (an Isolation Forest scores joint departures, not the size of one).
   */
  public static final Map<String, String> FLOOD =
      Map.ofEntries(
          Map.entry("flow_duration", "0"),
          Map.entry("tot_fwd_pkts", "90000"),
          Map.entry("tot_bwd_pkts", "0"),
          Map.entry("totlen_fwd_pkts", "9000000"),
          Map.entry("totlen_bwd_pkts", "0"),
          Map.entry("fwd_pkt_len_mean", "1400"),
          Map.entry("bwd_pkt_len_mean", "0"),
          Map.entry("flow_byts_s", "90000000"),
          Map.entry("flow_pkts_s", "500000"),
          Map.entry("flow_iat_mean", "0"),
          Map.entry("pkt_len_mean", "1400"));

  /**
   * Trains on 600 normal flows and saves under {@code root} (which then has LATEST naming it).
   *
   * @param at the model's version time (distinct times give distinct versions)
   */
  public static StoredModel train(Path root, Path work, long seed, Instant at) throws Exception {
    return train(root, work, seed, at, FeatureSet.MINIMAL.featureNames(), 1.0, 1.0);
  }

  /**
   * Same, with yellow and red at these quantiles of the training scores (a far-off value in one
   * feature alone scores like the most extreme training rows, so a test of one shifted feature
   * needs a lower yellow).
   */
  public static StoredModel train(
      Path root,
      Path work,
      long seed,
      Instant at,
      List<String> features,
      double yellowQuantile,
      double redQuantile)
      throws Exception {
    Path trainFile =
        TestFlows.write(work, "train-" + seed + ".csv", TestFlows.rows(seed, 0, 600, 0, Map.of()));
    Dataset<Row> flows = Inputs.readFlows(TestSpark.session(), List.of(trainFile.toString()));
    if (io.idsspark.context.HostContext.usedBy(features)) {
      // a model with host context learns it from the flows' context, as train computes it
      flows = io.idsspark.context.HostContext.add(flows);
    }
    IsolationForestModel m =
        new io.idsspark.forest.IsolationForest()
            .setNumTrees(40)
            .setMaxSamples(128)
            .setSeed(seed)
            .setPipeline(FeaturePipeline.of(features, FeaturePipeline.Transform.NONE))
            .fit(flows.coalesce(1));
    double[] q =
        m.transform(flows)
            .stat()
            .approxQuantile(m.scoreCol(), new double[] {yellowQuantile, redQuantile}, 0.0);
    return ModelStore.save(
        root.toString(),
        m,
        // at quantile 1 (the highest training score) a margin keeps test flows of other seeds
        // normal
        yellowQuantile < 1.0
            ? new Thresholds(q[0], Math.max(q[1], q[0] + 1e-6), "test: training score quantiles")
            : new Thresholds(q[0] + 0.03, q[1] + 0.06, "test: above the highest training score"),
        // as train writes it: what each input looked like, for drift
        new ModelCard(
            ModelCard.empty()
                .json()
                .set(
                    io.idsspark.health.DriftReference.CARD_FIELD,
                    io.idsspark.health.DriftReference.fit(flows, features).toJson())),
        Clock.fixed(at, ZoneOffset.UTC),
        new Configuration());
  }
}
