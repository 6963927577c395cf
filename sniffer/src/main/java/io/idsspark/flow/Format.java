package io.idsspark.flow;

import io.idsspark.errors.IdsException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The file formats of flow tables, for every {@code --format} option and every reader and writer:
 * one parser, one error message, one extension rule. A command accepts the subset it can write
 * ({@link #require}).
 */
public enum Format {
  /** CSV with a header line (the flow schema's columns, or any columns for scored output). */
  CSV("csv"),
  /** One JSON object per line (the sniffer's alternative flow files). */
  JSONL("jsonl"),
  /** Apache Parquet (Spark tables). */
  PARQUET("parquet"),
  /** Raw CSE-CIC-IDS2018 CSV (80 columns, the tool's quirks): what {@code generate} fakes. */
  CIC2018("cic2018");

  private final String text;

  Format(String text) {
    this.text = text;
  }

  /** The lower-case name used on the command line, in config files and as file extension. */
  public String text() {
    return text;
  }

  /**
   * Parses {@code value} (any case) as one of {@code allowed}.
   *
   * @param option what is parsed, for the message: {@code --format} or a config key
   * @throws IdsException (usage) naming the option, the value and the valid values
   */
  public static Format parse(String value, String option, Format... allowed) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (Format f : allowed) {
      if (f.text.equals(v)) {
        return f;
      }
    }
    throw IdsException.usage(option + ": '" + value + "' is not one of " + names(allowed));
  }

  /** Checks that an already parsed format is one this command accepts. */
  public static Format require(Format f, String option, Format... allowed) {
    if (!Arrays.asList(allowed).contains(f)) {
      throw IdsException.usage(option + ": '" + f.text + "' is not one of " + names(allowed));
    }
    return f;
  }

  /** The format a path's extension names ({@code .csv}, {@code .parquet}, ...), else null. */
  public static Format ofPath(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    for (Format f : List.of(CSV, JSONL, PARQUET)) {
      if (p.endsWith("." + f.text)) {
        return f;
      }
    }
    return null;
  }

  private static String names(Format... allowed) {
    return String.join(", ", Arrays.stream(allowed).map(Format::text).toList());
  }

  @Override
  public String toString() {
    return text;
  }
}
