package io.idsspark.flow;

import java.io.IOException;
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

  /**
   * Appends one CSV line (with a newline) to {@code sb}: the allocation-free form for writers that
   * reuse one builder.
   */
  public static void csv(StringBuilder sb, FlowRecord r, Label label) {
    int n = label == null ? r.size() : ALL_SOURCE.length;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      int src = label == null ? i : ALL_SOURCE[i];
      if (src == -1) {
        sb.append(label.label());
      } else if (src == -2) {
        appendText(sb, label.attackType());
      } else if (FlowRecord.isText(src)) {
        appendText(sb, r.text(src));
      } else {
        double d = r.number(src);
        if (Double.isNaN(d)) {
          continue; // null: empty cell
        }
        if (FlowRecord.isWhole(src)) {
          sb.append((long) d);
        } else {
          appendDouble(sb, d);
        }
      }
    }
    sb.append('\n');
  }

  private static void appendText(StringBuilder sb, String s) {
    if (s != null) {
      sb.append(s.indexOf(',') >= 0 || s.indexOf('"') >= 0 ? quote(s) : s);
    }
  }

  /**
   * Appends a double so that it parses back to the same value: values on a microsecond grid (all
   * times, byte counts and most means) as plain decimals with up to 6 fraction digits, fast;
   * anything else as {@link Double#toString}. (Formatting dominated the writer's cost.)
   */
  static void appendDouble(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      sb.append(d);
      return;
    }
    if (Math.abs(d) < 9.0e9) {
      long m = Math.round(d * 1_000_000.0);
      if (m / 1_000_000.0 == d) {
        if (m < 0) {
          sb.append('-');
          m = -m;
        }
        sb.append(m / 1_000_000L).append('.');
        int frac = (int) (m % 1_000_000L);
        if (frac == 0) {
          sb.append('0');
          return;
        }
        // six digits with leading zeros, trailing zeros dropped
        for (int div = 100_000; frac > 0; div /= 10) {
          int digit = frac / div;
          sb.append((char) ('0' + digit));
          frac -= digit * div;
        }
        return;
      }
    }
    sb.append(d);
  }

  /** {@code "name":} of every column, for JSON objects with and without the label columns. */
  private static final String[] JSON_KEYS_FLOW = jsonKeys(FLOW);

  private static final String[] JSON_KEYS_ALL = jsonKeys(ALL);

  private static String[] jsonKeys(List<String> names) {
    return names.stream().map(n -> "\"" + n + "\":").toArray(String[]::new);
  }

  /**
   * Appends one JSON object on one line (with a newline) to {@code sb}: the allocation-free form
   * for writers that reuse one builder (the sniffer's JSONL files and Kafka messages).
   */
  public static void json(StringBuilder sb, FlowRecord r, Label label) {
    String[] keys = label == null ? JSON_KEYS_FLOW : JSON_KEYS_ALL;
    sb.append('{');
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(keys[i]);
      int src = label == null ? i : ALL_SOURCE[i];
      if (src == -1) {
        sb.append(label.label());
      } else if (src == -2) {
        jsonString(sb, label.attackType());
      } else if (FlowRecord.isText(src)) {
        jsonString(sb, r.text(src));
      } else {
        double d = r.number(src);
        if (!Double.isFinite(d)) {
          sb.append("null"); // null (NaN) or a value JSON cannot hold
        } else if (FlowRecord.isWhole(src)) {
          sb.append((long) d);
        } else {
          appendDouble(sb, d);
        }
      }
    }
    sb.append("}\n");
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static void jsonString(StringBuilder out, String s) {
    if (s == null) {
      out.append("null");
      return;
    }
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
