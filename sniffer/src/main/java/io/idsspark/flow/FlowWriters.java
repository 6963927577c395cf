package io.idsspark.flow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * CSV and JSON-lines forms of flow records. The CSV header is {@link FlowSchema#flowColumnNames()},
 * or every schema column ({@link FlowSchema#allColumnNames()}) when the flows carry a label; JSONL
 * objects use the same names. Nulls are empty CSV cells / JSON null.
 */
public final class FlowWriters {
  private FlowWriters() {}

  /** A label for every flow of a capture (training data), or none. */
  public record Label(int label, String attackType) {}

  /** Column names of a file, with or without the label columns. */
  public static List<String> header(boolean labelled) {
    return labelled ? FlowSchema.allColumnNames() : FlowSchema.flowColumnNames();
  }

  private static final List<String> ALL = FlowSchema.allColumnNames();
  private static final List<String> FLOW = FlowSchema.flowColumnNames();

  /** For every column of {@link #header}(true): its position in a record, or -1 / -2 for labels. */
  private static final int[] ALL_SOURCE;

  static {
    int[] src = new int[ALL.size()];
    for (int i = 0; i < src.length; i++) {
      String n = ALL.get(i);
      src[i] =
          n.equals(FlowSchema.LABEL_COL)
              ? -1
              : n.equals(FlowSchema.ATTACK_TYPE) ? -2 : FLOW.indexOf(n);
    }
    ALL_SOURCE = src;
  }

  /** The CSV header line (with a newline). */
  public static void csvHeader(Appendable out, boolean labelled) throws IOException {
    out.append(String.join(",", header(labelled))).append('\n');
  }

  /** One CSV line (with a newline). */
  public static void csv(Appendable out, FlowRecord r, Label label) throws IOException {
    List<Object> cells = cells(r, label);
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object v = cells.get(i);
      if (v != null) {
        String s = v.toString();
        out.append(s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? quote(s) : s);
      }
    }
    out.append('\n');
  }

  /** One JSON object on one line (with a newline). */
  public static void json(Appendable out, FlowRecord r, Label label) throws IOException {
    List<String> names = header(label != null);
    List<Object> cells = cells(r, label);
    out.append('{');
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"').append(names.get(i)).append("\":");
      Object v = cells.get(i);
      if (v == null) {
        out.append("null");
      } else if (v instanceof Number n) {
        double d = n.doubleValue();
        out.append(Double.isFinite(d) ? n.toString() : "null");
      } else {
        jsonString(out, v.toString());
      }
    }
    out.append("}\n");
  }

  private static List<Object> cells(FlowRecord r, Label label) {
    if (label == null) {
      return r.values();
    }
    List<Object> out = new ArrayList<>(ALL_SOURCE.length);
    for (int s : ALL_SOURCE) {
      out.add(s == -1 ? label.label() : s == -2 ? label.attackType() : r.value(s));
    }
    return Collections.unmodifiableList(out);
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static void jsonString(Appendable out, String s) throws IOException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
