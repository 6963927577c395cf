package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code train}: Trains an Isolation Forest on flows and writes a versioned model with thresholds
 * and a model card.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Trains an Isolation Forest on flows and writes a versioned model with thresholds and a model card.")
public final class TrainJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw UserException.usage("train is not built yet");
  }
}
