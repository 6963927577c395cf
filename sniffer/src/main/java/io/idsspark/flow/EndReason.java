package io.idsspark.flow;

import java.util.Locale;

/** Why a flow was closed; written in the {@code end_reason} column. */
public enum EndReason {
  /** No packet for {@code idle_timeout_seconds}. */
  IDLE,
  /** A packet arrived more than {@code active_timeout_seconds} after the flow's start. */
  ACTIVE,
  /** TCP: both sides sent FIN (closed on the packet after the second FIN, or when idle). */
  FIN,
  /** TCP: a packet with RST (included in the flow). */
  RST,
  /** End of the capture file (or of a live capture). */
  EOF,
  /** Emitted early because the flow table reached {@code flow_table_max_flows}. */
  EVICTED;

  /** The column value, e.g. {@code idle}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
