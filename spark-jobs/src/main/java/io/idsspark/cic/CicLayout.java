package io.idsspark.cic;

import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The CICFlowMeter CSV layouts prepare-cic reads, recognised from a file's header. Each layout's
 * column names come from the schema table ({@code flow-schema.tsv}: {@code cic2018_name}, {@code
 * cic2017_name}, {@code improved_name}); this class adds how its flag columns are to be read.
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

  /**
   * A layout's names that differ from the 2018 names, from the schema table's {@code
   * cic2017_name}/{@code improved_name} columns: name -> the 2018 name, or the schema name for a
   * column 2018 lacks ({@code Fwd RST Flags} -> {@code fwd_rst_flags}).
   */
  private static Map<String, String> renames(Function<FlowColumn, String> layoutName) {
    Map<String, String> m = new HashMap<>();
    for (FlowColumn c : FlowSchema.columns()) {
      String n = layoutName.apply(c);
      if (n != null && m.put(n, c.cic2018Name() != null ? c.cic2018Name() : c.name()) != null) {
        throw new IllegalStateException("flow-schema.tsv: layout name '" + n + "' used twice");
      }
    }
    return Map.copyOf(m);
  }

  private static final Map<String, String> NAMES_2017 = renames(FlowColumn::cic2017Name);
  private static final Map<String, String> NAMES_IMPROVED = renames(FlowColumn::improvedName);

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
