package io.idsspark.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.idsspark.errors.IdsException;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scorers over saved models ({@link ModelStore}): a fixed one for {@code score} and one-shot runs,
 * and a watching one for {@code detect} that re-reads {@code LATEST} at every batch boundary and
 * swaps to a newer version without a restart.
 */
public final class ModelScorers {
  private ModelScorers() {}

  /** The model at {@code pathOrRoot} (a root follows LATEST; a version folder is pinned). */
  public static FlowScorer load(String pathOrRoot, Configuration conf) {
    return new ModelScorer(ModelStore.load(pathOrRoot, conf));
  }

  /** A loaded model as a {@link FlowScorer}. */
  public static FlowScorer of(StoredModel model) {
    return new ModelScorer(model);
  }

  /** A {@link StoredModel} as a {@link FlowScorer}. */
  static final class ModelScorer implements FlowScorer {
    private final StoredModel model;

    ModelScorer(StoredModel model) {
      this.model = model;
    }

    @Override
    public String version() {
      return model.version();
    }

    @Override
    public List<String> featureColumns() {
      // derived features (rarity of a port, ...) need their input columns, not their own name
      List<String> out = new ArrayList<>();
      for (FeaturePipeline.Feature f : model.pipeline().features()) {
        for (String c : f.rarity() != null ? f.rarity().inputs() : List.of(f.name())) {
          if (!out.contains(c)) {
            out.add(c);
          }
        }
      }
      return out;
    }

    @Override
    public StoredModel storedModel() {
      return model;
    }

    @Override
    public Dataset<Row> score(Dataset<Row> flows, int topFeatures) {
      Dataset<Row> scored = model.score(flows);
      // attributions walk every tree again: only for rows that alert
      return scored.withColumn(
          TOP_FEATURES,
          when(col(LEVEL).notEqual(lit(NORMAL)), model.topFeaturesColumn(scored, topFeatures)));
    }
  }

  /**
   * A scorer source for {@code detect}: a models root is watched (LATEST re-read on every {@link
   * #current()}; a new version is loaded and reported to the listener); a version folder is pinned.
   */
  public static final class Watching implements ScorerSource {
    /** What a swap reports: the old and new versions, or the error that kept the old model. */
    public record Swap(String from, String to, String error) {}

    private final String pathOrRoot;
    private final Configuration conf;
    private final boolean pinned;
    private volatile Consumer<Swap> listener = s -> {};
    private FlowScorer current;
    private String failedVersion;
    private final java.util.function.Function<FlowScorer, String> refusal;

    /**
     * Loads the model now (so a missing or bad model stops {@code detect} before it starts).
     *
     * @throws IdsException (exit 4) when the model cannot be loaded
     */
    public Watching(String pathOrRoot, Configuration conf) {
      this(pathOrRoot, conf, s -> null);
    }

    /**
     * As above, and refuses a model (at start, or a new version later) for which {@code refusal}
     * gives a reason: at start that is an error; later the current model stays, as for a broken
     * version.
     */
    public Watching(
        String pathOrRoot,
        Configuration conf,
        java.util.function.Function<FlowScorer, String> refusal) {
      this.pathOrRoot = pathOrRoot;
      this.conf = conf;
      this.refusal = refusal;
      this.pinned = ModelStore.latestVersion(pathOrRoot, conf).isEmpty();
      this.current = checked(load(pathOrRoot, conf));
    }

    private FlowScorer checked(FlowScorer s) {
      String why = refusal.apply(s);
      if (why != null) {
        throw IdsException.model(why);
      }
      return s;
    }

    /** Called on every swap (and on a failed one). */
    public void onSwap(Consumer<Swap> l) {
      listener = l;
    }

    public boolean pinned() {
      return pinned;
    }

    @Override
    public synchronized FlowScorer current() {
      if (pinned) {
        return current;
      }
      Optional<String> latest;
      try {
        latest = ModelStore.latestVersion(pathOrRoot, conf);
      } catch (IdsException e) {
        listener.accept(new Swap(current.version(), null, e.getMessage()));
        return current;
      }
      if (latest.isEmpty()
          || latest.get().equals(current.version())
          || latest.get().equals(failedVersion)) {
        return current;
      }
      try {
        FlowScorer next = checked(load(pathOrRoot, conf));
        String from = current.version();
        current = next;
        listener.accept(new Swap(from, next.version(), null));
      } catch (IdsException e) {
        // a broken new version must not stop detection: keep the old model, say why (once)
        failedVersion = latest.get();
        listener.accept(new Swap(current.version(), latest.get(), e.getMessage()));
      }
      return current;
    }
  }
}
