package io.idsspark.cli;

import io.idsspark.config.ConfigKeys;
import io.idsspark.config.ConfigLoader;
import io.idsspark.config.IdsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command takes: {@code --config} and {@code --verbose}. Mixed into each picocli
 * command.
 */
public final class CommonOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Config file (default: $IDS_CONFIG, else ./config/ids.yml if present, else built-in defaults).")
  Path config;

  @Option(
      names = {"-v", "--verbose"},
      description = "Verbose logs (info level); default is warnings only.")
  boolean verbose;

  private IdsConfig loaded;

  /** The config file given with {@code --config}, or null. */
  public Path configPath() {
    return config;
  }

  public boolean verbose() {
    return verbose;
  }

  /** Where a batch job appends its full log: {@code logs_dir/<job>.log}. */
  public Path logFile(String job) {
    return config().writableDir(ConfigKeys.LOGS_DIR).resolve(job + ".log");
  }

  /** Loads the configuration once (see {@link ConfigLoader#loadForCli}). */
  public synchronized IdsConfig config() {
    if (loaded == null) {
      loaded = new ConfigLoader().loadForCli(config);
    }
    return loaded;
  }
}
