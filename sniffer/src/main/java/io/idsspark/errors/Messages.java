package io.idsspark.errors;

/** Text helpers for error messages that must fit on one line. */
public final class Messages {
  private Messages() {}

  /** Collapses line breaks and runs of white space (library messages often span lines). */
  public static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
