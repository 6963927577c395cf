package io.idsspark.context;

import io.idsspark.flow.FlowSchema;
import java.util.Arrays;
import java.util.List;

/**
 * The host-context columns: for each flow, statistics of the flows around it that share its source
 * address ({@code src_*}) and of those that share its destination address, port and protocol
 * ({@code svc_*}, the service). The one definition of their names, units and meaning; the docs
 * table in {@code docs/schema.md} is made from it (ContextDocsTest).
 *
 * <p>"Over 2 s" and "over 60 s" are exponentially damped sums with that time constant (a flow
 * {@code d} seconds old weighs {@code exp(-d / tau)}), which is what a count over the last tau
 * seconds is at a steady rate, kept in O(1) memory per host and computed the same way in batch and
 * stream. Distinct counts cover the current and the previous 30-s epoch (30 to 60 s of history), an
 * exact set that becomes a HyperLogLog sketch (Apache DataSketches, lgK 10, about 3% error) when it
 * grows.
 */
public enum ContextColumn {
  SRC_FLOWS_2S(Key.SOURCE, "flows", "flows from this source address, damped over 2 s"),
  SRC_FLOWS_60S(Key.SOURCE, "flows", "flows from this source address, damped over 60 s"),
  SRC_DST_HOSTS_60S(Key.SOURCE, "hosts", "distinct destination addresses of this source, 30-60 s"),
  SRC_DST_PORTS_60S(Key.SOURCE, "ports", "distinct destination ports of this source, 30-60 s"),
  SRC_UNANSWERED_SHARE_60S(
      Key.SOURCE,
      "share",
      "share of this source's flows with no backward packet, damped over 60 s"),
  SRC_RST_SHARE_60S(
      Key.SOURCE, "share", "share of this source's flows with a RST, damped over 60 s"),
  SRC_FWD_PKTS_MEAN_60S(
      Key.SOURCE, "packets", "mean forward packets of this source's flows, damped over 60 s"),
  SRC_FWD_BYTES_MEAN_60S(
      Key.SOURCE, "bytes", "mean forward payload bytes of this source's flows, damped over 60 s"),
  SRC_FWD_BYTES_CV_60S(
      Key.SOURCE,
      "ratio",
      "spread of this source's forward payload bytes (coefficient of variation, damped over 60 s, from 1 for few flows; near 0: a tool repeating itself)"),
  SRC_BWD_BYTES_CV_60S(
      Key.SOURCE,
      "ratio",
      "spread of the backward payload bytes of this source's flows (as forward; near 0: the same answer every time, e.g. a refused login)"),
  SRC_SAME_ANSWER_2S(
      Key.SOURCE,
      "flows",
      "this source's TCP flows in a row that got the same answer as the one before (destination port and backward payload bytes, above 0), damped over 2 s: a login loop's refusal repeated; about 1 for a client fetching pages"),
  SVC_FLOWS_2S(
      Key.SERVICE, "flows", "flows to this destination address+port+protocol, damped over 2 s"),
  SVC_FLOWS_60S(Key.SERVICE, "flows", "flows to this service, damped over 60 s"),
  SVC_SRC_HOSTS_60S(
      Key.SERVICE, "hosts", "distinct source addresses of this service's flows, 30-60 s"),
  SVC_UNANSWERED_SHARE_60S(
      Key.SERVICE,
      "share",
      "share of this service's flows with no backward packet, damped over 60 s"),
  SVC_RST_SHARE_60S(
      Key.SERVICE, "share", "share of this service's flows with a RST, damped over 60 s"),
  SVC_FWD_PKTS_MEAN_60S(
      Key.SERVICE, "packets", "mean forward packets of this service's flows, damped over 60 s"),
  SVC_FWD_BYTES_MEAN_60S(
      Key.SERVICE, "bytes", "mean forward payload bytes of this service's flows, damped over 60 s"),
  SVC_FWD_BYTES_CV_60S(
      Key.SERVICE, "ratio", "spread of this service's forward payload bytes (as for the source)"),
  SVC_BWD_BYTES_CV_60S(
      Key.SERVICE, "ratio", "spread of this service's backward payload bytes (as for the source)"),
  SVC_SAME_ANSWER_2S(
      Key.SERVICE,
      "flows",
      "this service's TCP flows in a row that got the same answer (as for the source): a login loop from one address or many");

  /** Which flows a column's statistics are over. */
  public enum Key {
    /** Flows with the same source address; distinct destination addresses and ports. */
    SOURCE(List.of(FlowSchema.SRC_IP), List.of(FlowSchema.DST_IP, FlowSchema.DST_PORT)),
    /** Flows with the same destination address, port and protocol; distinct source addresses. */
    SERVICE(
        List.of(FlowSchema.DST_IP, FlowSchema.DST_PORT, FlowSchema.PROTOCOL),
        List.of(FlowSchema.SRC_IP));

    /** The columns that make the key. */
    final List<String> columns;

    /** The columns whose distinct values the host counts, one HLL dimension each. */
    final List<String> peers;

    Key(List<String> columns, List<String> peers) {
      this.columns = columns;
      this.peers = peers;
    }
  }

  private final Key key;
  private final String unit;
  private final String description;

  ContextColumn(Key key, String unit, String description) {
    this.key = key;
    this.unit = unit;
    this.description = description;
  }

  /** The column name: the constant in lower case, e.g. {@code src_flows_2s}. */
  public String columnName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public Key key() {
    return key;
  }

  public String unit() {
    return unit;
  }

  public String description() {
    return description;
  }

  /** The columns of one key, in declaration order (the order {@link HostState} writes them). */
  public static List<ContextColumn> of(Key key) {
    return Arrays.stream(values()).filter(c -> c.key == key).toList();
  }

  /** Every context column name, source columns first. */
  public static List<String> names() {
    return Arrays.stream(values()).map(ContextColumn::columnName).toList();
  }

  /** Whether a feature name is a context column. */
  public static boolean isContext(String name) {
    return names().contains(name);
  }
}
