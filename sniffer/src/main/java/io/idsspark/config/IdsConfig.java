package io.idsspark.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loaded configuration: a value for every key of {@link ConfigKeys} (from the file, the environment
 * or the default), with folder keys resolved to absolute paths. Built by {@link ConfigLoader};
 * immutable except for the record of folder fallbacks taken by {@link #writableDir}.
 */
public final class IdsConfig {
  private static final Logger LOG = LoggerFactory.getLogger(IdsConfig.class);

  private final Optional<Path> source;
  private final Map<String, Object> values;
  private final Map<String, Path> paths;
  private final Map<String, String> origins;
  private final Predicate<Path> writable;
  private final Path workingDir;
  private final Path homeDir;
  private final List<PathFallback> fallbacks = new ArrayList<>();

  IdsConfig(
      Optional<Path> source,
      Map<String, Object> values,
      Map<String, Path> paths,
      Map<String, String> origins,
      Predicate<Path> writable,
      Path workingDir,
      Path homeDir) {
    this.source = source;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.paths = Collections.unmodifiableMap(new LinkedHashMap<>(paths));
    this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    this.writable = writable;
    this.workingDir = workingDir;
    this.homeDir = homeDir;
  }

  /** The file this configuration was read from; empty when only built-in defaults are in use. */
  public Optional<Path> source() {
    return source;
  }

  /** Value of a non-folder key. */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    if (key.kind() == ConfigKey.Kind.PATH) {
      return (T) paths.get(key.name()).toString();
    }
    return (T) values.get(key.name());
  }

  /** Where a value came from: {@code default}, {@code file}, or {@code env IDS_...}. */
  public String origin(ConfigKey<?> key) {
    return origins.getOrDefault(key.name(), "default");
  }

  /**
   * A folder key resolved to an absolute path, without checking it (for readers, such as a models
   * root).
   */
  public Path path(ConfigKey<String> key) {
    Path p = paths.get(key.name());
    if (p == null) {
      throw new IllegalArgumentException(key.name() + " is not a folder key");
    }
    return p;
  }

  /**
   * A folder key resolved for writing: the configured folder if it is writable (created if
   * missing), else the first writable of {@code /app/<leaf>} (only if {@code /app} exists), {@code
   * ./<leaf>}, {@code ~/.ids-spark/<leaf>}. A fallback is logged and recorded in {@link
   * #fallbacks()}.
   *
   * @throws ConfigException naming the key and every folder tried, when none is writable
   */
  public synchronized Path writableDir(ConfigKey<String> key) {
    Path wanted = path(key);
    if (writable.test(wanted)) {
      return wanted;
    }
    for (PathFallback f : fallbacks) {
      if (f.key().equals(key.name())) {
        return f.used();
      }
    }
    String leaf = key.defaultValue();
    List<Path> candidates = new ArrayList<>();
    Path app = Path.of("/app");
    if (Files.isDirectory(app)) {
      candidates.add(app.resolve(leaf));
    }
    candidates.add(workingDir.resolve(leaf));
    candidates.add(homeDir.resolve(".ids-spark").resolve(leaf));
    for (Path c : candidates) {
      if (!c.equals(wanted) && writable.test(c)) {
        PathFallback fb = new PathFallback(key.name(), wanted, c);
        fallbacks.add(fb);
        LOG.warn("{}", fb);
        return c;
      }
    }
    throw new ConfigException(
        key.name()
            + ": "
            + wanted
            + " is not writable, and neither is any fallback ("
            + String.join(", ", candidates.stream().map(Path::toString).toList())
            + ")");
  }

  /** Folder fallbacks taken so far by {@link #writableDir}. */
  public synchronized List<PathFallback> fallbacks() {
    return List.copyOf(fallbacks);
  }

  /** Every key and its effective value, for model cards and {@code --verbose} logs. */
  public Map<String, Object> asMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ConfigKey<?> k : ConfigKeys.all().values()) {
      out.put(
          k.name(),
          k.kind() == ConfigKey.Kind.PATH ? paths.get(k.name()).toString() : values.get(k.name()));
    }
    return out;
  }

  /** Default check: the folder exists or can be created, and a file can be created in it. */
  static boolean probeWritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-probe", ".tmp");
      Files.delete(probe);
      return true;
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return false;
    }
  }
}
