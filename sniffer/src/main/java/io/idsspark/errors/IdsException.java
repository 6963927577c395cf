package io.idsspark.errors;

/**
 * A problem the user can fix, found by library code (a reader, the flow engine, the model store): a
 * one-line message that names what and where (file, row, column, key) and the {@link Kind} of
 * problem. Library code never picks an exit code; the command line (package {@code cli}) maps the
 * kind to one and prints the message as one line.
 */
public class IdsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem: the command line's exit code follows from it. */
  public enum Kind {
    /** Bad option value or configuration. */
    USAGE,
    /** Input cannot be used: missing file, no rows, missing columns, unreadable capture. */
    INPUT,
    /** Model cannot be used: missing, corrupted, tampered with, newer format version. */
    MODEL,
    /** Missing privilege or capability, or a path that cannot be written. */
    PERMISSION,
    /** The work could not go on for another reason the message names (I/O failure). */
    FAILED
  }

  private final Kind kind;

  public IdsException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public IdsException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Bad input data or files. */
  public static IdsException input(String message) {
    return new IdsException(Kind.INPUT, message);
  }

  /** Unusable model. */
  public static IdsException model(String message) {
    return new IdsException(Kind.MODEL, message);
  }

  /** Bad option value found after parsing. */
  public static IdsException usage(String message) {
    return new IdsException(Kind.USAGE, message);
  }

  /** Missing privilege, capability or write access. */
  public static IdsException permission(String message) {
    return new IdsException(Kind.PERMISSION, message);
  }

  /** The work cannot go on; {@code cause} kept for {@code --verbose}. */
  public static IdsException failed(String message, Throwable cause) {
    return new IdsException(Kind.FAILED, message, cause);
  }
}
