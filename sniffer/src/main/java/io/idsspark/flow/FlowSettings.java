package io.idsspark.flow;

import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;

/**
 * How flows are cut: active timeout (from the flow's first packet, as CICFlowMeter), idle timeout
 * and the cap on open flows. Times in microseconds, the unit of packet timestamps.
 *
 * @param activeTimeoutMicros a flow is cut when a packet arrives this long after the flow's start
 * @param idleTimeoutMicros a flow ends after this long without packets
 * @param maxFlows open flows kept; beyond it the least recently active is emitted (evicted)
 */
public record FlowSettings(long activeTimeoutMicros, long idleTimeoutMicros, int maxFlows)
    implements java.io.Serializable {

  /** CICFlowMeter's activity timeout, used only for the active/idle statistics. */
  public static final long ACTIVITY_TIMEOUT_MICROS = 5_000_000L;

  public FlowSettings {
    if (activeTimeoutMicros <= 0 || idleTimeoutMicros <= 0 || maxFlows <= 0) {
      throw new IllegalArgumentException("flow timeouts and maxFlows must be > 0");
    }
  }

  /** 120 s active, 10 s idle, 1,000,000 open flows: the config defaults. */
  public static FlowSettings defaults() {
    return new FlowSettings(
        seconds(ConfigKeys.ACTIVE_TIMEOUT_SECONDS.defaultValue()),
        seconds(ConfigKeys.IDLE_TIMEOUT_SECONDS.defaultValue()),
        ConfigKeys.FLOW_TABLE_MAX_FLOWS.defaultValue());
  }

  /**
   * From {@code active_timeout_seconds}, {@code idle_timeout_seconds}, {@code
   * flow_table_max_flows}.
   */
  public static FlowSettings from(IdsConfig config) {
    return new FlowSettings(
        seconds(config.get(ConfigKeys.ACTIVE_TIMEOUT_SECONDS)),
        seconds(config.get(ConfigKeys.IDLE_TIMEOUT_SECONDS)),
        config.get(ConfigKeys.FLOW_TABLE_MAX_FLOWS));
  }

  /** Same settings with another cap on open flows. */
  public FlowSettings withMaxFlows(int max) {
    return new FlowSettings(activeTimeoutMicros, idleTimeoutMicros, max);
  }

  private static long seconds(double s) {
    return Math.round(s * 1_000_000.0);
  }
}
