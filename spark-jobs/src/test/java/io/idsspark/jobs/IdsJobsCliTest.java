package io.idsspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.cli.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The dispatcher's contract: jobs listed in --help, one-line errors with exit 2 for bad jobs,
 * options, config.
 */
class IdsJobsCliTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = IdsJobs.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryJob() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String job :
        List.of("generate", "prepare-cic", "train", "score", "detect", "evaluate", "pcap2flows")) {
      assertTrue(r.out().contains("  " + job + " "), job + " missing from:\n" + r.out());
    }
  }

  @Test
  void everyJobHasItsOwnHelpWithTheCommonOptions() {
    for (String job : IdsJobs.commandLine().getSubcommands().keySet()) {
      Run r = run(job, "--help");
      assertEquals(0, r.code(), job);
      assertTrue(r.out().contains("--config"), job);
      assertTrue(r.out().contains("--verbose"), job);
    }
  }

  @Test
  void aMistypedJobIsOneLineWithASuggestionAndExitTwo() {
    Run r = run("trian");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("'trian'") && r.err().contains("did you mean train"), r.err());
  }

  @Test
  void anUnknownOptionIsOneLineAndExitTwo() {
    Run r = run("doctor", "--bogus");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals("error: doctor: Unknown option: '--bogus' (see --help)", r.err().strip());
  }

  @Test
  void noJobAtAllIsAUsageError() {
    Run r = run();
    assertEquals(ExitCodes.USAGE, r.code());
    assertTrue(r.err().contains("no job given"), r.err());
  }

  @Test
  void aBadConfigFileIsOneLineNamingTheKeyAndExitTwo() throws Exception {
    Path cfg = tmp.resolve("ids.yml");
    Files.writeString(cfg, "contamnation: 0.1\n");
    // every job loads its config first; doctor is the cheapest job that does
    Run r = run("doctor", "--config", cfg.toString(), "--partitions", "1");
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "error: " + cfg + ": unknown key 'contamnation' (did you mean 'contamination'?)",
        r.err().strip());
  }

  @Test
  void aMissingConfigFileIsOneLineAndExitTwo() {
    Run r = run("doctor", "--config", tmp.resolve("absent.yml").toString());
    assertEquals(ExitCodes.USAGE, r.code());
    assertEquals(
        "error: " + tmp.resolve("absent.yml") + ": config file not found", r.err().strip());
  }

  @Test
  void sharedOptionsParseAlikeInEveryJob() {
    ScoreJob score = new ScoreJob();
    new CommandLine(score)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(
            "--in", "a/{x,y}*.csv,b.csv", "--in", "c.parquet", "--out", "o", "--format", "PARQUET");
    assertEquals(List.of("a/{x,y}*.csv", "b.csv", "c.parquet"), score.input.paths());
    assertEquals(io.idsspark.flow.Format.PARQUET, score.format);
    TrainJob train = new TrainJob();
    new CommandLine(train).parseArgs("--in", "t1.csv", "t2.csv");
    assertEquals(List.of("t1.csv", "t2.csv"), train.input.paths());
  }

  @Test
  void aFormatTheJobCannotWriteIsAUsageErrorNamingTheValidOnes() {
    StringWriter err = new StringWriter();
    CommandLine cl = IdsJobs.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code =
        cl.execute(
            "pcap2flows",
            "--in",
            tmp.toString(),
            "--out",
            tmp.resolve("o").toString(),
            "--format",
            "jsonl");
    assertEquals(ExitCodes.USAGE, code, err.toString());
    assertTrue(
        err.toString().contains("--format: 'jsonl' is not one of csv, parquet"), err.toString());
  }
}
