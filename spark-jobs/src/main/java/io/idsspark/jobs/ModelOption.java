package io.idsspark.jobs;

import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import picocli.CommandLine.Option;

/** {@code --model}, shared by the jobs that read a model (score, evaluate, detect). */
final class ModelOption {
  @Option(
      names = "--model",
      paramLabel = "DIR|latest",
      description =
          "Models root (follows LATEST; detect re-reads it every batch: the hot swap) or one"
              + " version folder (pinned); 'latest' or absent: model_dir from the config.")
  String model;

  /** The path to load: the option's, or the configured models root. */
  String path(IdsConfig config) {
    if (model == null || model.equals("latest")) {
      return config.path(ConfigKeys.MODEL_DIR).toString();
    }
    return model;
  }
}
