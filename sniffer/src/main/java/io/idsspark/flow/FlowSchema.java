package io.idsspark.flow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The flow schema, defined once as data: the table {@code flow-schema.tsv} beside this class (name,
 * type, role, unit, CSE-CIC-IDS2018 name, comparability, description). Every flow file the sniffer
 * writes, every table {@code generate} and {@code prepare-cic} produce, and every row {@code
 * train}, {@code score} and {@code detect} read has these columns in this order. The column table
 * of docs/schema.md is made from it and checked by a test.
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

  /** Capture time at which the flow was closed and emitted: the context order's time. */
  public static final String EXPORTED_AT = "exported_at";

  /** A flow's totals per direction: packets, and payload bytes (host context, alerts). */
  public static final String TOT_FWD_PKTS = "tot_fwd_pkts";

  public static final String TOT_BWD_PKTS = "tot_bwd_pkts";
  public static final String TOTLEN_FWD_PKTS = "totlen_fwd_pkts";
  public static final String TOTLEN_BWD_PKTS = "totlen_bwd_pkts";

  /** Identity columns first in the original tool's alert order. */
  public static final List<String> IDENTITY_COLUMNS =
      List.of(TIMESTAMP_COL, SRC_IP, DST_IP, SRC_PORT, DST_PORT, PROTOCOL);

  /** The table every column comes from (a resource beside this class). */
  static final String TABLE = "flow-schema.tsv";

  private static final List<FlowColumn> COLUMNS = read(TABLE);
  private static final Map<String, FlowColumn> BY_NAME = index(COLUMNS);

  private FlowSchema() {}

  /** Reads the column table: tab-separated, {@code #} starts a comment line. */
  static List<FlowColumn> read(String resource) {
    InputStream in = FlowSchema.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("flow schema table " + resource + " is missing from the jar");
    }
    List<FlowColumn> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        out.add(parse(line, resource + " line " + n));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
    return Collections.unmodifiableList(out);
  }

  static FlowColumn parse(String line, String where) {
    String[] f = line.split("\t", -1);
    if (f.length != 9) {
      throw new IllegalStateException(where + ": expected 9 tab-separated fields, got " + f.length);
    }
    try {
      return new FlowColumn(
          f[0],
          FlowColumn.ColumnType.valueOf(f[1].toUpperCase(Locale.ROOT)),
          FlowColumn.Role.valueOf(f[2].toUpperCase(Locale.ROOT)),
          f[3],
          emptyToNull(f[4]),
          emptyToNull(f[5]),
          emptyToNull(f[6]),
          Boolean.parseBoolean(f[7]),
          f[8]);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    }
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static Map<String, FlowColumn> index(List<FlowColumn> columns) {
    Map<String, FlowColumn> byName = new LinkedHashMap<>();
    for (FlowColumn col : columns) {
      if (byName.put(col.name(), col) != null) {
        throw new IllegalStateException("duplicate flow column " + col.name() + " in " + TABLE);
      }
    }
    for (String required : List.of(TIMESTAMP_COL, SRC_IP, DST_IP, SRC_PORT, DST_PORT, PROTOCOL)) {
      if (!byName.containsKey(required)) {
        throw new IllegalStateException(TABLE + " lacks the identity column " + required);
      }
    }
    return Collections.unmodifiableMap(byName);
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
