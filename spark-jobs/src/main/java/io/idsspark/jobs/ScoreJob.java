package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code score}: Scores flow files in batch: every row gets score, level and, for alerts,
 * top_features.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description =
        "Scores flow files in batch: every row gets score, level and, for alerts, top_features.")
public final class ScoreJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw UserException.usage("score is not built yet");
  }
}
