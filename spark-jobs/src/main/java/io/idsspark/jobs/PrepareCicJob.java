package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code prepare-cic}: Converts CSE-CIC-IDS2018 / CIC-IDS2017 CICFlowMeter CSVs to the flow schema.
 */
@Command(
    name = "prepare-cic",
    mixinStandardHelpOptions = true,
    description = "Converts CSE-CIC-IDS2018 / CIC-IDS2017 CICFlowMeter CSVs to the flow schema.")
public final class PrepareCicJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw UserException.usage("prepare-cic is not built yet");
  }
}
