package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code generate}: Generates labelled synthetic flows (benign mixes and attacks) in the flow
 * schema.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Generates labelled synthetic flows (benign mixes and attacks) in the flow schema.")
public final class GenerateJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw UserException.usage("generate is not built yet");
  }
}
