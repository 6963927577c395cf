package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code evaluate}: Scores labelled flows with a model and writes metrics.json and a ROC/histogram
 * PNG.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Scores labelled flows with a model and writes metrics.json and a ROC/histogram PNG.")
public final class EvaluateJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw UserException.usage("evaluate is not built yet");
  }
}
