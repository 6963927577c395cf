package io.idsspark.config;

import java.nio.file.Path;

/**
 * A folder that was not writable and the one used instead; recorded in the model card (train) or
 * the run's log.
 *
 * @param key the config key, e.g. {@code logs_dir}
 * @param wanted the configured folder
 * @param used the writable folder chosen instead
 */
public record PathFallback(String key, Path wanted, Path used) {
  @Override
  public String toString() {
    return key + ": " + wanted + " is not writable, using " + used;
  }
}
