package io.idsspark.flow;

import static io.idsspark.flow.FlowColumn.ColumnType.DOUBLE;
import static io.idsspark.flow.FlowColumn.ColumnType.INT;
import static io.idsspark.flow.FlowColumn.ColumnType.LONG;
import static io.idsspark.flow.FlowColumn.ColumnType.STRING;
import static io.idsspark.flow.FlowColumn.ColumnType.TIMESTAMP;
import static io.idsspark.flow.FlowColumn.Role.EXTENDED;
import static io.idsspark.flow.FlowColumn.Role.IDENTITY;
import static io.idsspark.flow.FlowColumn.Role.LABEL;
import static io.idsspark.flow.FlowColumn.Role.META;
import static io.idsspark.flow.FlowColumn.Role.MINIMAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flow schema, defined once: every flow file the sniffer writes, every table {@code generate}
 * and {@code prepare-cic} produce, and every row {@code train}, {@code score} and {@code detect}
 * read has these columns in this order. The column table of docs/schema.md is checked against this
 * class by a test.
 *
 * <p>Feature names are the snake_case of the CSE-CIC-IDS2018 column names ({@code Tot Fwd Pkts} ->
 * {@code tot_fwd_pkts}) and keep CICFlowMeter's meaning (payload bytes for lengths,
 * transport-header bytes for header lengths, sample standard deviations), with one change of unit:
 * every time is in seconds, not microseconds.
 */
public final class FlowSchema {

  /** Identity column names, in file order. */
  public static final String TIMESTAMP_COL = "timestamp";

  public static final String SRC_IP = "src_ip";
  public static final String DST_IP = "dst_ip";
  public static final String SRC_PORT = "src_port";
  public static final String DST_PORT = "dst_port";
  public static final String PROTOCOL = "protocol";
  public static final String LABEL_COL = "label";
  public static final String ATTACK_TYPE = "attack_type";
  public static final String END_REASON = "end_reason";

  /** Identity columns first in the original tool's alert order. */
  public static final List<String> IDENTITY_COLUMNS =
      List.of(TIMESTAMP_COL, SRC_IP, DST_IP, SRC_PORT, DST_PORT, PROTOCOL);

  private static final List<FlowColumn> COLUMNS;
  private static final Map<String, FlowColumn> BY_NAME;

  static {
    List<FlowColumn> c = new ArrayList<>();
    // identity
    c.add(
        col(
            TIMESTAMP_COL,
            TIMESTAMP,
            IDENTITY,
            "",
            "Timestamp",
            false,
            "flow start, ISO-8601 UTC"));
    c.add(
        col(
            SRC_IP,
            STRING,
            IDENTITY,
            "",
            "Src IP",
            true,
            "source address: sender of the first packet"));
    c.add(col(DST_IP, STRING, IDENTITY, "", "Dst IP", true, "destination address"));
    c.add(
        col(
            SRC_PORT,
            INT,
            IDENTITY,
            "",
            "Src Port",
            true,
            "source port; 0 when the protocol has none"));
    c.add(col(DST_PORT, INT, IDENTITY, "", "Dst Port", true, "destination port; 0 when none"));
    c.add(
        col(
            PROTOCOL,
            INT,
            IDENTITY,
            "",
            "Protocol",
            false,
            "IANA protocol number (6 TCP, 17 UDP, 1 ICMP)"));
    // minimal features
    c.add(
        feat(
            "flow_duration",
            DOUBLE,
            MINIMAL,
            "s",
            "Flow Duration",
            true,
            "last packet time - first"));
    c.add(feat("tot_fwd_pkts", LONG, MINIMAL, "packets", "Tot Fwd Pkts", true, "packets forward"));
    c.add(feat("tot_bwd_pkts", LONG, MINIMAL, "packets", "Tot Bwd Pkts", true, "packets backward"));
    c.add(
        feat(
            "totlen_fwd_pkts",
            LONG,
            MINIMAL,
            "bytes",
            "TotLen Fwd Pkts",
            true,
            "payload bytes fwd"));
    c.add(
        feat(
            "totlen_bwd_pkts",
            LONG,
            MINIMAL,
            "bytes",
            "TotLen Bwd Pkts",
            true,
            "payload bytes bwd"));
    c.add(
        feat(
            "fwd_pkt_len_mean",
            DOUBLE,
            MINIMAL,
            "bytes",
            "Fwd Pkt Len Mean",
            true,
            "mean payload fwd"));
    c.add(
        feat(
            "bwd_pkt_len_mean",
            DOUBLE,
            MINIMAL,
            "bytes",
            "Bwd Pkt Len Mean",
            true,
            "mean payload bwd"));
    c.add(
        feat(
            "flow_byts_s",
            DOUBLE,
            MINIMAL,
            "bytes/s",
            "Flow Byts/s",
            true,
            "payload bytes / duration; 0 when duration is 0 (CIC: Infinity/NaN)"));
    c.add(
        feat(
            "flow_pkts_s",
            DOUBLE,
            MINIMAL,
            "packets/s",
            "Flow Pkts/s",
            true,
            "packets / duration; 0 when duration is 0 (CIC: Infinity)"));
    c.add(
        feat(
            "flow_iat_mean",
            DOUBLE,
            MINIMAL,
            "s",
            "Flow IAT Mean",
            true,
            "mean gap, both directions"));
    c.add(
        feat(
            "pkt_len_mean",
            DOUBLE,
            MINIMAL,
            "bytes",
            "Pkt Len Mean",
            true,
            "mean payload, both dirs"));
    // extended features: packet sizes
    c.add(
        feat(
            "fwd_pkt_len_max",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Fwd Pkt Len Max",
            true,
            "max payload fwd"));
    c.add(
        feat(
            "fwd_pkt_len_min",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Fwd Pkt Len Min",
            true,
            "min payload fwd"));
    c.add(
        feat(
            "fwd_pkt_len_std",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Fwd Pkt Len Std",
            true,
            "sample std fwd"));
    c.add(
        feat(
            "bwd_pkt_len_max",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Bwd Pkt Len Max",
            true,
            "max payload bwd"));
    c.add(
        feat(
            "bwd_pkt_len_min",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Bwd Pkt Len Min",
            true,
            "min payload bwd"));
    c.add(
        feat(
            "bwd_pkt_len_std",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Bwd Pkt Len Std",
            true,
            "sample std bwd"));
    c.add(
        feat(
            "pkt_len_min",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Pkt Len Min",
            true,
            "min payload, both dirs"));
    c.add(
        feat(
            "pkt_len_max",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Pkt Len Max",
            true,
            "max payload, both dirs"));
    c.add(
        feat(
            "pkt_len_std",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Pkt Len Std",
            true,
            "sample std, both dirs"));
    c.add(feat("pkt_len_var", DOUBLE, EXTENDED, "bytes^2", "Pkt Len Var", true, "sample variance"));
    c.add(
        feat(
            "pkt_size_avg",
            DOUBLE,
            EXTENDED,
            "bytes",
            "Pkt Size Avg",
            true,
            "payload sum / packets"));
    c.add(
        feat(
            "fwd_seg_size_avg", DOUBLE, EXTENDED, "bytes", "Fwd Seg Size Avg", true, "= fwd mean"));
    c.add(
        feat(
            "bwd_seg_size_avg", DOUBLE, EXTENDED, "bytes", "Bwd Seg Size Avg", true, "= bwd mean"));
    c.add(
        feat(
            "fwd_seg_size_min",
            LONG,
            EXTENDED,
            "bytes",
            "Fwd Seg Size Min",
            true,
            "minimum transport-header length forward (CIC's name, not a payload size)"));
    c.add(
        feat(
            "fwd_header_len",
            LONG,
            EXTENDED,
            "bytes",
            "Fwd Header Len",
            true,
            "transport headers fwd"));
    c.add(
        feat(
            "bwd_header_len",
            LONG,
            EXTENDED,
            "bytes",
            "Bwd Header Len",
            true,
            "transport headers bwd"));
    c.add(
        feat(
            "fwd_act_data_pkts",
            LONG,
            EXTENDED,
            "packets",
            "Fwd Act Data Pkts",
            true,
            "forward packets after the first with >= 1 payload byte"));
    c.add(
        feat(
            "down_up_ratio",
            DOUBLE,
            EXTENDED,
            "",
            "Down/Up Ratio",
            true,
            "tot_bwd_pkts / tot_fwd_pkts, integer division as CIC"));
    // extended features: rates
    c.add(
        feat(
            "fwd_pkts_s",
            DOUBLE,
            EXTENDED,
            "packets/s",
            "Fwd Pkts/s",
            true,
            "0 when duration is 0"));
    c.add(
        feat(
            "bwd_pkts_s",
            DOUBLE,
            EXTENDED,
            "packets/s",
            "Bwd Pkts/s",
            true,
            "0 when duration is 0"));
    // extended features: inter-arrival times
    c.add(feat("flow_iat_std", DOUBLE, EXTENDED, "s", "Flow IAT Std", true, "sample std of gaps"));
    c.add(feat("flow_iat_max", DOUBLE, EXTENDED, "s", "Flow IAT Max", true, "largest gap"));
    c.add(feat("flow_iat_min", DOUBLE, EXTENDED, "s", "Flow IAT Min", true, "smallest gap"));
    c.add(feat("fwd_iat_tot", DOUBLE, EXTENDED, "s", "Fwd IAT Tot", true, "sum of fwd gaps"));
    c.add(feat("fwd_iat_mean", DOUBLE, EXTENDED, "s", "Fwd IAT Mean", true, "mean fwd gap"));
    c.add(feat("fwd_iat_std", DOUBLE, EXTENDED, "s", "Fwd IAT Std", true, "sample std fwd gaps"));
    c.add(feat("fwd_iat_max", DOUBLE, EXTENDED, "s", "Fwd IAT Max", true, "largest fwd gap"));
    c.add(feat("fwd_iat_min", DOUBLE, EXTENDED, "s", "Fwd IAT Min", true, "smallest fwd gap"));
    c.add(feat("bwd_iat_tot", DOUBLE, EXTENDED, "s", "Bwd IAT Tot", true, "sum of bwd gaps"));
    c.add(feat("bwd_iat_mean", DOUBLE, EXTENDED, "s", "Bwd IAT Mean", true, "mean bwd gap"));
    c.add(feat("bwd_iat_std", DOUBLE, EXTENDED, "s", "Bwd IAT Std", true, "sample std bwd gaps"));
    c.add(feat("bwd_iat_max", DOUBLE, EXTENDED, "s", "Bwd IAT Max", true, "largest bwd gap"));
    c.add(feat("bwd_iat_min", DOUBLE, EXTENDED, "s", "Bwd IAT Min", true, "smallest bwd gap"));
    // extended features: activity (CIC activity timeout 5 s)
    c.add(feat("active_mean", DOUBLE, EXTENDED, "s", "Active Mean", true, "mean active period"));
    c.add(
        feat("active_std", DOUBLE, EXTENDED, "s", "Active Std", true, "sample std active periods"));
    c.add(feat("active_max", DOUBLE, EXTENDED, "s", "Active Max", true, "longest active period"));
    c.add(feat("active_min", DOUBLE, EXTENDED, "s", "Active Min", true, "shortest active period"));
    c.add(feat("idle_mean", DOUBLE, EXTENDED, "s", "Idle Mean", true, "mean idle gap (> 5 s)"));
    c.add(feat("idle_std", DOUBLE, EXTENDED, "s", "Idle Std", true, "sample std idle gaps"));
    c.add(feat("idle_max", DOUBLE, EXTENDED, "s", "Idle Max", true, "longest idle gap"));
    c.add(feat("idle_min", DOUBLE, EXTENDED, "s", "Idle Min", true, "shortest idle gap"));
    // extended features: TCP window (null for UDP/ICMP and where CIC wrote -1)
    c.add(
        feat(
            "init_fwd_win_byts",
            LONG,
            EXTENDED,
            "bytes",
            "Init Fwd Win Byts",
            true,
            "TCP window of the first fwd packet; null if none"));
    c.add(
        feat(
            "init_bwd_win_byts",
            LONG,
            EXTENDED,
            "bytes",
            "Init Bwd Win Byts",
            false,
            "TCP window of the first bwd packet; null if none (CIC 2018 kept the last one)"));
    // extended features: TCP flags counted on every packet (CICFlowMeter's current meaning)
    String every =
        "packets with %s set, every packet counted (CIC 2018: first packet only, permuted)";
    c.add(
        feat(
            "fin_flag_cnt",
            LONG,
            EXTENDED,
            "packets",
            "FIN Flag Cnt",
            false,
            every.formatted("FIN")));
    c.add(
        feat(
            "syn_flag_cnt",
            LONG,
            EXTENDED,
            "packets",
            "SYN Flag Cnt",
            false,
            every.formatted("SYN")));
    c.add(
        feat(
            "rst_flag_cnt",
            LONG,
            EXTENDED,
            "packets",
            "RST Flag Cnt",
            false,
            every.formatted("RST")));
    c.add(
        feat(
            "psh_flag_cnt",
            LONG,
            EXTENDED,
            "packets",
            "PSH Flag Cnt",
            false,
            every.formatted("PSH")));
    c.add(
        feat(
            "ack_flag_cnt",
            LONG,
            EXTENDED,
            "packets",
            "ACK Flag Cnt",
            false,
            every.formatted("ACK")));
    c.add(
        feat(
            "urg_flag_cnt",
            LONG,
            EXTENDED,
            "packets",
            "URG Flag Cnt",
            false,
            every.formatted("URG")));
    c.add(
        feat(
            "cwe_flag_count",
            LONG,
            EXTENDED,
            "packets",
            "CWE Flag Count",
            false,
            every.formatted("CWR")));
    c.add(
        feat(
            "ece_flag_cnt",
            LONG,
            EXTENDED,
            "packets",
            "ECE Flag Cnt",
            false,
            every.formatted("ECE")));
    String dir = "%s packets with %s set (CIC 2018: first packet only)";
    c.add(
        feat(
            "fwd_psh_flags",
            LONG,
            EXTENDED,
            "packets",
            "Fwd PSH Flags",
            false,
            dir.formatted("fwd", "PSH")));
    c.add(
        feat(
            "bwd_psh_flags",
            LONG,
            EXTENDED,
            "packets",
            "Bwd PSH Flags",
            false,
            dir.formatted("bwd", "PSH")));
    c.add(
        feat(
            "fwd_urg_flags",
            LONG,
            EXTENDED,
            "packets",
            "Fwd URG Flags",
            false,
            dir.formatted("fwd", "URG")));
    c.add(
        feat(
            "bwd_urg_flags",
            LONG,
            EXTENDED,
            "packets",
            "Bwd URG Flags",
            false,
            dir.formatted("bwd", "URG")));
    c.add(
        feat("fwd_rst_flags", LONG, EXTENDED, "packets", null, false, "fwd packets with RST set"));
    c.add(
        feat("bwd_rst_flags", LONG, EXTENDED, "packets", null, false, "bwd packets with RST set"));
    // extended features: flags of the flow's first packet, 0/1: the meaning CSE-CIC-IDS2018's flag
    // columns have
    // once prepare-cic un-permutes them (CICFLOWMETER_FEATURES.md section 5).
    for (String f : List.of("fin", "syn", "rst", "psh", "ack", "urg", "cwr", "ece")) {
      c.add(
          feat(
              "first_" + f + "_flag",
              LONG,
              EXTENDED,
              "",
              null,
              true,
              "1 if the flow's first packet has " + f.toUpperCase(java.util.Locale.ROOT) + " set"));
    }
    // label and bookkeeping
    c.add(col(LABEL_COL, INT, LABEL, "", "Label", true, "0 benign, 1 attack (labelled data only)"));
    c.add(
        col(
            ATTACK_TYPE,
            STRING,
            LABEL,
            "",
            "Label",
            true,
            "canonical attack family, `benign` for 0"));
    c.add(
        col(
            END_REASON,
            STRING,
            META,
            "",
            null,
            false,
            "why the sniffer closed the flow: idle, active, fin, rst, eof, evicted"));
    COLUMNS = Collections.unmodifiableList(c);
    Map<String, FlowColumn> byName = new LinkedHashMap<>();
    for (FlowColumn col : c) {
      if (byName.put(col.name(), col) != null) {
        throw new IllegalStateException("duplicate flow column " + col.name());
      }
    }
    BY_NAME = Collections.unmodifiableMap(byName);
  }

  private FlowSchema() {}

  private static FlowColumn col(
      String name,
      FlowColumn.ColumnType type,
      FlowColumn.Role role,
      String unit,
      String cic,
      boolean comparable,
      String description) {
    return new FlowColumn(name, type, role, unit, cic, comparable, description);
  }

  private static FlowColumn feat(
      String name,
      FlowColumn.ColumnType type,
      FlowColumn.Role role,
      String unit,
      String cic,
      boolean comparable,
      String description) {
    return col(name, type, role, unit, cic, comparable, description);
  }

  /** Every column, in file order: identity, features, label, metadata. */
  public static List<FlowColumn> columns() {
    return COLUMNS;
  }

  /** The column of that name, if the schema has one. */
  public static Optional<FlowColumn> column(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** Column names in file order, without the label columns (what the sniffer writes). */
  public static List<String> flowColumnNames() {
    List<String> out = new ArrayList<>();
    for (FlowColumn c : COLUMNS) {
      if (c.role() != FlowColumn.Role.LABEL) {
        out.add(c.name());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Every column name in file order, label columns included (what labelled datasets hold). */
  public static List<String> allColumnNames() {
    return COLUMNS.stream().map(FlowColumn::name).toList();
  }

  /** Feature column names of a feature set, in schema order. */
  public static List<String> featureNames(FeatureSet set) {
    return COLUMNS.stream().filter(set::contains).map(FlowColumn::name).toList();
  }
}
