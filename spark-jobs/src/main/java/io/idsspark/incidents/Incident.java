package io.idsspark.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.TopFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * One incident while it is being built: the alerts of one key, added one at a time, in bounded
 * memory (counts, sums, three distinct-count sketches, a tally per feature and direction, the first
 * alert ids). The one implementation of an incident's numbers: the stream keeps it between
 * micro-batches (as JSON, {@link #toState}), the batch path runs it over each key's alerts.
 */
final class Incident {
  /** How many alert ids a record lists. */
  static final int FIRST_ALERT_IDS = 5;

  /** How many features a record lists. */
  static final int TOP_FEATURES = 3;

  /** Destination services counted by name at most; alerts to others count as "other". */
  static final int SERVICES = 16;

  private static final int LG_K = 10;

  final IncidentKey key;
  final String id;
  long startMicros;
  long endMicros;
  long alerts;
  long red;
  long bytes;
  long packets;
  double maxScore;
  final HllSketch sources;
  final HllSketch destinations;
  final HllSketch ports;
  final Map<String, FeatureTally> features;
  final List<String> firstAlertIds;

  /**
   * Alerts per destination service ({@code 10.0.0.2:80/tcp}), the first {@link #SERVICES} seen;
   * alerts to others are the rest of {@link #alerts}.
   */
  final Map<String, Long> services = new LinkedHashMap<>();

  /** Whether alerts were added since the last record written (stream: at most one per batch). */
  boolean changed;

  /** Whether its open record has been written (stream). */
  boolean announced;

  private Incident(
      IncidentKey key,
      String id,
      HllSketch sources,
      HllSketch destinations,
      HllSketch ports,
      Map<String, FeatureTally> features,
      List<String> firstAlertIds) {
    this.key = key;
    this.id = id;
    this.sources = sources;
    this.destinations = destinations;
    this.ports = ports;
    this.features = features;
    this.firstAlertIds = firstAlertIds;
  }

  /** A new incident of {@code key} starting with alert {@code first} (at {@code micros}). */
  static Incident start(IncidentKey key, Alert first, String firstAlertId, long micros) {
    Incident i =
        new Incident(
            key,
            incidentId(key, firstAlertId),
            sketch(),
            sketch(),
            sketch(),
            new LinkedHashMap<>(),
            new ArrayList<>());
    i.startMicros = micros;
    i.endMicros = micros;
    i.add(first, firstAlertId, micros);
    return i;
  }

  /** CONTRACTS: a hash of key kind, key and the first alert's id (16 hex digits of SHA-256). */
  static String incidentId(IncidentKey key, String firstAlertId) {
    return Alert.shortHash(key.kind() + "|" + key.key() + "|" + firstAlertId);
  }

  private static HllSketch sketch() {
    return new HllSketch(LG_K, TgtHllType.HLL_8);
  }

  /** Counts one alert of this incident's key. */
  void add(Alert a, String alertId, long micros) {
    startMicros = Math.min(startMicros, micros);
    endMicros = Math.max(endMicros, micros);
    alerts++;
    red += Alert.RED.equals(a.level()) ? 1 : 0;
    bytes += a.bytes() == null ? 0 : a.bytes();
    packets += a.packets() == null ? 0 : a.packets();
    maxScore = Math.max(maxScore, a.score());
    if (a.srcIp() != null) {
      sources.update(a.srcIp());
    }
    if (a.dstIp() != null) {
      destinations.update(a.dstIp());
    }
    if (a.dstPort() != null) {
      ports.update(a.dstPort().longValue());
    }
    for (int rank = 0; rank < a.topFeatures().size(); rank++) {
      TopFeature f = a.topFeatures().get(rank);
      String d = f.direction();
      String k = f.name() + " " + d;
      FeatureTally t = features.get(k);
      if (t == null) {
        t = new FeatureTally(f.name(), d, 0, 0, 0, f.typicalLow(), f.typicalHigh());
      }
      features.put(k, t.plus(rank, f.value() == null ? Double.NaN : f.value()));
    }
    String svc =
        a.dstIp() == null || a.dstPort() == null || a.protocol() == null
            ? IncidentKey.UNKNOWN
            : IncidentKey.service(a);
    if (services.containsKey(svc) || services.size() < SERVICES) {
      services.merge(svc, 1L, Long::sum);
    }
    if (firstAlertIds.size() < FIRST_ALERT_IDS) {
      firstAlertIds.add(alertId);
    }
    changed = true;
  }

  /**
   * The features most often named, most first (ties: the one named earlier in its alerts, then by
   * name and direction).
   */
  List<FeatureTally> topFeatures() {
    return features.values().stream()
        .sorted(
            Comparator.comparingLong(FeatureTally::alerts)
                .reversed()
                .thenComparingLong(FeatureTally::rankSum)
                .thenComparing(FeatureTally::name)
                .thenComparing(t -> String.valueOf(t.direction())))
        .limit(TOP_FEATURES)
        .toList();
  }

  /** The services with the most alerts, most first (ties: name), at most three. */
  List<Map.Entry<String, Long>> topServices() {
    return services.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .toList();
  }

  /** The incident as a record with this status. */
  IncidentRecord record(String status) {
    List<FeatureTally> top = topFeatures();
    long srcs = Math.round(sources.getEstimate());
    long dsts = Math.round(destinations.getEstimate());
    long dports = Math.round(ports.getEstimate());
    return new IncidentRecord(
        id,
        status,
        Instant.EPOCH.plusNanos(startMicros * 1000).toString(),
        Instant.EPOCH.plusNanos(endMicros * 1000).toString(),
        key.kind(),
        key.key(),
        red > 0 ? Alert.RED : Alert.YELLOW,
        alerts,
        red,
        srcs,
        dsts,
        dports,
        bytes,
        packets,
        maxScore,
        top,
        firstAlertIds,
        IncidentSummary.sentence(this, srcs, dsts, dports, top));
  }

  // ---- state (plain JSON; sketches in their own compact bytes, base64) ----

  ObjectNode toState() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("kind", key.kind());
    o.put("key", key.key());
    o.put("id", id);
    o.put("start_us", startMicros);
    o.put("end_us", endMicros);
    o.put("alerts", alerts);
    o.put("red", red);
    o.put("bytes", bytes);
    o.put("packets", packets);
    o.put("max_score", maxScore);
    o.put("changed", changed);
    o.put("announced", announced);
    Base64.Encoder b64 = Base64.getEncoder();
    o.put("sources", b64.encodeToString(sources.toCompactByteArray()));
    o.put("destinations", b64.encodeToString(destinations.toCompactByteArray()));
    o.put("ports", b64.encodeToString(ports.toCompactByteArray()));
    ArrayNode fs = o.putArray("features");
    for (FeatureTally t : features.values()) {
      ObjectNode f = fs.addObject();
      f.put("name", t.name());
      f.put("direction", t.direction());
      f.put("alerts", t.alerts());
      f.put("rank_sum", t.rankSum());
      f.put("sum", t.valueSum());
      f.put("low", t.typicalLow());
      f.put("high", t.typicalHigh());
    }
    ArrayNode ids = o.putArray("first_alert_ids");
    firstAlertIds.forEach(ids::add);
    ObjectNode svc = o.putObject("services");
    services.forEach(svc::put);
    return o;
  }

  static Incident fromState(JsonNode o) {
    Base64.Decoder b64 = Base64.getDecoder();
    Map<String, FeatureTally> fs = new LinkedHashMap<>();
    for (JsonNode f : o.path("features")) {
      String d = f.path("direction").isNull() ? null : f.path("direction").asText();
      FeatureTally t =
          new FeatureTally(
              f.path("name").asText(),
              d,
              f.path("alerts").asLong(),
              f.path("rank_sum").asLong(),
              f.path("sum").asDouble(),
              f.path("low").asDouble(Double.NaN),
              f.path("high").asDouble(Double.NaN));
      fs.put(t.name() + " " + d, t);
    }
    List<String> ids = new ArrayList<>();
    o.path("first_alert_ids").forEach(n -> ids.add(n.asText()));
    Incident i =
        new Incident(
            new IncidentKey(o.path("kind").asText(), o.path("key").asText()),
            o.path("id").asText(),
            HllSketch.heapify(b64.decode(o.path("sources").asText())),
            HllSketch.heapify(b64.decode(o.path("destinations").asText())),
            HllSketch.heapify(b64.decode(o.path("ports").asText())),
            fs,
            ids);
    i.startMicros = o.path("start_us").asLong();
    i.endMicros = o.path("end_us").asLong();
    i.alerts = o.path("alerts").asLong();
    i.red = o.path("red").asLong();
    i.bytes = o.path("bytes").asLong();
    i.packets = o.path("packets").asLong();
    i.maxScore = o.path("max_score").asDouble();
    i.changed = o.path("changed").asBoolean();
    i.announced = o.path("announced").asBoolean();
    o.path("services")
        .fields()
        .forEachRemaining(e -> i.services.put(e.getKey(), e.getValue().asLong()));
    return i;
  }
}
