package io.idsspark.jobs;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --in}, shared by the jobs that read flow tables (prepare-cic, train, evaluate, score). */
final class InputOption {
  @Option(
      names = "--in",
      required = true,
      arity = "1..*",
      split = ",",
      paramLabel = "PATH",
      description =
          "Input: files, folders or globs (quote globs); several after one --in, comma-separated"
              + " or --in repeated.")
  List<String> in;

  List<String> paths() {
    return in;
  }
}
