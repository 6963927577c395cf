package io.idsspark.monitoring;

import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertLog;
import io.idsspark.alerts.TopFeature;
import io.idsspark.incidents.IncidentFormats;
import io.idsspark.incidents.IncidentGrouper;
import io.idsspark.incidents.IncidentRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A real alerts.jsonl, written by the same {@link AlertLog} appender that {@code detect} uses: a
 * red SYN-flood flow, a yellow UDP flow, an ICMP flow without ports and an IPv6 flow; and the
 * incidents.jsonl beside it (their incidents opened, then closed).
 */
final class AlertLines {
  private AlertLines() {}

  /** Writes the alerts into {@code dir} and returns the path of its alerts.jsonl. */
  static Path write(Path dir) throws IOException {
    List<Alert> alerts =
        List.of(
            new Alert(
                "2026-11-25T18:00:01.5Z",
                "10.231.0.2",
                "10.231.0.1",
                40022,
                80,
                6,
                0.81,
                Alert.RED,
                "20261125-180000-abc123",
                List.of(
                    new TopFeature("syn_flag_cnt", 1.0, 0, 0),
                    new TopFeature("tot_fwd_pkts", 1.0, 3, 40),
                    new TopFeature("flow_duration", 0.0, 0.01, 5.2))),
            new Alert(
                "2026-11-25T18:00:02Z",
                "10.231.0.2",
                "10.231.0.1",
                53001,
                53,
                17,
                0.64,
                Alert.YELLOW,
                "20261125-180000-abc123",
                List.of(new TopFeature("flow_byts_s", 9.5e6, 120, 80000))),
            new Alert(
                "2026-11-25T18:00:03.25Z",
                "10.231.0.2",
                "10.231.0.1",
                null,
                null,
                1,
                0.7,
                Alert.RED,
                "20261125-180000-abc123",
                List.of(new TopFeature("fwd_pkts_s", null, 0.1, 40))),
            new Alert(
                "2026-11-25T18:00:04Z",
                "fd00::2",
                "fd00::1",
                41000,
                443,
                6,
                0.66,
                Alert.YELLOW,
                "20261125-180000-abc123",
                List.of(
                    new TopFeature("rst_flag_cnt", 3.0, 0, 1),
                    new TopFeature("init_fwd_win_byts", 0.0, 1024, 65535))));
    AlertLog log = new AlertLog(dir).withIncidents(IncidentFormats.csvHeader());
    Instant created = Instant.parse("2026-11-25T18:00:06.125Z");
    // incident records as detect makes them: opened by batch 0, closed by batch 1's later flows
    for (int batch = 0; batch < 2; batch++) {
      List<Alert> in = batch == 0 ? alerts : List.of();
      long newest = batch == 0 ? 1_764_093_604_000_000L : 1_764_093_604_000_000L + 400_000_000L;
      log.append(
          "monitoring-test",
          batch,
          in,
          created,
          state -> {
            IncidentGrouper g = new IncidentGrouper(60, 120, true);
            g.restore(state);
            StringBuilder csv = new StringBuilder();
            StringBuilder jsonl = new StringBuilder();
            for (IncidentRecord r : g.step(in, newest)) {
              csv.append(IncidentFormats.csvLine(r));
              jsonl.append(IncidentFormats.jsonLine(r, created));
            }
            return new AlertLog.IncidentTail(csv.toString(), jsonl.toString(), g.toState());
          });
    }
    if (!Files.isRegularFile(log.jsonlPath())) {
      throw new IOException("AlertLog wrote no " + log.jsonlPath());
    }
    return log.jsonlPath();
  }

  /** The incidents.jsonl that {@link #write} wrote beside the alerts. */
  static Path incidents(Path alertsJsonl) {
    return alertsJsonl.resolveSibling(AlertLog.INCIDENTS_JSONL_FILE);
  }

  /**
   * A real health.jsonl: {@code detect} run over two flow files (the second with one input far
   * off), so it holds batch lines, a drift record and heartbeats; returns its path.
   */
  static Path health(Path dir) throws Exception {
    var spark = io.idsspark.testing.TestSpark.session();
    Path models = dir.resolve("models");
    io.idsspark.testing.TestModels.train(
        models, dir.resolve("work"), 62, Instant.parse("2026-12-06T10:00:00Z"));
    var scorer =
        io.idsspark.scoring.ModelScorers.load(
            models.toString(), new org.apache.hadoop.conf.Configuration());
    Path flows = dir.resolve("flows");
    for (int f = 0; f < 2; f++) {
      io.idsspark.testing.TestFlows.write(
          flows,
          "f" + f + ".csv",
          io.idsspark.testing.TestFlows.rows(
              80 + f, f * 600, 600, f, java.util.Map.of("tot_fwd_pkts", "90000")));
    }
    Path logs = dir.resolve("logs");
    var runner =
        new io.idsspark.detect.DetectRunner(
                new io.idsspark.detect.DetectSettings(
                    flows, "csv", logs, logs, dir.resolve("ckpt"), 0, 1, 3, 0, 0),
                () -> scorer,
                null,
                java.time.Clock.systemUTC())
            .withHealth(new io.idsspark.health.DriftWindow.Settings(0.25, 1, 0, 100, 1, 0, 0), 400);
    runner.start(spark).awaitTermination();
    Thread.sleep(1_000);
    runner.close();
    return logs.resolve(io.idsspark.health.HealthLog.FILE);
  }
}
