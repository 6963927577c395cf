package io.idsspark.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.Alert;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns alerts into incidents: the alerts of one key ({@link IncidentKey}) belong to one incident
 * while each comes within the gap of the one before (event time: the alert's flow start); a longer
 * silence closes it. The stream calls {@link #step} once per micro-batch and keeps the grouper's
 * {@link #toState state} with its committed output; the batch path feeds each key's alerts in time
 * order and calls {@link #closeAll} at the end. Both use {@link Incident} for the numbers, so the
 * closed records agree.
 *
 * <p>In the stream an incident closes when the newest flow start seen, less the allowed lateness,
 * is more than the gap past its last alert; records: {@code open} when it starts, {@code update} at
 * most once per micro-batch when it grew, {@code closed} once. At most {@link #MAX_OPEN} incidents
 * are open: beyond it the one silent longest is closed early (counted), so state stays bounded
 * whatever arrives.
 */
public final class IncidentGrouper {
  /** Open incidents kept at most; the state is rewritten with every micro-batch's commit. */
  public static final int MAX_OPEN = 10_000;

  private static final int STATE_VERSION = 1;

  private final boolean stream;
  private final long gapMicros;
  private final long latenessMicros;
  // sorted by key, so that records come out in the same order whatever the arrival order
  private static final Comparator<IncidentKey> BY_KEY =
      Comparator.comparing(IncidentKey::kind).thenComparing(IncidentKey::key);
  private final Map<IncidentKey, Incident> open = new TreeMap<>(BY_KEY);
  // the same incidents by their last alert (then key): the one silent longest is first, found in
  // O(log n) when the cap is reached (a scan of 10,000 per new key would be 10^10 steps under a
  // spoofed flood keyed by source); an incident is taken out while its end moves
  private final NavigableSet<Incident> bySilence =
      new TreeSet<>(
          Comparator.comparingLong((Incident i) -> i.endMicros).thenComparing(i -> i.key, BY_KEY));
  private long maxEventMicros = Long.MIN_VALUE;
  private long unknownKeyAlerts;
  private long closedEarly;

  /**
   * @param gapSeconds silence that closes an incident ({@code incident_gap_seconds})
   * @param latenessSeconds how far behind the newest flow the stream waits for late alerts
   * @param stream whether records are written as they change ({@link #step}: open, update, closed)
   *     or only when closed (the batch path)
   */
  public IncidentGrouper(long gapSeconds, long latenessSeconds, boolean stream) {
    this.stream = stream;
    this.gapMicros = gapSeconds * 1_000_000L;
    this.latenessMicros = latenessSeconds * 1_000_000L;
  }

  /** Alerts whose key was unknown (no address), since the state began. */
  public long unknownKeyAlerts() {
    return unknownKeyAlerts;
  }

  /** Incidents closed before their gap because {@link #MAX_OPEN} were open. */
  public long closedEarly() {
    return closedEarly;
  }

  public int openCount() {
    return open.size();
  }

  /**
   * One micro-batch: its alerts (in time order, then alert id) and the newest flow start of the
   * batch (alerts or not; {@code Long.MIN_VALUE} when unknown) advance the incidents.
   *
   * @return the records to write, in order
   */
  public List<IncidentRecord> step(List<Alert> alerts, long newestFlowMicros) {
    List<IncidentRecord> out = new ArrayList<>();
    for (Timed t : sorted(alerts)) {
      add(t, out);
    }
    maxEventMicros = Math.max(maxEventMicros, newestFlowMicros);
    long watermark =
        maxEventMicros == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventMicros - latenessMicros;
    List<IncidentKey> closing = new ArrayList<>();
    for (Map.Entry<IncidentKey, Incident> e : open.entrySet()) {
      Incident i = e.getValue();
      if (!i.announced) {
        out.add(i.record(IncidentRecord.OPEN));
        i.announced = true;
      } else if (i.changed) {
        out.add(i.record(IncidentRecord.UPDATE));
      }
      i.changed = false;
      if (watermark != Long.MIN_VALUE && i.endMicros + gapMicros < watermark) {
        closing.add(e.getKey());
      }
    }
    for (IncidentKey k : closing) {
      close(remove(k), out);
    }
    return out;
  }

  /**
   * Adds one alert (batch path: each key's alerts in time order); returns the records of any
   * incident it closed (the key's previous one, when the gap had passed).
   */
  public List<IncidentRecord> add(Alert a) {
    List<IncidentRecord> out = new ArrayList<>();
    add(timed(a), out);
    return out;
  }

  /** Closes every open incident (the end of a batch input), in key order. */
  public List<IncidentRecord> closeAll() {
    List<IncidentRecord> out = new ArrayList<>();
    for (Incident i : open.values()) {
      close(i, out);
    }
    open.clear();
    bySilence.clear();
    return out;
  }

  /**
   * The closed record; in the stream preceded by the open record when the incident opened and
   * closed within one micro-batch (every incident of the stream has both).
   */
  private void close(Incident i, List<IncidentRecord> out) {
    if (stream && !i.announced) {
      out.add(i.record(IncidentRecord.OPEN));
    }
    out.add(i.record(IncidentRecord.CLOSED));
  }

  /** Adds an alert, closing the key's previous incident when the gap has passed. */
  private void add(Timed t, List<IncidentRecord> out) {
    IncidentKey key = IncidentKey.of(t.alert);
    if (key.unknown()) {
      unknownKeyAlerts++;
    }
    maxEventMicros = Math.max(maxEventMicros, t.micros);
    Incident i = open.get(key);
    if (i != null && t.micros <= i.endMicros + gapMicros) {
      bySilence.remove(i);
      i.add(t.alert, t.id, t.micros);
      bySilence.add(i);
      return;
    }
    if (i != null) {
      close(remove(key), out);
    }
    if (open.size() >= MAX_OPEN) {
      close(remove(bySilence.first().key), out);
      closedEarly++;
    }
    put(Incident.start(key, t.alert, t.id, t.micros));
  }

  private void put(Incident i) {
    open.put(i.key, i);
    bySilence.add(i);
  }

  private Incident remove(IncidentKey key) {
    Incident i = open.remove(key);
    bySilence.remove(i);
    return i;
  }

  /** An alert with its event time and id, computed once. */
  private record Timed(Alert alert, long micros, String id) {}

  private Timed timed(Alert a) {
    return new Timed(a, micros(a.timestamp(), maxEventMicros), a.alertId());
  }

  private List<Timed> sorted(List<Alert> alerts) {
    List<Timed> ts = new ArrayList<>(alerts.size());
    for (Alert a : alerts) {
      ts.add(timed(a));
    }
    ts.sort(Comparator.comparingLong(Timed::micros).thenComparing(Timed::id));
    return ts;
  }

  /**
   * Microseconds since the epoch of an ISO-8601 instant; an alert whose time cannot be read takes
   * the newest time seen (it is grouped, not dropped), or 0.
   */
  static long micros(String iso, long fallback) {
    try {
      Instant t = Instant.parse(iso);
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (DateTimeParseException | NullPointerException | ArithmeticException e) {
      return fallback == Long.MIN_VALUE ? 0 : fallback;
    }
  }

  // ---- state ----

  /** The grouper's state as plain JSON (open incidents and counters). */
  public ObjectNode toState() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("format_version", STATE_VERSION);
    o.put("max_event_us", maxEventMicros);
    o.put("unknown_key_alerts", unknownKeyAlerts);
    o.put("closed_early", closedEarly);
    ArrayNode a = o.putArray("open");
    for (Incident i : open.values()) {
      a.add(i.toState());
    }
    return o;
  }

  /**
   * Restores {@link #toState} output (null or a missing node: a fresh grouper).
   *
   * @throws IllegalArgumentException naming the unknown format version
   */
  public void restore(JsonNode state) {
    open.clear();
    bySilence.clear();
    if (state == null || state.isMissingNode() || state.isNull()) {
      return;
    }
    int v = state.path("format_version").asInt(-1);
    if (v != STATE_VERSION) {
      throw new IllegalArgumentException("incident state format_version " + v + " is unknown");
    }
    maxEventMicros = state.path("max_event_us").asLong(Long.MIN_VALUE);
    unknownKeyAlerts = state.path("unknown_key_alerts").asLong();
    closedEarly = state.path("closed_early").asLong();
    for (JsonNode n : state.path("open")) {
      put(Incident.fromState(n));
    }
  }
}
