package io.idsspark.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every key of {@code config/ids.yml}, defined once: the sniffer, the jobs and the config table of
 * docs/config.md all use this registry. Add a key here and it is known to the loader, checked, and
 * documented.
 */
public final class ConfigKeys {
  private static final Map<String, ConfigKey<?>> KEYS = new LinkedHashMap<>();

  // --- sniffer and flows ---
  public static final ConfigKey<Integer> WINDOW_SECONDS =
      add(
          new ConfigKey<>(
              "window_seconds",
              ConfigKey.Kind.INT,
              10,
              "seconds per sniffer output file (rotation only; flows end by their timeouts)",
              v -> v > 0,
              "> 0"));
  public static final ConfigKey<String> BPF_FILTER =
      add(
          new ConfigKey<>(
              "bpf_filter",
              ConfigKey.Kind.STRING,
              "tcp or udp or icmp or icmp6",
              "BPF filter for live capture",
              null,
              null));
  public static final ConfigKey<String> IFACE =
      add(
          new ConfigKey<>(
              "iface", ConfigKey.Kind.STRING, "any", "interface for live capture", null, null));
  public static final ConfigKey<Double> ACTIVE_TIMEOUT_SECONDS =
      add(
          new ConfigKey<>(
              "active_timeout_seconds",
              ConfigKey.Kind.DOUBLE,
              120.0,
              "a flow is cut this long after its start (as CICFlowMeter)",
              v -> v > 0,
              "> 0"));
  public static final ConfigKey<Double> IDLE_TIMEOUT_SECONDS =
      add(
          new ConfigKey<>(
              "idle_timeout_seconds",
              ConfigKey.Kind.DOUBLE,
              10.0,
              "a flow ends after this long without packets",
              v -> v > 0,
              "> 0"));
  public static final ConfigKey<Integer> MAX_FLOWS_PER_FILE =
      add(
          new ConfigKey<>(
              "max_flows_per_file",
              ConfigKey.Kind.INT,
              100_000,
              "the sniffer starts a new flow file after this many flows",
              v -> v > 0,
              "> 0"));
  public static final ConfigKey<Integer> FLOW_TABLE_MAX_FLOWS =
      add(
          new ConfigKey<>(
              "flow_table_max_flows",
              ConfigKey.Kind.INT,
              1_000_000,
              "open flows kept in memory; beyond it the oldest are emitted early (end_reason=evicted)",
              v -> v > 0,
              "> 0"));
  public static final ConfigKey<String> FLOW_FORMAT =
      add(
          new ConfigKey<>(
              "flow_format",
              ConfigKey.Kind.STRING,
              "csv",
              "format of the sniffer's flow files: csv or jsonl",
              v -> v.equals("csv") || v.equals("jsonl"),
              "csv or jsonl"));

  // --- model ---
  public static final ConfigKey<String> FEATURE_SET =
      add(
          new ConfigKey<>(
              "feature_set",
              ConfigKey.Kind.STRING,
              "extended",
              "feature set for training: minimal or extended",
              v -> v.equals("minimal") || v.equals("extended"),
              "minimal or extended"));
  public static final ConfigKey<Double> CONTAMINATION =
      add(
          new ConfigKey<>(
              "contamination",
              ConfigKey.Kind.DOUBLE,
              0.02,
              "expected share of anomalies when training without labels",
              v -> v > 0 && v < 0.5,
              "between 0 and 0.5"));
  public static final ConfigKey<List<Double>> CONTAMINATION_GRID =
      add(
          new ConfigKey<>(
              "contamination_grid",
              ConfigKey.Kind.DOUBLE_LIST,
              List.of(0.005, 0.01, 0.02, 0.05),
              "contaminations tried by F1 calibration when training with labels",
              v -> !v.isEmpty() && v.stream().allMatch(x -> x > 0 && x < 0.5),
              "a non-empty list of values between 0 and 0.5"));
  public static final ConfigKey<Double> YELLOW_MAX_BENIGN_FPR =
      add(
          new ConfigKey<>(
              "yellow_max_benign_fpr",
              ConfigKey.Kind.DOUBLE,
              0.005,
              "with labels: yellow is never stricter than the score this share of benign"
                  + " validation flows reaches, so that attacks unlike the labelled ones are not"
                  + " left under a threshold fitted to those; 0 = F1 alone",
              v -> v >= 0 && v < 0.5,
              "0 (off) or between 0 and 0.5"));
  public static final ConfigKey<Integer> NUM_TREES =
      add(
          new ConfigKey<>(
              "num_trees", ConfigKey.Kind.INT, 100, "trees in the forest", v -> v > 0, "> 0"));
  public static final ConfigKey<Integer> MAX_SAMPLES =
      add(
          new ConfigKey<>(
              "max_samples", ConfigKey.Kind.INT, 256, "rows drawn per tree", v -> v > 1, "> 1"));

  // --- folders ---
  public static final ConfigKey<String> MODEL_DIR =
      add(
          new ConfigKey<>(
              "model_dir",
              ConfigKey.Kind.PATH,
              "models",
              "models root (holds LATEST and version folders); env IDS_MODEL_DIR",
              null,
              null));
  public static final ConfigKey<String> LOGS_DIR =
      add(
          new ConfigKey<>(
              "logs_dir",
              ConfigKey.Kind.PATH,
              "logs",
              "alerts.csv, alerts.jsonl, detect.log, each batch job's full log (<job>.log), quarantine;"
                  + " env IDS_LOGS_DIR",
              null,
              null));
  public static final ConfigKey<String> FLOWS_DIR =
      add(
          new ConfigKey<>(
              "flows_dir",
              ConfigKey.Kind.PATH,
              "data/flows",
              "where the sniffer writes flow files and detect watches; env IDS_FLOWS_DIR",
              null,
              null));

  // --- detection ---
  public static final ConfigKey<String> TRIGGER_INTERVAL =
      add(
          new ConfigKey<>(
              "trigger_interval",
              ConfigKey.Kind.STRING,
              "2s",
              "detect's micro-batch interval, e.g. 2s or 500ms",
              v -> v.matches("\\d+(ms|s|m)"),
              "a number with ms, s or m, e.g. 2s"));
  public static final ConfigKey<Integer> TOP_FEATURES =
      add(
          new ConfigKey<>(
              "top_features",
              ConfigKey.Kind.INT,
              3,
              "features named in each alert's explanation",
              v -> v > 0 && v <= 20,
              "1..20"));
  public static final ConfigKey<Integer> DETECT_WARMUP_FLOWS =
      add(
          new ConfigKey<>(
              "detect_warmup_flows",
              ConfigKey.Kind.INT,
              100000,
              "synthetic flows streaming detect runs through its batch path (no alerts written)"
                  + " before it starts watching, so the first files do not wait for JIT"
                  + " compilation; 0 = no warm-up",
              v -> v >= 0 && v <= 1_000_000,
              "0..1000000"));

  public static final ConfigKey<Integer> DETECT_STATE_PARTITIONS =
      add(
          new ConfigKey<>(
              "detect_state_partitions",
              ConfigKey.Kind.INT,
              0,
              "partitions of detect's per-host state (host context); fixed in the checkpoint at"
                  + " its first start; 0 = the cores Spark has when the stream first starts"
                  + " (Spark's default of 200 costs about a minute per micro-batch on 2 cores)",
              v -> v >= 0 && v <= 10_000,
              "0..10000"));

  public static final ConfigKey<Integer> DETECT_STATE_MEMORY_MB =
      add(
          new ConfigKey<>(
              "detect_state_memory_mb",
              ConfigKey.Kind.INT,
              500,
              "native memory that detect's per-host state (RocksDB: block cache and write"
                  + " buffers) may use in one executor, whatever the number of hosts; state beyond"
                  + " it stays on local disk; 0 = unbounded (Spark's default)",
              v -> v >= 0 && v <= 1_000_000,
              "0..1000000"));

  public static final ConfigKey<Integer> INCIDENT_GAP_SECONDS =
      add(
          new ConfigKey<>(
              "incident_gap_seconds",
              ConfigKey.Kind.INT,
              60,
              "an incident closes after this many seconds of event time without an alert of its"
                  + " key (docs/incidents.md)",
              v -> v >= 1 && v <= 86_400,
              "1..86400"));

  public static final ConfigKey<Integer> INCIDENT_LATENESS_SECONDS =
      add(
          new ConfigKey<>(
              "incident_lateness_seconds",
              ConfigKey.Kind.INT,
              120,
              "how far behind the newest flow start detect waits for an incident's late alerts"
                  + " before it closes it (flows are exported up to the active timeout after they"
                  + " start)",
              v -> v >= 0 && v <= 86_400,
              "0..86400"));

  public static final ConfigKey<Double> DRIFT_PSI_LEVEL =
      add(
          new ConfigKey<>(
              "drift_psi_level",
              ConfigKey.Kind.DOUBLE,
              0.25,
              "a model input whose population stability index against training passes this level"
                  + " has drifted (0.25: a major shift; docs/health.md)",
              v -> v > 0,
              "> 0"));

  public static final ConfigKey<Integer> DRIFT_WINDOW_SECONDS =
      add(
          new ConfigKey<>(
              "drift_window_seconds",
              ConfigKey.Kind.INT,
              120,
              "detect compares the flows of this many recent seconds with the model's training"
                  + " data",
              v -> v >= 1 && v <= 86_400,
              "1..86400"));

  public static final ConfigKey<Integer> DRIFT_SUSTAIN_SECONDS =
      add(
          new ConfigKey<>(
              "drift_sustain_seconds",
              ConfigKey.Kind.INT,
              30,
              "how long an input must stay above drift_psi_level before detect writes a drift"
                  + " record",
              v -> v >= 0 && v <= 86_400,
              "0..86400"));

  public static final ConfigKey<Integer> HEARTBEAT_SECONDS =
      add(
          new ConfigKey<>(
              "heartbeat_seconds",
              ConfigKey.Kind.INT,
              10,
              "detect writes a heartbeat line to health.jsonl after this many seconds without a"
                  + " batch; status calls a detector stalled after 60 s without a line",
              v -> v >= 1 && v <= 3_600,
              "1..3600"));

  private ConfigKeys() {}

  private static <T> ConfigKey<T> add(ConfigKey<T> key) {
    if (KEYS.put(key.name(), key) != null) {
      throw new IllegalStateException("duplicate config key " + key.name());
    }
    return key;
  }

  /** Every key, in documentation order. */
  public static Map<String, ConfigKey<?>> all() {
    return Collections.unmodifiableMap(KEYS);
  }

  public static Optional<ConfigKey<?>> byName(String name) {
    return Optional.ofNullable(KEYS.get(name));
  }

  public static Set<String> names() {
    return Collections.unmodifiableSet(KEYS.keySet());
  }

  /** The environment variable that overrides a path key, or empty. */
  public static Optional<String> envOverride(ConfigKey<?> key) {
    if (key == MODEL_DIR) {
      return Optional.of("IDS_MODEL_DIR");
    }
    if (key == LOGS_DIR) {
      return Optional.of("IDS_LOGS_DIR");
    }
    if (key == FLOWS_DIR) {
      return Optional.of("IDS_FLOWS_DIR");
    }
    return Optional.empty();
  }

  /**
   * Closest key name to a misspelt one (Levenshtein distance at most 3), for "did you mean" hints.
   */
  public static Optional<String> nearest(String typo) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : KEYS.keySet()) {
      int d = levenshtein(typo, name);
      if (d < bestDistance) {
        bestDistance = d;
        best = name;
      }
    }
    return bestDistance <= Math.max(3, typo.length() / 3)
        ? Optional.ofNullable(best)
        : Optional.empty();
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
