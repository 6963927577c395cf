package io.idsspark.cli;

import io.idsspark.errors.IdsException;

/** Exit codes shared by the sniffer and every job; the README lists them. */
public final class ExitCodes {
  /** Finished; malformed rows or packets may have been quarantined and counted. */
  public static final int OK = 0;

  /** An unexpected failure (a bug or an environment problem); the message says what. */
  public static final int FAILED = 1;

  /** Bad command line or configuration: unknown job or option, bad value, bad config key. */
  public static final int USAGE = 2;

  /** Input cannot be used: missing file, no rows, missing columns, unreadable capture. */
  public static final int INPUT = 3;

  /** Model cannot be used: missing, corrupted, tampered with, or of a newer format version. */
  public static final int MODEL = 4;

  /** Missing privilege or capability, e.g. CAP_NET_RAW for live capture. */
  public static final int PERMISSION = 5;

  /** {@code status}: the detector is stalled (no health line for 60 s, or no flows for long). */
  public static final int STALLED = 6;

  /** {@code status}: the traffic has drifted away from what the model learned. */
  public static final int DRIFTING = 7;

  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT). */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** The exit code of a problem of this kind. */
  public static int of(IdsException.Kind kind) {
    return switch (kind) {
      case USAGE -> USAGE;
      case INPUT -> INPUT;
      case MODEL -> MODEL;
      case PERMISSION -> PERMISSION;
      case FAILED -> FAILED;
    };
  }
}
