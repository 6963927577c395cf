package io.idsspark.jobs;

import io.idsspark.cic.PrepareCic;
import io.idsspark.cli.CommonOptions;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.Format;
import io.idsspark.spark.Progress;
import io.idsspark.spark.Sparks;
import io.idsspark.spark.TableOutput;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code prepare-cic}: CSE-CIC-IDS2018 / CIC-IDS2017 CICFlowMeter CSVs (original, 84-column,
 * TrafficLabelling, MachineLearningCVE, improved and tab-separated layouts, detected per file) to
 * the flow schema, quarantining unusable rows with file, line and reason.
 *
 * <pre>
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar prepare-cic \
 *     --in '/data/cic2018/*.csv' --out /data/cic2018.parquet-dir
 * # read 7, kept 7, quarantined 0; benign 5, infiltration 2
 * # in:  3389,6,01/03/2018 09:56:59,4046191,14,7,1386,...,Benign
 * # out: 2018-03-01T13:56:59Z,,,,3389,6,4.046191,14,7,1386,...,0,benign,
 * </pre>
 */
@Command(
    name = "prepare-cic",
    mixinStandardHelpOptions = true,
    description = {
      "Converts CSE-CIC-IDS2018 / CIC-IDS2017 CICFlowMeter CSVs to the flow schema.",
      "Layout detected per file from its header. Bad rows go to the quarantine file (JSON lines:",
      "file, line, offset, reason, raw); a summary JSON is written next to the output."
    })
public final class PrepareCicJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin InputOption input;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "Output folder (or one .csv/.parquet file).")
  String out;

  @Option(
      names = "--format",
      paramLabel = "parquet|csv",
      description = "Output format (default: from --out's extension, else parquet).")
  Format format;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Keep at most N rows (for a quick look).")
  Long limit;

  @Option(
      names = "--quarantine",
      paramLabel = "PATH",
      description = "Quarantine file, JSON lines (default: <out>.quarantine.jsonl).")
  String quarantine;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw IdsException.usage("--limit must be >= 1");
    }
    Format fmt =
        format != null
            ? Format.require(format, "--format", Format.CSV, Format.PARQUET)
            : TableOutput.formatOf(out, Format.PARQUET);
    SparkSession spark =
        Sparks.session("prepare-cic", common.verbose(), common.logFile("prepare-cic"));
    try (Progress progress = Progress.attach(spark, "prepare-cic")) {
      Map<String, Object> s = PrepareCic.run(spark, input.paths(), out, fmt, limit, quarantine);
      System.out.printf(
          "rows read %,d, kept %,d, quarantined %,d in %.1f s%n",
          (Long) s.get("rows_read"),
          (Long) s.get("rows_kept"),
          (Long) s.get("rows_quarantined"),
          (Double) s.get("seconds"));
      print("quarantined by reason", s.get("quarantined_by_reason"));
      print("rows per attack type", s.get("rows_by_attack_type"));
      System.out.println(s.get("host_context_line"));
      System.out.println(
          "output: "
              + out
              + "  quarantine: "
              + s.get("quarantine")
              + "  summary: "
              + PrepareCic.summaryPath(out));
      return 0;
    }
  }

  private static void print(String title, Object counts) {
    System.out.println(title + ":");
    ((Map<?, ?>) counts).forEach((k, v) -> System.out.printf("  %-22s %,d%n", k, (Long) v));
  }
}
