package io.idsspark.jobs;

import io.idsspark.cli.Cli;
import io.idsspark.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Main class of {@code ids-spark-jobs.jar}: dispatches to one job per sub-command.
 *
 * <pre>
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar --help
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar train --in data/train.csv --out models
 * spark-submit --master spark://host:7077 ids-spark-jobs.jar score --in 'flows/*.csv' --model models --out scored
 * </pre>
 */
@Command(
    name = "ids-spark-jobs.jar",
    mixinStandardHelpOptions = true,
    version = "ids-spark-jobs 0.1.0",
    description = "Spark jobs of the ids-spark pipeline. Run '<job> --help' for a job's options.",
    subcommands = {
      GenerateJob.class,
      PrepareCicJob.class,
      TrainJob.class,
      EvaluateJob.class,
      ScoreJob.class,
      DetectJob.class,
      IncidentsJob.class,
      Pcap2FlowsJob.class,
      DoctorJob.class,
      StatusJob.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 unexpected failure, 2 bad options or config,",
      "3 unusable input, 4 unusable model, 5 missing privilege, 130 interrupted."
    })
public final class IdsJobs implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "no job given");
  }

  /**
   * Builds the dispatcher with the project's error handling; tests call this and {@code execute}.
   */
  public static CommandLine commandLine() {
    return Cli.commandLine(new IdsJobs());
  }

  public static void main(String[] args) {
    int code = Cli.run(commandLine(), args);
    if (code != ExitCodes.OK || !Boolean.getBoolean("ids.noExit")) {
      System.exit(code);
    }
  }
}
