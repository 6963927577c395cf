package io.idsspark.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One configuration key: its name in {@code config/ids.yml}, its type, its default and what values
 * are valid.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {

  /** Value kinds the loader knows how to read and check. */
  public enum Kind {
    INT,
    DOUBLE,
    STRING,
    BOOLEAN,
    /** A directory; relative values resolve against the config file's folder. */
    PATH,
    DOUBLE_LIST
  }

  private final String name;
  private final Kind kind;
  private final T defaultValue;
  private final String description;
  private final Predicate<T> valid;
  private final String validHint;

  ConfigKey(
      String name,
      Kind kind,
      T defaultValue,
      String description,
      Predicate<T> valid,
      String validHint) {
    this.name = Objects.requireNonNull(name);
    this.kind = Objects.requireNonNull(kind);
    this.defaultValue = defaultValue;
    this.description = Objects.requireNonNull(description);
    this.valid = valid == null ? v -> true : valid;
    this.validHint = validHint == null ? "" : validHint;
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Built-in default; for a PATH key, a path relative to the config file's folder (or the working
   * folder).
   */
  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** What a valid value looks like, for error messages and docs/config.md, e.g. {@code > 0}. */
  public String validHint() {
    return validHint;
  }

  boolean isValid(T value) {
    return valid.test(value);
  }

  /** Default rendered as it would be written in YAML. */
  public String defaultAsYaml() {
    if (defaultValue instanceof String s) {
      return s.isEmpty() ? "\"\"" : "\"" + s + "\"";
    }
    if (defaultValue instanceof List<?> l) {
      return l.toString();
    }
    return String.valueOf(defaultValue);
  }

  @Override
  public String toString() {
    return name;
  }
}
