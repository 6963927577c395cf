package io.idsspark.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertLogTest {
  @TempDir Path dir;

  private static Alert alert(int i) {
    return new Alert(
        "2026-11-25T10:00:0" + i + "Z",
        "10.0.0." + i,
        "10.0.1.1",
        1000 + i,
        80,
        6,
        0.8,
        "red",
        "v1",
        List.of(new TopFeature("tot_fwd_pkts", 1000.0 + i, 1, 20)));
  }

  @Test
  void headerOnceAndBatchesAppended() throws IOException {
    AlertLog log = new AlertLog(dir);
    assertTrue(log.append("s", 0, List.of(alert(1), alert(2)), Instant.EPOCH));
    assertTrue(log.append("s", 1, List.of(alert(3)), Instant.EPOCH));
    List<String> csv = Files.readAllLines(log.csvPath());
    assertEquals(4, csv.size());
    assertEquals(1, csv.stream().filter(l -> l.startsWith("timestamp,")).count());
    assertEquals(3, Files.readAllLines(log.jsonlPath()).size());
  }

  /** Records what it was given; refuses the first {@code failures} batches as a broker down. */
  private static final class Recording implements AlertPublisher {
    final List<Keyed> alerts = new java.util.ArrayList<>();
    int failures;

    @Override
    public void publish(List<Keyed> a, List<Keyed> incidents) {
      if (failures-- > 0) {
        throw new IllegalStateException("broker down");
      }
      alerts.addAll(a);
    }

    @Override
    public void close() {}
  }

  @Test
  void aPublisherGetsEachAlertByIdBeforeTheCommitAndAFailedPublishIsRetriedWithTheBatch()
      throws IOException {
    Recording out = new Recording();
    out.failures = 1;
    AlertLog log = new AlertLog(dir).withPublisher(out);
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () -> log.append("s", 0, List.of(alert(1), alert(2)), Instant.EPOCH));
    // not committed: the retry writes the batch (once) and publishes it
    assertTrue(log.append("s", 0, List.of(alert(1), alert(2)), Instant.EPOCH));
    assertEquals(3, Files.readAllLines(log.csvPath()).size());
    assertEquals(2, Files.readAllLines(log.jsonlPath()).size());
    assertEquals(List.of(alert(1).alertId(), alert(2).alertId()), keys(out.alerts));
    List<String> lines = Files.readAllLines(log.jsonlPath());
    assertEquals(lines, out.alerts.stream().map(AlertPublisher.Keyed::json).toList());
    // a replay of the committed batch publishes nothing again
    assertFalse(log.append("s", 0, List.of(alert(1), alert(2)), Instant.EPOCH));
    assertEquals(2, out.alerts.size());
  }

  private static List<String> keys(List<AlertPublisher.Keyed> k) {
    return k.stream().map(AlertPublisher.Keyed::key).toList();
  }

  @Test
  void replayOfACommittedBatchIsSkipped() throws IOException {
    AlertLog log = new AlertLog(dir);
    log.append("s", 0, List.of(alert(1)), Instant.EPOCH);
    assertFalse(log.append("s", 0, List.of(alert(1)), Instant.EPOCH));
    assertEquals(2, Files.readAllLines(log.csvPath()).size());
    assertEquals(1, Files.readAllLines(log.jsonlPath()).size());
    // another stream (another checkpoint) has its own batch ids
    assertTrue(new AlertLog(dir).append("other", 0, List.of(alert(2)), Instant.EPOCH));
    assertEquals(2, Files.readAllLines(log.jsonlPath()).size());
  }

  @Test
  void uncommittedTailsOfAKilledAttemptAreDroppedBeforeTheRetry() throws IOException {
    AlertLog log = new AlertLog(dir);
    log.append("s", 0, List.of(alert(1)), Instant.EPOCH);
    // what a kill between the CSV and the JSONL write of batch 1 leaves: CSV rows, half a JSON line
    Files.writeString(log.csvPath(), AlertFormats.csvLine(alert(2)), StandardOpenOption.APPEND);
    Files.writeString(log.jsonlPath(), "{\"@timestamp\":\"20", StandardOpenOption.APPEND);
    assertTrue(new AlertLog(dir).append("s", 1, List.of(alert(2)), Instant.EPOCH));
    List<String> csv = Files.readAllLines(log.csvPath());
    assertEquals(List.of(AlertFormats.csvHeader().strip(), line(1), line(2)), csv);
    List<String> jsonl = Files.readAllLines(log.jsonlPath());
    assertEquals(2, jsonl.size());
    assertTrue(jsonl.get(1).contains("\"10.0.0.2\""));
  }

  @Test
  void aRotatedFileGetsAFreshHeader() throws IOException {
    AlertLog log = new AlertLog(dir);
    log.append("s", 0, List.of(alert(1)), Instant.EPOCH);
    Files.delete(log.csvPath());
    log.append("s", 1, List.of(alert(2)), Instant.EPOCH);
    assertEquals(
        List.of(AlertFormats.csvHeader().strip(), line(2)), Files.readAllLines(log.csvPath()));
  }

  private static String line(int i) {
    return AlertFormats.csvLine(alert(i)).strip();
  }

  @Test
  void aCsvWithTheLayoutBeforeAlertIdsIsMovedAsideNotMixed() throws IOException {
    Files.writeString(
        dir.resolve(AlertLog.CSV_FILE),
        "timestamp,src_ip,dst_ip,src_port,dst_port,protocol,score,level,model_version,top_features\n"
            + "2026-11-25T10:00:01Z,10.0.0.1,10.0.1.1,1001,80,6,0.8,red,v0,a=1 (typical 0..1)\n");
    AlertLog log = new AlertLog(dir);
    assertTrue(log.append("s", 0, List.of(alert(1)), Instant.EPOCH));
    List<String> csv = Files.readAllLines(log.csvPath());
    assertEquals(AlertFormats.csvHeader().strip(), csv.get(0));
    assertEquals(2, csv.size(), "a new file: " + csv);
    try (var old = Files.list(dir)) {
      List<Path> aside =
          old.filter(p -> p.getFileName().toString().startsWith("alerts.csv.old-")).toList();
      assertEquals(1, aside.size());
      assertEquals(2, Files.readAllLines(aside.get(0)).size(), "the old rows kept aside");
    }
  }

  @Test
  void incidentRecordsAndTheirStateCommitWithTheBatchAndAReplayDoesNotRepeatThem()
      throws IOException {
    AlertLog log = new AlertLog(dir).withIncidents("incident_id,status\n");
    java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, AlertLog.IncidentTail>
        step =
            prev -> {
              long n = prev == null ? 0 : prev.path("n").asLong();
              var state = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
              state.put("n", n + 1);
              return new AlertLog.IncidentTail("i" + n + ",open\n", "{\"n\":" + n + "}\n", state);
            };
    assertTrue(log.append("s", 0, List.of(alert(1)), Instant.EPOCH, step));
    assertTrue(log.append("s", 1, List.of(alert(2)), Instant.EPOCH, step));
    assertFalse(log.append("s", 1, List.of(alert(2)), Instant.EPOCH, step), "replay skipped");
    // a killed attempt of batch 2 left an incident line that was never committed
    Files.writeString(
        dir.resolve(AlertLog.INCIDENTS_CSV_FILE), "i9,open\n", StandardOpenOption.APPEND);
    assertTrue(
        new AlertLog(dir)
            .withIncidents("incident_id,status\n")
            .append("s", 2, List.of(), Instant.EPOCH, step));
    assertEquals(
        List.of("incident_id,status", "i0,open", "i1,open", "i2,open"),
        Files.readAllLines(dir.resolve(AlertLog.INCIDENTS_CSV_FILE)));
    assertEquals(3, Files.readAllLines(dir.resolve(AlertLog.INCIDENTS_JSONL_FILE)).size());
  }
}
