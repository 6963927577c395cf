package io.idsspark.cli;

/**
 * A problem the user can fix (bad input file, missing column, bad model), reported as one line
 * without a stack trace and turned into the exit code it carries.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** One of {@link ExitCodes}. */
  public int exitCode() {
    return exitCode;
  }

  /** Bad input data or files ({@link ExitCodes#INPUT}). */
  public static UserException input(String message) {
    return new UserException(ExitCodes.INPUT, message);
  }

  /** Unusable model ({@link ExitCodes#MODEL}). */
  public static UserException model(String message) {
    return new UserException(ExitCodes.MODEL, message);
  }

  /** Bad option value found after parsing ({@link ExitCodes#USAGE}). */
  public static UserException usage(String message) {
    return new UserException(ExitCodes.USAGE, message);
  }
}
