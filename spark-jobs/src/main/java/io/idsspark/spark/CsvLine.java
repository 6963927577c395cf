package io.idsspark.spark;

import java.util.Arrays;
import java.util.Locale;

/**
 * One CSV line split into fields in place: bounds only, no copy of fields that are not read. Fields
 * may be quoted ({@code "a,b"}, {@code ""} for a quote inside); a line holds no line break (flow
 * files never have one inside a field). One instance is reused for every line of a partition.
 *
 * <pre>
 * CsvLine l = new CsvLine();
 * l.split("2026-03-01T10:00:00Z,\"10.0.0.1\",443,,1e3");   // true; l.count() == 5
 * l.text(1);     // "10.0.0.1"
 * l.number(2);   // 443.0;  l.number(3): NaN (empty = missing);  l.number(4): 1000.0
 * </pre>
 */
public final class CsvLine {
  private String line = "";
  private int count;
  private int[] starts = new int[128];
  private int[] ends = new int[128];
  private boolean[] quoted = new boolean[128];

  /**
   * Splits {@code s}; false when a quoted field is not closed (the line is then unusable).
   * Surrounding quotes of a field are excluded from its bounds.
   */
  public boolean split(String s) {
    line = s;
    count = 0;
    int n = s.length();
    int i = 0;
    while (true) {
      if (count == starts.length) {
        grow();
      }
      if (i < n && s.charAt(i) == '"') {
        int j = i + 1;
        while (true) {
          j = s.indexOf('"', j);
          if (j < 0) {
            return false;
          }
          if (j + 1 < n && s.charAt(j + 1) == '"') {
            j += 2;
            continue;
          }
          break;
        }
        starts[count] = i + 1;
        ends[count] = j;
        quoted[count] = true;
        count++;
        i = j + 1;
        // after a closing quote only a delimiter or the end may follow
        if (i < n && s.charAt(i) != ',') {
          return false;
        }
      } else {
        int j = s.indexOf(',', i);
        int end = j < 0 ? n : j;
        starts[count] = i;
        ends[count] = end;
        quoted[count] = false;
        count++;
        i = end;
      }
      if (i >= n) {
        return true;
      }
      i++; // past the delimiter; a trailing delimiter means one more, empty field
      if (i == n) {
        if (count == starts.length) {
          grow();
        }
        starts[count] = n;
        ends[count] = n;
        quoted[count] = false;
        count++;
        return true;
      }
    }
  }

  private void grow() {
    starts = Arrays.copyOf(starts, starts.length * 2);
    ends = Arrays.copyOf(ends, ends.length * 2);
    quoted = Arrays.copyOf(quoted, quoted.length * 2);
  }

  /** Fields in the last split line. */
  public int count() {
    return count;
  }

  /** Where field {@code i} starts in the line (after its opening quote, if quoted). */
  public int start(int i) {
    return starts[i];
  }

  /** Where field {@code i} ends in the line (at its closing quote, if quoted). */
  public int end(int i) {
    return ends[i];
  }

  /** Field {@code i} as text, quotes removed and {@code ""} unescaped. */
  public String text(int i) {
    String t = line.substring(starts[i], ends[i]);
    return quoted[i] ? t.replace("\"\"", "\"") : t;
  }

  /**
   * Field {@code i} as a number: NaN when empty (a missing value), {@code Inf}/{@code Infinity} and
   * {@code NaN} in any case, else Java's decimal syntax (surrounding blanks allowed).
   *
   * @throws NumberFormatException when the field holds something else
   */
  public double number(int i) {
    if (starts[i] == ends[i]) {
      return Double.NaN;
    }
    if (!quoted[i]) {
      double v = plainDecimal(line, starts[i], ends[i]);
      if (!Double.isNaN(v)) {
        return v;
      }
    }
    String t = text(i).strip();
    if (t.isEmpty()) {
      return Double.NaN;
    }
    char c = t.charAt(t.length() - 1);
    if (c == 'f' || c == 'F' || c == 'd' || c == 'D' || c == 'y' || c == 'N' || c == 'n') {
      // Java would read "1f" and "1d" as numbers; special values are matched by name instead
      return special(t);
    }
    if (t.indexOf('x') >= 0 || t.indexOf('X') >= 0) {
      throw new NumberFormatException("not a decimal number: " + t);
    }
    return Double.parseDouble(t);
  }

  /**
   * Whether {@link #number} reads field {@code i} without an error. A plain decimal ({@code
   * [-]digits[.digits]}, any number of digits) is accepted by its syntax alone, without computing
   * its value: telling a well-formed line from a malformed one does not need the values, and a
   * value of 16 or 17 digits (a rate) costs {@link Double#parseDouble}'s slow path.
   */
  public boolean isNumber(int i) {
    if (!quoted[i] && plainSyntax(line, starts[i], ends[i])) {
      return true;
    }
    try {
      number(i);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * {@code [-]digits[.digits]}, {@code [-]digits.} or {@code [-].digits}: what parseDouble reads.
   */
  static boolean plainSyntax(String s, int from, int to) {
    int i = from;
    if (i < to && s.charAt(i) == '-') {
      i++;
    }
    boolean digit = false;
    boolean point = false;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return false;
      }
    }
    return digit;
  }

  /** Exact powers of ten as doubles (10^22 is the largest one a double holds exactly). */
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int k = 0; k < POW10.length; k++) {
      POW10[k] = p;
      p *= 10;
    }
  }

  /**
   * A field of the form {@code [-]digits[.digits]} with at most 15 significant digits, read without
   * {@link Double#parseDouble} (a third of the time spent scoring a line went there), else NaN (the
   * caller then takes the general path). The result is the same double: the digits are a long below
   * 2^53 and the power of ten is exact, so their quotient is rounded once, correctly, as {@code
   * parseDouble} rounds (Clinger's fast path).
   */
  static double plainDecimal(String s, int from, int to) {
    int i = from;
    boolean minus = false;
    if (i < to && s.charAt(i) == '-') {
      minus = true;
      i++;
    }
    long digits = 0;
    int significant = 0;
    int fraction = -1;
    boolean any = false;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        any = true;
        if (fraction >= 0) {
          fraction++;
        }
        if (digits != 0 || c != '0') {
          significant++;
        }
        digits = digits * 10 + (c - '0');
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return Double.NaN;
      }
    }
    if (!any || significant > 15 || fraction > 22) {
      return Double.NaN;
    }
    double v = fraction > 0 ? digits / POW10[fraction] : (double) digits;
    return minus ? -v : v;
  }

  private static double special(String t) {
    String s = t.toLowerCase(Locale.ROOT);
    boolean minus = s.startsWith("-");
    if (minus || s.startsWith("+")) {
      s = s.substring(1);
    }
    if (s.equals("inf") || s.equals("infinity")) {
      return minus ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (s.equals("nan")) {
      return Double.NaN;
    }
    throw new NumberFormatException("not a number: " + t);
  }
}
