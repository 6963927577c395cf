package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.errors.IdsException;
import io.idsspark.incidents.BatchIncidents;
import io.idsspark.spark.Progress;
import io.idsspark.spark.Sparks;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Groups alerts into incidents in batch, as {@code detect} does in its stream: the same key rule,
 * gap and numbers; one closed record per incident.
 *
 * <pre>
 * spark-submit ... ids-spark-jobs.jar incidents --alerts logs/alerts.csv --out incidents/
 * # incidents/incidents.csv, incidents/incidents.jsonl (and quarantined.jsonl when a line was bad)
 * </pre>
 */
@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description =
        "Groups alerts into incidents (by attacker, or by victim service when many sources hit"
            + " it; closed after incident_gap_seconds without an alert).")
public final class IncidentsJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--alerts",
      required = true,
      split = ",",
      paramLabel = "PATH",
      description =
          "alerts.csv, alerts.jsonl or score's CSV output (files, folders or globs; normal rows"
              + " skipped).")
  List<String> alerts;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for incidents.csv and incidents.jsonl.")
  String out;

  @Option(
      names = "--gap-seconds",
      paramLabel = "S",
      description = "Silence that closes an incident (default: incident_gap_seconds).")
  Integer gapSeconds;

  @Option(
      names = "--model-version",
      paramLabel = "V",
      defaultValue = "unknown",
      description =
          "Model version for rows that do not name theirs (score output), used in their alert"
              + " ids (default: ${DEFAULT-VALUE}).")
  String modelVersion;

  @Option(names = "--overwrite", description = "Replace the incident files in --out.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    IdsConfig config = common.config();
    int gap = gapSeconds != null ? gapSeconds : config.get(ConfigKeys.INCIDENT_GAP_SECONDS);
    if (gap < 1) {
      throw IdsException.usage("--gap-seconds must be >= 1, not " + gap);
    }
    SparkSession spark = Sparks.session("incidents", common.verbose(), common.logFile("incidents"));
    try (Progress progress = Progress.attach(spark, "incidents")) {
      Path csv = new Path(out, "incidents.csv");
      FileSystem fs = csv.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(csv) && !overwrite) {
        throw IdsException.usage(csv + " exists; choose another --out or add --overwrite");
      }
      long start = System.nanoTime();
      BatchIncidents.Result r = BatchIncidents.run(spark, alerts, out, gap, modelVersion);
      System.out.printf(
          "incidents: %s -> %s in %.1f s%n", r.describe(), out, (System.nanoTime() - start) / 1e9);
      return 0;
    }
  }
}
