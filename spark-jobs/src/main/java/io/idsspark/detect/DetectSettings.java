package io.idsspark.detect;

import io.idsspark.config.ConfigKeys;
import java.nio.file.Path;

/**
 * What to watch and where to write.
 *
 * @param flowsDir folder the sniffer fills
 * @param flowFormat {@code csv} or {@code jsonl}
 * @param alertsDir where alerts.csv and alerts.jsonl go
 * @param logsDir where detect.log and quarantine/ go
 * @param checkpointDir Spark checkpoint of the stream
 * @param triggerMillis micro-batch interval; 0 = process what is there, then stop (AvailableNow)
 * @param maxFilesPerTrigger files per micro-batch at most; 0 = no limit
 * @param topFeatures features named in each alert
 * @param statePartitions partitions of the per-host state (0 = Spark's cores at first start)
 * @param stateMemoryMb native memory cap of the per-host state per executor (0 = unbounded)
 * @param incidentGapSeconds silence that closes an incident
 * @param incidentLatenessSeconds how far behind the newest flow incidents wait for late alerts
 * @param kafka the Kafka topic to read instead of {@code flowsDir}; null: the folder
 */
public record DetectSettings(
    Path flowsDir,
    String flowFormat,
    Path alertsDir,
    Path logsDir,
    Path checkpointDir,
    long triggerMillis,
    int maxFilesPerTrigger,
    int topFeatures,
    int statePartitions,
    int stateMemoryMb,
    int incidentGapSeconds,
    int incidentLatenessSeconds,
    KafkaSource kafka) {

  /** Settings that read the flow folder, with the incident defaults of the config keys. */
  public DetectSettings(
      Path flowsDir,
      String flowFormat,
      Path alertsDir,
      Path logsDir,
      Path checkpointDir,
      long triggerMillis,
      int maxFilesPerTrigger,
      int topFeatures,
      int statePartitions,
      int stateMemoryMb) {
    this(
        flowsDir,
        flowFormat,
        alertsDir,
        logsDir,
        checkpointDir,
        triggerMillis,
        maxFilesPerTrigger,
        topFeatures,
        statePartitions,
        stateMemoryMb,
        ConfigKeys.INCIDENT_GAP_SECONDS.defaultValue(),
        ConfigKeys.INCIDENT_LATENESS_SECONDS.defaultValue(),
        null);
  }

  /**
   * A Kafka topic of flow records (JSON, the flow schema's field names) to read: the broker list,
   * the topic, and at most how many messages a micro-batch takes (0 = all that are there).
   */
  public record KafkaSource(String bootstrap, String topic, long maxOffsetsPerTrigger) {}
}
