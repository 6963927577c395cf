package io.idsspark.cic;

import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to turn one data line of one CIC file into a flow row: built once per file from its header
 * and {@link CicLayout}, then applied to every line (in Spark tasks, hence serializable plain
 * arrays). {@link #parse} is pure: a line in, a row or a quarantine reason out.
 *
 * <p>Rules (docs/jobs.md, prepare-cic): times microseconds -> seconds; {@code -1} windows and the
 * 2017 {@code Flow IAT Min = -1} placeholder -> null; other negative times (the 1970 rows)
 * quarantine the row; rates that are Infinity, NaN or empty are recomputed from counts and
 * duration, and are 0 when the duration is 0 (the schema's rule); {@code pkt_len_mean} is
 * recomputed as payload bytes / packets (CIC's value counts the first packet twice); columns a
 * layout lacks stay null.
 */
final class RowPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  enum Conv {
    STRING,
    INT,
    NUM,
    SECONDS,
    WINDOW,
    RATE
  }

  private static final List<FlowColumn> COLS = FlowSchema.columns();
  private static final int W = COLS.size();

  final CicLayout layout;
  final int fieldCount;
  final String firstHeaderField;
  private final int[] src = new int[W];
  private final Conv[] conv = new Conv[W];
  private final String[] srcName = new String[W];
  private final int tsField;
  private final int labelField;

  private static int idx(String name) {
    return FlowSchema.allColumnNames().indexOf(name);
  }

  private static final int DURATION = idx("flow_duration");
  private static final int NF = idx("tot_fwd_pkts");
  private static final int NB = idx("tot_bwd_pkts");
  private static final int LF = idx("totlen_fwd_pkts");
  private static final int LB = idx("totlen_bwd_pkts");
  private static final int PKT_MEAN = idx("pkt_len_mean");
  private static final int IAT_MIN = idx("flow_iat_min");
  private static final int TS = idx(FlowSchema.TIMESTAMP_COL);
  private static final int LABEL = idx(FlowSchema.LABEL_COL);
  private static final int ATTACK = idx(FlowSchema.ATTACK_TYPE);

  RowPlan(CicLayout layout, String headerLine) {
    this.layout = layout;
    String line = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
    List<String> header = split(line.strip(), layout.separator());
    fieldCount = header.size();
    firstHeaderField = header.get(0).trim();
    java.util.Arrays.fill(src, -1);
    int ts = -1;
    int label = -1;
    Set<String> seen = new HashSet<>();
    for (int k = 0; k < header.size(); k++) {
      String name = header.get(k).trim();
      if (!seen.add(name)) {
        continue; // 2017 prints "Fwd Header Length" twice; the first is the forward header length
      }
      String canon = layout.canonicalName(name);
      if (canon.equals("Timestamp")) {
        ts = k;
        continue;
      }
      if (canon.equals("Label")) {
        label = k;
        continue;
      }
      Optional<FlowColumn> target = target(canon);
      if (target.isPresent() && !target.get().name().equals("pkt_len_mean")) {
        int i = idx(target.get().name());
        src[i] = k;
        srcName[i] = name;
        conv[i] = conversion(target.get());
      }
    }
    tsField = ts;
    labelField = label;
    if (labelField < 0) {
      throw new IllegalArgumentException("no Label column");
    }
  }

  private Optional<FlowColumn> target(String canon) {
    if (layout.flags == CicLayout.Flags.FIRST_PACKET_PERMUTED) {
      String first = CicLayout.PERMUTED_FLAGS.get(canon);
      if (first != null) {
        return FlowSchema.column(first);
      }
      if (CicLayout.DIRECTION_FLAGS.contains(canon)) {
        return Optional.empty();
      }
    }
    for (FlowColumn c : COLS) {
      if (canon.equals(c.cic2018Name()) && c.role() != FlowColumn.Role.LABEL) {
        return Optional.of(c);
      }
    }
    return FlowSchema.column(canon); // columns 2018 lacks (fwd_rst_flags) are named directly
  }

  private static Conv conversion(FlowColumn c) {
    if (c.type() == FlowColumn.ColumnType.STRING) {
      return Conv.STRING;
    }
    if (c.type() == FlowColumn.ColumnType.INT) {
      return Conv.INT;
    }
    if (c.name().startsWith("init_")) {
      return Conv.WINDOW;
    }
    if (c.unit().equals("s")) {
      return Conv.SECONDS;
    }
    return c.unit().endsWith("/s") ? Conv.RATE : Conv.NUM;
  }

  /** Schema column names this plan fills from the file (for tests and the summary). */
  List<String> mappedColumns() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < W; i++) {
      if (src[i] >= 0) {
        out.add(COLS.get(i).name());
      }
    }
    return out;
  }

  /** Splits on one character, keeping empty fields (no quoting: CIC files have none). */
  static List<String> split(String line, char sep) {
    List<String> out = new ArrayList<>(90);
    int from = 0;
    for (int i = line.indexOf(sep); i >= 0; i = line.indexOf(sep, from)) {
      out.add(line.substring(from, i));
      from = i + 1;
    }
    out.add(line.substring(from));
    return out;
  }

  /** Thrown inside {@link #parse} for a row to quarantine; the message is the reason. */
  static final class Reject extends Exception {
    private static final long serialVersionUID = 1L;
    final String category;

    Reject(String category, String detail) {
      super(detail == null ? category : category + ": " + detail, null, false, false);
      this.category = category;
    }
  }

  /**
   * Parses one data line (CR already stripped) into {@code row} (schema order).
   *
   * @throws Reject with the quarantine reason
   */
  void parse(String line, Object[] row) throws Reject {
    String[] f = new String[fieldCount];
    int n = 0;
    int from = 0;
    char sep = layout.separator();
    for (int i = line.indexOf(sep); i >= 0; i = line.indexOf(sep, from)) {
      if (n == fieldCount - 1) {
        throw new Reject("wrong_field_count", "more than " + fieldCount + " fields");
      }
      f[n++] = line.substring(from, i);
      from = i + 1;
    }
    f[n++] = line.substring(from);
    if (n != fieldCount) {
      throw new Reject("wrong_field_count", n + " fields, header has " + fieldCount);
    }
    if (f[0].trim().equals(firstHeaderField)) {
      throw new Reject("repeated_header", null);
    }
    java.util.Arrays.fill(row, null);
    String rawLabel = f[labelField].trim();
    String family = LabelFamilies.family(rawLabel);
    if (family == null) {
      throw new Reject("unknown_label", rawLabel);
    }
    row[LABEL] = LabelFamilies.BENIGN.equals(family) ? 0 : 1;
    row[ATTACK] = family;
    if (tsField >= 0) {
      String t = f[tsField].trim();
      String iso =
          layout.times == CicLayout.Times.ISO_UTC
              ? CicTimestamps.parseIsoUtc(t)
              : CicTimestamps.parseLocal12h(t);
      if (iso == null) {
        throw new Reject("bad_timestamp", t);
      }
      if (iso.compareTo("2000") < 0) {
        throw new Reject("timestamp_before_2000", t);
      }
      row[TS] = iso;
    }
    for (int i = 0; i < W; i++) {
      if (src[i] >= 0) {
        row[i] = convert(i, f[src[i]]);
      }
    }
    finish(row);
  }

  private Object convert(int i, String raw) throws Reject {
    Conv c = conv[i];
    if (c == Conv.STRING) {
      return raw.trim();
    }
    double v;
    try {
      v = raw.isBlank() ? Double.NaN : Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new Reject("bad_number", srcName[i] + "='" + raw.trim() + "'");
    }
    if (c == Conv.RATE) {
      return v; // non-finite values are fixed in finish()
    }
    if (!Double.isFinite(v)) {
      throw new Reject("bad_number", srcName[i] + "='" + raw.trim() + "'");
    }
    switch (c) {
      case INT:
        return (int) v;
      case WINDOW:
        return v < 0 ? null : (Object) Math.round(v);
      case SECONDS:
        if (v < 0) {
          if (i == IAT_MIN && v == -1) {
            return null; // 2017 placeholder
          }
          throw new Reject("negative_time", srcName[i] + "=" + raw.trim());
        }
        return v / 1e6;
      default:
        return COLS.get(i).type() == FlowColumn.ColumnType.LONG ? (Object) Math.round(v) : v;
    }
  }

  private void finish(Object[] row) {
    double dur = row[DURATION] == null ? Double.NaN : (Double) row[DURATION];
    long nf = row[NF] == null ? 0 : (Long) row[NF];
    long nb = row[NB] == null ? 0 : (Long) row[NB];
    long bytes = (row[LF] == null ? 0 : (Long) row[LF]) + (row[LB] == null ? 0 : (Long) row[LB]);
    for (int i = 0; i < W; i++) {
      if (conv[i] == Conv.RATE && src[i] >= 0) {
        double v = (Double) row[i];
        if (dur == 0) {
          row[i] = 0.0;
        } else if (!Double.isFinite(v) && dur > 0) {
          String name = COLS.get(i).name();
          double count =
              switch (name) {
                case "flow_byts_s" -> bytes;
                case "fwd_pkts_s" -> nf;
                case "bwd_pkts_s" -> nb;
                default -> nf + nb;
              };
          row[i] = count / dur;
        } else if (!Double.isFinite(v)) {
          row[i] = null;
        }
      }
    }
    row[PKT_MEAN] = nf + nb == 0 ? null : (double) bytes / (nf + nb);
  }
}
