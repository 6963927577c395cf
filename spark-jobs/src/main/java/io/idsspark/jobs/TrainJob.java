package io.idsspark.jobs;

import static org.apache.spark.sql.functions.col;

import io.idsspark.cli.CommonOptions;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.config.PathFallback;
import io.idsspark.context.HostContext;
import io.idsspark.errors.IdsException;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.features.QualityRecipe;
import io.idsspark.flow.FeatureSet;
import io.idsspark.health.DriftReference;
import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.scoring.BatchScoring;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Inputs;
import io.idsspark.spark.Progress;
import io.idsspark.spark.Sparks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train}: trains an Isolation Forest on flows and writes a versioned model folder with
 * thresholds and a model card (see {@link ModelStore} for the layout and {@link Training} for how
 * the model and thresholds are chosen).
 *
 * <pre>
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar train --in data/train.csv --out models
 * # train: 20,000 rows (0 malformed), 19 features (extended), labels in 'label': 2,000 attack rows
 * # train: candidate all_rows    AUROC 0.9712 AUPRC 0.8120 best F1 0.7400 at contamination 0.05
 * # train: candidate benign_only AUROC 0.9854 AUPRC 0.9011 best F1 0.8511 at contamination 0.05
 * # wrote models/20260301-101500-3fa2c1 (LATEST updated): yellow 0.6213, red 0.6790
 * </pre>
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains an Isolation Forest on flows and writes a versioned model with thresholds and a"
          + " model card.",
      "With a label column: contamination calibrated by F1 on a held-out split, and the better of"
          + " training on all rows or on benign rows is kept. Without: thresholds from score"
          + " quantiles at 1 - contamination."
    })
public final class TrainJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin InputOption input;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Models root (gets <version>/ and LATEST; default: model_dir from the config).")
  String out;

  @Option(
      names = "--feature-set",
      paramLabel = "minimal|extended",
      description = "Flow-schema feature set (default: feature_set from the config).")
  String featureSet;

  @Option(
      names = "--features",
      split = ",",
      paramLabel = "a,b,c",
      description = "Explicit feature columns instead of a feature set.")
  List<String> features;

  @Option(
      names = "--label-col",
      paramLabel = "COL",
      description = "Label column (0/benign vs attack). Default: 'label' when the input has it.")
  String labelCol;

  @Option(names = "--no-labels", description = "Ignore any label column (unlabelled training).")
  boolean noLabels;

  @Option(names = "--trees", paramLabel = "N", description = "Trees (default: num_trees, 100).")
  Integer trees;

  @Option(
      names = "--max-samples",
      paramLabel = "N",
      description =
          "Rows per tree (default: 2048 with --recipe quality, else max_samples from the config,"
              + " 256).")
  Integer maxSamples;

  @Option(
      names = "--max-features",
      paramLabel = "F",
      defaultValue = "1.0",
      description = "Share of features per tree (default: ${DEFAULT-VALUE}).")
  double maxFeatures;

  @Option(
      names = "--contamination",
      paramLabel = "C",
      description =
          "Expected anomaly share without labels (default: contamination, 0.02); with labels the"
              + " grid contamination_grid is searched instead.")
  Double contamination;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--extended", description = "Extended Isolation Forest (random hyperplanes).")
  boolean extended;

  @Option(
      names = "--extension-level",
      paramLabel = "L",
      description = "Hyperplane extension level (default: number of features - 1).")
  Integer extensionLevel;

  @Option(
      names = "--range-aware",
      description =
          "Score values beyond a split's training range as isolated sooner: better when training and"
              + " scored flows come from one network, worse under a shift (docs/quality.md).")
  boolean rangeAware;

  @Option(
      names = "--transform",
      paramLabel = "none|signed_log1p",
      defaultValue = "SIGNED_LOG1P",
      description = "Per-feature transform (default: signed_log1p; see docs/quality.md).")
  FeaturePipeline.Transform transform;

  @Option(
      names = "--recipe",
      paramLabel = "quality|plain",
      defaultValue = "quality",
      description = {
        "quality (default): the feature recipe of docs/quality.md inside the model: compact"
            + " CIC-comparable columns (unless --features/--feature-set), signed log1p, plus rarity"
            + " features of the destination service, protocol and client TCP stack, counted on the"
            + " rows each forest trains on.",
        "plain: the chosen columns with --transform only."
      })
  String recipe;

  @Option(
      names = "--context",
      negatable = true,
      description = {
        "Add the host-context features (docs/schema.md): each flow's source and destination"
            + " service's recent flows, distinct peers, unanswered and RST shares. Default: on"
            + " when the input has addresses and times (--context insists, --no-context turns them"
            + " off); score, evaluate and detect compute them the same way."
      })
  Boolean context;

  @Option(
      names = "--validation-fraction",
      paramLabel = "F",
      defaultValue = "0.2",
      description = "Held-out share for calibration with labels (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(
      names = "--inject-outliers",
      paramLabel = "F",
      defaultValue = "0",
      description =
          "Also try training with this share of synthetic uniform outliers added (labels needed to"
              + " judge it; kept only if validation F1 and AUPRC both improve). Default: off.")
  double injectOutliers;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    IdsConfig config = common.config();
    Training.Settings s = settings(config);
    SparkSession spark = Sparks.session("train", common.verbose(), common.logFile("train"));
    try (Progress progress = Progress.attach(spark, "train")) {
      String root = out != null ? out : config.writableDir(ConfigKeys.MODEL_DIR).toString();
      // read
      Dataset<Row> raw = Inputs.readFlows(spark, input.paths());
      List<String> baseCols = featureColumns(config, raw);
      boolean useContext =
          TrainSteps.useContext(context, raw.schema(), String.join(", ", input.paths()));
      if (useContext) {
        raw = HostContext.addToWellFormed(raw, BatchScoring.malformedRows(raw));
      }
      List<String> cols = useContext ? TrainSteps.withContext(baseCols) : baseCols;
      boolean quality = qualityRecipe();
      String label = resolveLabel(raw);
      if (quality) {
        warnMissingRarityInputs(raw);
      }
      // prepare
      TrainSteps.Prepared p =
          TrainSteps.prepare(raw, cols, label, quality, String.join(", ", input.paths()));
      String quarantine = p.malformed() > 0 ? quarantine(config, p) : null;
      if (useContext) {
        TrainSteps.reportContext(p);
      }
      System.err.printf(
          Locale.ROOT,
          "train: %,d rows (%,d malformed%s), %d features, %s%n",
          p.usableRows(),
          p.malformed(),
          quarantine == null ? "" : ", quarantined to " + quarantine,
          cols.size(),
          label == null ? "no labels" : "labels in '" + label + "'");
      // fit and calibrate
      Training.Result r =
          quality
              ? Training.train(p.data(), cols, label, s, d -> QualityRecipe.pipeline(d, cols))
              : Training.train(p.data(), cols, label, s);
      // write
      TrainSteps.Run run =
          new TrainSteps.Run(
              input.paths(),
              p,
              quarantine,
              features != null
                  ? "custom"
                  : featureSet == null && quality ? "quality_compact" : featureSetName(config),
              cols,
              label,
              quality,
              Instant.now().toString(),
              Training.gitCommit(),
              (System.nanoTime() - t0) / 1e9,
              spark.version(),
              config.source().map(Path::toString).orElse("built-in defaults"),
              config.fallbacks().stream().map(PathFallback::toString).toList());
      // what each input looked like in training, for detect's and score's drift figures
      com.fasterxml.jackson.databind.node.ObjectNode card = TrainSteps.card(run, r).json();
      card.set(DriftReference.CARD_FIELD, DriftReference.fit(p.data(), cols).toJson());
      StoredModel saved =
          ModelStore.save(
              root,
              r.model(),
              r.calibration().thresholds(),
              new io.idsspark.model.ModelCard(card),
              Clock.systemUTC(),
              spark.sparkContext().hadoopConfiguration());
      p.release();
      System.out.printf(
          Locale.ROOT,
          "wrote %s (LATEST updated): yellow %.4f, red %.4f, trained on %s rows in %.1f s%n",
          saved.dir(),
          saved.thresholds().yellow(),
          saved.thresholds().red(),
          r.card().path("trained_on").asText(),
          (System.nanoTime() - t0) / 1e9);
      return 0;
    }
  }

  private static void warnMissingRarityInputs(Dataset<Row> raw) {
    int usable = QualityRecipe.usableRarity(Arrays.asList(raw.columns())).size();
    if (usable < QualityRecipe.RARITY.size()) {
      System.err.printf(
          Locale.ROOT,
          "train: quality recipe with %d of %d rarity features (input lacks some of %s)%n",
          usable,
          QualityRecipe.RARITY.size(),
          String.join(", ", QualityRecipe.inputColumns()));
    }
  }

  private Training.Settings settings(IdsConfig config) {
    int n = trees != null ? trees : config.get(ConfigKeys.NUM_TREES);
    // the quality recipe was measured with its own sample size (docs/quality.md E15, synthetic
    // AUROC 0.973 at 256 against 0.994 at 1024); the config's max_samples is for --recipe plain
    int m =
        maxSamples != null
            ? maxSamples
            : qualityRecipe() ? QualityRecipe.MAX_SAMPLES : config.get(ConfigKeys.MAX_SAMPLES);
    double c = contamination != null ? contamination : config.get(ConfigKeys.CONTAMINATION);
    if (n < 1 || m < 2 || !(c > 0 && c < 0.5) || !(maxFeatures > 0 && maxFeatures <= 1)) {
      throw IdsException.usage(
          "need --trees >= 1, --max-samples >= 2, 0 < --contamination < 0.5, 0 < --max-features <= 1");
    }
    if (rangeAware && extended) {
      throw IdsException.usage("--range-aware is for standard splits; drop --extended or it");
    }
    if (!(validationFraction > 0 && validationFraction < 1)
        || injectOutliers < 0
        || injectOutliers >= 0.5) {
      throw IdsException.usage(
          "need 0 < --validation-fraction < 1 and 0 <= --inject-outliers < 0.5");
    }
    return new Training.Settings(
        n,
        m,
        maxFeatures,
        seed,
        c,
        config.get(ConfigKeys.CONTAMINATION_GRID),
        config.get(ConfigKeys.YELLOW_MAX_BENIGN_FPR),
        extended,
        extensionLevel == null ? -1 : extensionLevel,
        rangeAware,
        transform,
        validationFraction,
        injectOutliers);
  }

  private boolean qualityRecipe() {
    return switch (recipe.trim().toLowerCase(Locale.ROOT)) {
      case "quality" -> {
        if (injectOutliers > 0) {
          throw IdsException.usage(
              "--inject-outliers needs --recipe plain (synthetic points have no port or TCP stack"
                  + " for the quality recipe's rarity features)");
        }
        yield true;
      }
      case "plain" -> false;
      default -> throw IdsException.usage("--recipe: '" + recipe + "' (valid: quality, plain)");
    };
  }

  private String featureSetName(IdsConfig config) {
    return featureSet != null ? featureSet : config.get(ConfigKeys.FEATURE_SET);
  }

  private List<String> featureColumns(IdsConfig config, Dataset<Row> raw) {
    if (features != null && featureSet != null) {
      throw IdsException.usage("give --feature-set or --features, not both");
    }
    List<String> cols;
    if (features != null) {
      cols = features.stream().map(String::trim).filter(f -> !f.isEmpty()).toList();
    } else if (featureSet == null && qualityRecipe()) {
      cols = QualityRecipe.COMPACT;
    } else {
      try {
        cols = FeatureSet.parse(featureSetName(config)).featureNames();
      } catch (IllegalArgumentException e) {
        throw IdsException.usage("--feature-set: " + e.getMessage());
      }
    }
    if (cols.isEmpty()) {
      throw IdsException.usage("no feature columns given");
    }
    FeaturePipeline.of(cols, FeaturePipeline.Transform.NONE).requireColumns(raw);
    return cols;
  }

  private String resolveLabel(Dataset<Row> raw) {
    if (noLabels) {
      return null;
    }
    List<String> have = Arrays.asList(raw.columns());
    if (labelCol != null) {
      if (!have.contains(labelCol)) {
        throw IdsException.input("input has no label column '" + labelCol + "'");
      }
      return labelCol;
    }
    return have.contains("label") ? "label" : null;
  }

  /** Writes malformed rows' raw text under logs_dir/quarantine/train-<UTC stamp>/. */
  private static String quarantine(IdsConfig config, TrainSteps.Prepared p) {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path dir =
        config.writableDir(ConfigKeys.LOGS_DIR).resolve("quarantine").resolve("train-" + stamp);
    p.base()
        .filter(p.malformedRows())
        .select(col(FlowSparkSchema.CORRUPT_RECORD))
        .write()
        .text(dir.toString());
    return dir.toString();
  }
}
