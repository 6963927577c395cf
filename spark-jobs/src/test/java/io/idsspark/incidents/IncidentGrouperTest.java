package io.idsspark.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.TopFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentGrouperTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  static Alert alert(
      double seconds, String src, String dst, Integer dport, String kind, String level) {
    return new Alert(
        T0.plusMillis(Math.round(seconds * 1000)).toString(),
        src,
        dst,
        40000 + (int) (seconds * 10) % 20000,
        dport,
        6,
        level.equals(Alert.RED) ? 0.8 : 0.65,
        level,
        "v1",
        List.of(
            new TopFeature("src_unanswered_share_60s", 0.99, 0, 0.02),
            new TopFeature("fwd_pkts_s", 1.0, 5, 50)),
        60L,
        2L,
        kind);
  }

  /** A flood from one source for 30 s, 100 s of silence, 10 s more; a second source meanwhile. */
  static List<Alert> campaign() {
    List<Alert> a = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      a.add(alert(i * 0.1, "10.0.0.5", "10.0.0.2", 80, Alert.BY_SOURCE, Alert.RED));
    }
    for (int i = 0; i < 100; i++) {
      a.add(alert(130 + i * 0.1, "10.0.0.5", "10.0.0.2", 80, Alert.BY_SOURCE, Alert.YELLOW));
    }
    for (int i = 0; i < 50; i++) {
      a.add(alert(5 + i, "10.0.0.7", "10.0.0." + (i % 10), 22, Alert.BY_SOURCE, Alert.YELLOW));
    }
    return a;
  }

  /** The batch path: each key's alerts in time order, then the end of the input. */
  static List<IncidentRecord> batch(List<Alert> alerts) {
    IncidentGrouper g = new IncidentGrouper(60, 120, false);
    List<Alert> sorted = new ArrayList<>(alerts);
    // the batch path's order: event time, then alert id
    sorted.sort(
        Comparator.comparing((Alert a) -> Instant.parse(a.timestamp()))
            .thenComparing(Alert::alertId));
    List<IncidentRecord> out = new ArrayList<>();
    for (Alert a : sorted) {
      out.addAll(g.add(a));
    }
    out.addAll(g.closeAll());
    return out;
  }

  @Test
  void aGapLongerThanTheLimitSplitsAKeysAlertsIntoTwoIncidents() {
    List<IncidentRecord> closed = batch(campaign());
    assertEquals(3, closed.size(), closed.toString());
    IncidentRecord first = closed.stream().filter(r -> r.alerts() == 300).findFirst().orElseThrow();
    assertEquals("source", first.keyKind());
    assertEquals("10.0.0.5", first.key());
    assertEquals("red", first.severity());
    assertEquals(300, first.redAlerts());
    assertEquals(T0.toString(), first.start());
    assertEquals(1, first.destinations());
    assertEquals(1, first.destinationPorts());
    assertEquals(300 * 60, first.bytes());
    assertEquals(Incident.FIRST_ALERT_IDS, first.firstAlertIds().size());
    assertEquals("src_unanswered_share_60s", first.topFeatures().get(0).name());
    assertEquals("high", first.topFeatures().get(0).direction());
    assertTrue(
        first.summary().startsWith("10.0.0.5 -> 1 host, 1 port: 300 alerts (300 red) in 30 s"),
        first.summary());
    assertTrue(first.summary().contains("src_unanswered_share_60s high in 100%"), first.summary());
    IncidentRecord scan = closed.stream().filter(r -> r.key().equals("10.0.0.7")).findFirst().get();
    assertEquals(50, scan.alerts());
    assertEquals(10, scan.destinations());
    // ten services, five alerts each: the first three by name, the rest counted
    assertTrue(
        scan.summary()
            .contains(
                "; 10.0.0.0:22/tcp 5, 10.0.0.1:22/tcp 5, 10.0.0.2:22/tcp 5 and 35 to other services;"),
        scan.summary());
    assertEquals("yellow", scan.severity());
  }

  @Test
  void theStreamInBatchesWithItsStateSavedGivesTheBatchPathsClosedIncidents() throws Exception {
    List<Alert> all = campaign();
    all.sort(Comparator.comparing((Alert a) -> Instant.parse(a.timestamp())));
    ObjectMapper json = new ObjectMapper();
    JsonNode state = null;
    List<IncidentRecord> records = new ArrayList<>();
    // micro-batches of 10 s of flows; the state goes through its JSON text between them
    for (int b = 0; b * 10 < 400; b++) {
      long from = b * 10_000L;
      long to = from + 10_000L;
      List<Alert> in = new ArrayList<>();
      for (Alert a : all) {
        long ms = Instant.parse(a.timestamp()).toEpochMilli() - T0.toEpochMilli();
        if (ms >= from && ms < to) {
          in.add(a);
        }
      }
      IncidentGrouper g = new IncidentGrouper(60, 120, true);
      g.restore(state);
      records.addAll(g.step(in, (T0.toEpochMilli() + to) * 1000));
      state = json.readTree(json.writeValueAsString(g.toState()));
    }
    List<IncidentRecord> closed =
        records.stream().filter(r -> r.status().equals(IncidentRecord.CLOSED)).toList();
    assertEquals(
        batch(all).stream().sorted(Comparator.comparing(IncidentRecord::start)).toList(),
        closed.stream().sorted(Comparator.comparing(IncidentRecord::start)).toList());
    // every incident: one open, then updates (at most one per batch), then one closed
    for (IncidentRecord c : closed) {
      List<String> statuses =
          records.stream()
              .filter(r -> r.incidentId().equals(c.incidentId()))
              .map(IncidentRecord::status)
              .toList();
      assertEquals("open", statuses.get(0), statuses.toString());
      assertEquals("closed", statuses.get(statuses.size() - 1), statuses.toString());
      assertTrue(statuses.subList(1, statuses.size() - 1).stream().allMatch("update"::equals));
    }
    // the first flood's updates: batches 1 and 2 added alerts (batch 0 opened it)
    String flood = closed.stream().filter(r -> r.alerts() == 300).findFirst().get().incidentId();
    assertEquals(
        List.of("open", "update", "update", "closed"),
        records.stream()
            .filter(r -> r.incidentId().equals(flood))
            .map(IncidentRecord::status)
            .toList());
  }

  @Test
  void alertsGroupedByServiceFormOneIncidentWithTheirSourcesCounted() {
    List<Alert> a = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      a.add(
          alert(
              i * 0.001,
              "10.203." + (i / 250) + "." + (i % 250),
              "10.0.0.2",
              80,
              Alert.BY_SERVICE,
              Alert.RED));
    }
    List<IncidentRecord> closed = batch(a);
    assertEquals(1, closed.size());
    assertEquals("service", closed.get(0).keyKind());
    assertEquals("10.0.0.2:80/tcp", closed.get(0).key());
    // HLL estimate of 5,000 distinct sources (lgK 10: a few percent)
    assertEquals(5000, closed.get(0).sources(), 250);
    assertTrue(closed.get(0).summary().startsWith("5,"), closed.get(0).summary());
  }

  @Test
  void theKeyRuleGroupsBySourceUnlessManySourcesEachSendLittleOrTheSourceIsNew() {
    assertEquals("service", IncidentKey.kindFor(5000, 1, 20000));
    assertEquals("source", IncidentKey.kindFor(5000, 15000, 20000), "one heavy source: by it");
    assertEquals("source", IncidentKey.kindFor(3, 2.5, 20000), "few sources: by source");
    assertEquals("service", IncidentKey.kindFor(2, 1, 3), "a source's first flow: by service");
    assertEquals("source", IncidentKey.kindFor(1, 1, 1), "the service's only source: by it");
    assertEquals("source", IncidentKey.kindFor(Double.NaN, Double.NaN, Double.NaN));
  }

  @Test
  void alertsWithoutAddressesAreKeyedUnknownAndCounted() {
    IncidentGrouper g = new IncidentGrouper(60, 120, true);
    List<IncidentRecord> r =
        g.step(
            List.of(
                alert(1, null, "10.0.0.2", 80, Alert.BY_SOURCE, Alert.RED),
                alert(2, "", "10.0.0.2", 80, Alert.BY_SOURCE, Alert.RED),
                alert(3, "10.0.0.9", null, null, Alert.BY_SERVICE, Alert.RED)),
            Long.MIN_VALUE);
    assertEquals(3, g.unknownKeyAlerts());
    assertEquals(2, r.size(), "one unknown source incident, one unknown service: " + r);
    assertTrue(r.stream().allMatch(x -> x.key().equals(IncidentKey.UNKNOWN)));
  }

  @Test
  void openIncidentsAreCappedByClosingTheOneSilentLongest() {
    IncidentGrouper g = new IncidentGrouper(600, 120, false);
    List<IncidentRecord> closed = new ArrayList<>();
    for (int i = 0; i <= IncidentGrouper.MAX_OPEN; i++) {
      closed.addAll(
          g.add(
              alert(
                  i * 0.01,
                  "10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255),
                  "10.0.0.2",
                  80,
                  Alert.BY_SOURCE,
                  Alert.RED)));
    }
    assertEquals(IncidentGrouper.MAX_OPEN, g.openCount());
    assertEquals(1, g.closedEarly());
    assertEquals("10.0.0.0", closed.get(0).key(), "the first (silent longest) was closed");
  }
}
