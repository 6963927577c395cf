package io.idsspark.cic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CICFlowMeter CSV layouts prepare-cic reads, recognised from a file's header. Each layout has
 * one mapping table: its column names to the CSE-CIC-IDS2018 names that {@code FlowSchema} records
 * as {@code cic2018Name} (identity for the 2018 layouts), plus how its flag columns are to be read.
 * {@link RowPlan} turns that into per-column conversions; nothing else knows about layouts.
 */
enum CicLayout {
  /** CSE-CIC-IDS2018 day files: 80 columns, no addresses. */
  CIC2018("CSE-CIC-IDS2018 original (80 columns)", Flags.FIRST_PACKET_PERMUTED, Times.LOCAL_12H),
  /** Thuesday-20-02-2018: the 80 plus Flow ID, Src IP, Src Port, Dst IP. */
  CIC2018_84(
      "CSE-CIC-IDS2018 with Flow ID and addresses (84 columns)",
      Flags.FIRST_PACKET_PERMUTED,
      Times.LOCAL_12H),
  /** 2018 names, tab-separated, floats re-printed (a re-published copy). */
  CIC2018_TSV("CSE-CIC-IDS2018 tab-separated copy", Flags.FIRST_PACKET_PERMUTED, Times.LOCAL_12H),
  /** CIC-IDS2017 MachineLearningCVE: 79 columns, no addresses, protocol or timestamp. */
  CIC2017_ML(
      "CIC-IDS2017 MachineLearningCVE (79 columns)", Flags.FIRST_PACKET_PERMUTED, Times.NONE),
  /** CIC-IDS2017 TrafficLabelling: 85 columns with Flow ID, addresses, protocol and timestamp. */
  CIC2017_TL(
      "CIC-IDS2017 TrafficLabelling (85 columns)", Flags.FIRST_PACKET_PERMUTED, Times.LOCAL_12H),
  /** Engelen et al. improved 2017/2018 re-extractions: long names, UTC microsecond timestamps. */
  IMPROVED(
      "improved CIC-IDS2017/CSE-CIC-IDS2018 (Engelen et al.)", Flags.EVERY_PACKET, Times.ISO_UTC);

  /** How the file's flag columns are meant. */
  enum Flags {
    /**
     * 2017/2018 CICFlowMeter: the eight flag columns describe the first packet only and are
     * permuted (CICFLOWMETER_FEATURES.md section 5); they go to {@code first_*_flag}, the
     * per-direction PSH/URG columns (also first packet only) are dropped.
     */
    FIRST_PACKET_PERMUTED,
    /** Counted on every packet: they go to {@code *_flag_cnt} and the per-direction counts. */
    EVERY_PACKET
  }

  /** How the Timestamp column is written. */
  enum Times {
    NONE,
    LOCAL_12H,
    ISO_UTC
  }

  final String description;
  final Flags flags;
  final Times times;

  CicLayout(String description, Flags flags, Times times) {
    this.description = description;
    this.flags = flags;
    this.times = times;
  }

  /**
   * The permuted 2018 flag columns: labelled name -> the flag the value really is (first packet).
   */
  static final Map<String, String> PERMUTED_FLAGS =
      Map.of(
          "FIN Flag Cnt", "first_rst_flag",
          "SYN Flag Cnt", "first_psh_flag",
          "RST Flag Cnt", "first_ece_flag",
          "PSH Flag Cnt", "first_syn_flag",
          "ACK Flag Cnt", "first_ack_flag",
          "URG Flag Cnt", "first_fin_flag",
          "CWE Flag Count", "first_urg_flag",
          "ECE Flag Cnt", "first_cwr_flag");

  /** The per-direction flag columns; first-packet-only in 2017/2018, so not mapped there. */
  static final Set<String> DIRECTION_FLAGS =
      Set.of("Fwd PSH Flags", "Bwd PSH Flags", "Fwd URG Flags", "Bwd URG Flags");

  /** CIC-IDS2017 names (trimmed) that differ from the 2018 names. */
  private static final Map<String, String> NAMES_2017 =
      pairs(
          "Source IP",
          "Src IP",
          "Source Port",
          "Src Port",
          "Destination IP",
          "Dst IP",
          "Destination Port",
          "Dst Port",
          "Total Fwd Packets",
          "Tot Fwd Pkts",
          "Total Backward Packets",
          "Tot Bwd Pkts",
          "Total Length of Fwd Packets",
          "TotLen Fwd Pkts",
          "Total Length of Bwd Packets",
          "TotLen Bwd Pkts",
          "Fwd Packet Length Max",
          "Fwd Pkt Len Max",
          "Fwd Packet Length Min",
          "Fwd Pkt Len Min",
          "Fwd Packet Length Mean",
          "Fwd Pkt Len Mean",
          "Fwd Packet Length Std",
          "Fwd Pkt Len Std",
          "Bwd Packet Length Max",
          "Bwd Pkt Len Max",
          "Bwd Packet Length Min",
          "Bwd Pkt Len Min",
          "Bwd Packet Length Mean",
          "Bwd Pkt Len Mean",
          "Bwd Packet Length Std",
          "Bwd Pkt Len Std",
          "Flow Bytes/s",
          "Flow Byts/s",
          "Flow Packets/s",
          "Flow Pkts/s",
          "Fwd IAT Total",
          "Fwd IAT Tot",
          "Bwd IAT Total",
          "Bwd IAT Tot",
          "Fwd Header Length",
          "Fwd Header Len",
          "Bwd Header Length",
          "Bwd Header Len",
          "Fwd Packets/s",
          "Fwd Pkts/s",
          "Bwd Packets/s",
          "Bwd Pkts/s",
          "Min Packet Length",
          "Pkt Len Min",
          "Max Packet Length",
          "Pkt Len Max",
          "Packet Length Mean",
          "Pkt Len Mean",
          "Packet Length Std",
          "Pkt Len Std",
          "Packet Length Variance",
          "Pkt Len Var",
          "FIN Flag Count",
          "FIN Flag Cnt",
          "SYN Flag Count",
          "SYN Flag Cnt",
          "RST Flag Count",
          "RST Flag Cnt",
          "PSH Flag Count",
          "PSH Flag Cnt",
          "ACK Flag Count",
          "ACK Flag Cnt",
          "URG Flag Count",
          "URG Flag Cnt",
          "ECE Flag Count",
          "ECE Flag Cnt",
          "Average Packet Size",
          "Pkt Size Avg",
          "Avg Fwd Segment Size",
          "Fwd Seg Size Avg",
          "Avg Bwd Segment Size",
          "Bwd Seg Size Avg",
          "Init_Win_bytes_forward",
          "Init Fwd Win Byts",
          "Init_Win_bytes_backward",
          "Init Bwd Win Byts",
          "act_data_pkt_fwd",
          "Fwd Act Data Pkts",
          "min_seg_size_forward",
          "Fwd Seg Size Min");

  /** Improved-layout names that differ from the 2018 names. */
  private static final Map<String, String> NAMES_IMPROVED =
      pairs(
          "Total Fwd Packet",
          "Tot Fwd Pkts",
          "Total Bwd packets",
          "Tot Bwd Pkts",
          "Total Length of Fwd Packet",
          "TotLen Fwd Pkts",
          "Total Length of Bwd Packet",
          "TotLen Bwd Pkts",
          "Fwd Packet Length Max",
          "Fwd Pkt Len Max",
          "Fwd Packet Length Min",
          "Fwd Pkt Len Min",
          "Fwd Packet Length Mean",
          "Fwd Pkt Len Mean",
          "Fwd Packet Length Std",
          "Fwd Pkt Len Std",
          "Bwd Packet Length Max",
          "Bwd Pkt Len Max",
          "Bwd Packet Length Min",
          "Bwd Pkt Len Min",
          "Bwd Packet Length Mean",
          "Bwd Pkt Len Mean",
          "Bwd Packet Length Std",
          "Bwd Pkt Len Std",
          "Flow Bytes/s",
          "Flow Byts/s",
          "Flow Packets/s",
          "Flow Pkts/s",
          "Fwd IAT Total",
          "Fwd IAT Tot",
          "Bwd IAT Total",
          "Bwd IAT Tot",
          "Fwd Header Length",
          "Fwd Header Len",
          "Bwd Header Length",
          "Bwd Header Len",
          "Fwd Packets/s",
          "Fwd Pkts/s",
          "Bwd Packets/s",
          "Bwd Pkts/s",
          "Packet Length Min",
          "Pkt Len Min",
          "Packet Length Max",
          "Pkt Len Max",
          "Packet Length Mean",
          "Pkt Len Mean",
          "Packet Length Std",
          "Pkt Len Std",
          "Packet Length Variance",
          "Pkt Len Var",
          "FIN Flag Count",
          "FIN Flag Cnt",
          "SYN Flag Count",
          "SYN Flag Cnt",
          "RST Flag Count",
          "RST Flag Cnt",
          "PSH Flag Count",
          "PSH Flag Cnt",
          "ACK Flag Count",
          "ACK Flag Cnt",
          "URG Flag Count",
          "URG Flag Cnt",
          "CWR Flag Count",
          "CWE Flag Count",
          "ECE Flag Count",
          "ECE Flag Cnt",
          "Average Packet Size",
          "Pkt Size Avg",
          "Fwd Segment Size Avg",
          "Fwd Seg Size Avg",
          "Bwd Segment Size Avg",
          "Bwd Seg Size Avg",
          "FWD Init Win Bytes",
          "Init Fwd Win Byts",
          "Bwd Init Win Bytes",
          "Init Bwd Win Byts",
          // columns the 2018 layout lacks, mapped straight to schema names by RowPlan
          "Fwd RST Flags",
          "fwd_rst_flags",
          "Bwd RST Flags",
          "bwd_rst_flags");

  private static Map<String, String> pairs(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (m.put(kv[i], kv[i + 1]) != null) {
        throw new IllegalStateException("duplicate mapping " + kv[i]);
      }
    }
    return Map.copyOf(m);
  }

  /** This layout's column name -> the 2018 name (or a schema name for columns 2018 lacks). */
  String canonicalName(String column) {
    Map<String, String> names =
        switch (this) {
          case CIC2018, CIC2018_84, CIC2018_TSV -> Map.of();
          case CIC2017_ML, CIC2017_TL -> NAMES_2017;
          case IMPROVED -> NAMES_IMPROVED;
        };
    return names.getOrDefault(column, column);
  }

  char separator() {
    return this == CIC2018_TSV ? '\t' : ',';
  }

  /**
   * The layout of a header line, or null if it is none of them. Names are compared trimmed (2017
   * puts spaces before most of them).
   */
  static CicLayout detect(String headerLine) {
    String line = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
    boolean tabs = line.indexOf('\t') >= 0 && line.indexOf(',') < 0;
    List<String> cols =
        RowPlan.split(line.strip(), tabs ? '\t' : ',').stream().map(String::trim).toList();
    Set<String> names = Set.copyOf(cols);
    if (names.contains("Total Fwd Packet") || names.contains("Attempted Category")) {
      return IMPROVED;
    }
    if (names.contains("Tot Fwd Pkts")) {
      return tabs ? CIC2018_TSV : names.contains("Flow ID") ? CIC2018_84 : CIC2018;
    }
    if (names.contains("Total Fwd Packets")) {
      return names.contains("Flow ID") ? CIC2017_TL : CIC2017_ML;
    }
    return null;
  }
}
