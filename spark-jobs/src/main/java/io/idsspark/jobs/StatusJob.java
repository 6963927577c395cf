package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.ExitCodes;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.errors.IdsException;
import io.idsspark.health.HealthLog;
import io.idsspark.health.HealthStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code status}: reads a running detector's {@code health.jsonl} and prints a one-screen summary;
 * the exit code says whether to worry: 0 healthy, {@link ExitCodes#STALLED} stalled (no health line
 * for 60 s, or no flows for longer than {@code --max-idle}), {@link ExitCodes#DRIFTING} drifting.
 * Starts no Spark.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Is detect healthy? Summarises health.jsonl; exit 0 healthy, 6 stalled, 7 drifting.")
public final class StatusJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--alerts-dir",
      paramLabel = "DIR",
      description = "The folder detect writes alerts and health.jsonl to (default: logs_dir).")
  Path alertsDir;

  @Option(
      names = "--max-idle",
      paramLabel = "SECONDS",
      description = "Also stalled when no batch had flows for longer than this (default: off).")
  Long maxIdleSeconds;

  @Override
  public Integer call() throws Exception {
    IdsConfig config = common.config();
    Path dir = alertsDir != null ? alertsDir : config.path(ConfigKeys.LOGS_DIR);
    Path file = dir.resolve(HealthLog.FILE);
    if (!Files.isRegularFile(file)) {
      throw IdsException.input(
          file + ": no health file (is detect writing to this folder? --alerts-dir)");
    }
    HealthStatus.Report r =
        HealthStatus.of(
            HealthStatus.tail(file),
            Instant.now(),
            maxIdleSeconds == null ? null : Duration.ofSeconds(maxIdleSeconds));
    r.lines().forEach(System.out::println);
    return switch (r.verdict()) {
      case HEALTHY -> ExitCodes.OK;
      case STALLED -> ExitCodes.STALLED;
      case DRIFTING -> ExitCodes.DRIFTING;
    };
  }
}
