package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code detect}: Watches a flow folder (Structured Streaming) and appends explained alerts to
 * alerts.csv/jsonl.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Watches a flow folder (Structured Streaming) and appends explained alerts to alerts.csv/jsonl.")
public final class DetectJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw UserException.usage("detect is not built yet");
  }
}
