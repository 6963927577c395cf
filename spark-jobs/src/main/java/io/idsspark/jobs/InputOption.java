package io.idsspark.jobs;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --in}, shared by the jobs that read flow tables (prepare-cic, train, evaluate, score). */
final class InputOption {
  @Option(
      names = "--in",
      required = true,
      arity = "1..*",
      // a comma separates paths, except inside a glob's {a,b} alternatives
      split = ",(?![^{]*\\})",
      splitSynopsisLabel = ",",
      paramLabel = "PATH",
      description =
          "Input: files, folders or globs (quote globs, {a,b} alternatives allowed); several"
              + " after one --in, comma-separated, or --in repeated.")
  List<String> in;

  List<String> paths() {
    return in;
  }
}
