package io.idsspark.jobs;

import io.idsspark.errors.IdsException;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --in}, shared by the jobs that read flow tables (prepare-cic, train, evaluate, score). */
final class InputOption {
  @Option(
      names = "--in",
      arity = "1..*",
      // a comma separates paths, except inside a glob's {a,b} alternatives
      split = ",(?![^{]*\\})",
      splitSynopsisLabel = ",",
      paramLabel = "PATH",
      description =
          "Input (required): files, folders or globs (quote globs, {a,b} alternatives allowed);"
              + " several after one --in, comma-separated, or --in repeated.")
  List<String> in;

  /** Whether {@code --in} was given (score can read a Kafka topic instead). */
  boolean given() {
    return in != null && !in.isEmpty();
  }

  /** The paths of {@code --in}; a usage error when it is missing (required but for score). */
  List<String> paths() {
    if (!given()) {
      throw IdsException.usage("Missing required option: '--in=PATH'");
    }
    return in;
  }
}
