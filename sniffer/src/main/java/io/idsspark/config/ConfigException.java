package io.idsspark.config;

import io.idsspark.errors.IdsException;

/** A configuration problem, with a one-line message that names the file and the key. */
public final class ConfigException extends IdsException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(Kind.USAGE, message);
  }

  public ConfigException(String message, Throwable cause) {
    super(Kind.USAGE, message, cause);
  }
}
