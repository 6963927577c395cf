package io.idsspark.config;

import io.idsspark.errors.Messages;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code config/ids.yml} (SnakeYAML, safe constructor: plain data only) into an {@link
 * IdsConfig}.
 *
 * <p>Precedence for every setting: command-line option (applied by the caller) > environment
 * ({@code IDS_MODEL_DIR}, {@code IDS_LOGS_DIR}, {@code IDS_FLOWS_DIR}) > the file > the built-in
 * default. Relative folders in the file resolve against the file's folder; relative defaults and
 * environment values against the working folder.
 *
 * <p>Every problem is a {@link ConfigException} with one line naming the file and the key.
 */
public final class ConfigLoader {
  /** Where the CLI looks when {@code --config} is not given (relative to the working folder). */
  public static final Path DEFAULT_LOCATION = Path.of("config", "ids.yml");

  /** Environment variable naming a config file, used when {@code --config} is not given. */
  public static final String CONFIG_ENV = "IDS_CONFIG";

  private final Map<String, String> env;
  private final Path workingDir;
  private final Path homeDir;
  private final Predicate<Path> writable;

  /** A loader for this process: real environment, working folder, home and writability probe. */
  public ConfigLoader() {
    this(
        System.getenv(),
        Path.of("").toAbsolutePath(),
        Path.of(System.getProperty("user.home", ".")).toAbsolutePath(),
        IdsConfig::probeWritable);
  }

  /** A loader with its environment injected, for tests. */
  public ConfigLoader(
      Map<String, String> env, Path workingDir, Path homeDir, Predicate<Path> writable) {
    this.env = Map.copyOf(env);
    this.workingDir = workingDir.toAbsolutePath().normalize();
    this.homeDir = homeDir.toAbsolutePath().normalize();
    this.writable = writable;
  }

  /**
   * Loads the configuration the CLI should use: the explicit file if given (it must exist), else
   * {@code $IDS_CONFIG}, else {@code ./config/ids.yml} if present, else built-in defaults.
   */
  public IdsConfig loadForCli(Path explicit) {
    if (explicit != null) {
      return load(explicit);
    }
    String fromEnv = env.get(CONFIG_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return load(workingDir.resolve(fromEnv));
    }
    Path local = workingDir.resolve(DEFAULT_LOCATION);
    if (Files.isRegularFile(local)) {
      return load(local);
    }
    return defaults();
  }

  /** Built-in defaults (plus environment overrides), folders relative to the working folder. */
  public IdsConfig defaults() {
    return build(Optional.empty(), Map.of(), workingDir);
  }

  /** Loads one file. */
  public IdsConfig load(Path file) {
    Path abs = workingDir.resolve(file).normalize();
    if (!Files.exists(abs)) {
      throw new ConfigException(file + ": config file not found");
    }
    if (!Files.isRegularFile(abs) || !Files.isReadable(abs)) {
      throw new ConfigException(file + ": config file is not a readable file");
    }
    Object doc;
    try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
      LoaderOptions opts = new LoaderOptions();
      opts.setAllowDuplicateKeys(false);
      doc = new Yaml(new SafeConstructor(opts)).load(r);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(
          file
              + ": line "
              + (e.getProblemMark() == null ? "?" : e.getProblemMark().getLine() + 1)
              + ": "
              + Messages.oneLine(e.getProblem()));
    } catch (YAMLException e) {
      throw new ConfigException(file + ": not valid YAML: " + Messages.oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
    }
    Map<String, Object> raw = new LinkedHashMap<>();
    if (doc != null) {
      if (!(doc instanceof Map<?, ?> m)) {
        throw new ConfigException(file + ": expected a mapping of key: value at the top level");
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        raw.put(String.valueOf(e.getKey()), e.getValue());
      }
    }
    return build(Optional.of(abs), raw, abs.getParent());
  }

  private IdsConfig build(Optional<Path> source, Map<String, Object> raw, Path baseDir) {
    String where = source.map(Path::toString).orElse("built-in defaults");
    for (String k : raw.keySet()) {
      if (ConfigKeys.byName(k).isEmpty()) {
        String hint = ConfigKeys.nearest(k).map(n -> " (did you mean '" + n + "'?)").orElse("");
        throw new ConfigException(where + ": unknown key '" + k + "'" + hint);
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Path> paths = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (ConfigKey<?> key : ConfigKeys.all().values()) {
      Object value = key.defaultValue();
      String origin = "default";
      Path base = workingDir;
      if (raw.containsKey(key.name())) {
        value = convert(where, key, raw.get(key.name()));
        origin = "file";
        base = baseDir;
      }
      Optional<String> envName = ConfigKeys.envOverride(key);
      if (envName.isPresent()) {
        String v = env.get(envName.get());
        if (v != null && !v.isBlank()) {
          value = v;
          origin = "env " + envName.get();
          base = workingDir;
        }
      }
      check(origin.startsWith("env") ? origin : where, key, value);
      origins.put(key.name(), origin);
      if (key.kind() == ConfigKey.Kind.PATH) {
        paths.put(key.name(), base.resolve((String) value).toAbsolutePath().normalize());
      } else {
        values.put(key.name(), value);
      }
    }
    return new IdsConfig(source, values, paths, origins, writable, workingDir, homeDir);
  }

  @SuppressWarnings("unchecked")
  private static <T> void check(String where, ConfigKey<T> key, Object value) {
    if (!key.isValid((T) value)) {
      throw new ConfigException(
          where + ": key '" + key.name() + "' must be " + key.validHint() + ", got " + show(value));
    }
  }

  private static Object convert(String where, ConfigKey<?> key, Object v) {
    String bad = where + ": key '" + key.name() + "' must be ";
    switch (key.kind()) {
      case INT:
        if (v instanceof Integer i) {
          return i;
        }
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
          return l.intValue();
        }
        throw new ConfigException(bad + "an integer, got " + show(v));
      case DOUBLE:
        if (v instanceof Number n && !(v instanceof java.math.BigInteger)) {
          return n.doubleValue();
        }
        throw new ConfigException(bad + "a number, got " + show(v));
      case BOOLEAN:
        if (v instanceof Boolean b) {
          return b;
        }
        throw new ConfigException(bad + "true or false, got " + show(v));
      case STRING:
      case PATH:
        if (v instanceof String s && !(key.kind() == ConfigKey.Kind.PATH && s.isBlank())) {
          return s;
        }
        throw new ConfigException(
            bad
                + (key.kind() == ConfigKey.Kind.PATH ? "a folder path" : "a string")
                + ", got "
                + show(v));
      case DOUBLE_LIST:
        if (v instanceof List<?> l) {
          List<Double> out = new ArrayList<>();
          for (Object o : l) {
            if (!(o instanceof Number n)) {
              throw new ConfigException(bad + "a list of numbers, got " + show(v));
            }
            out.add(n.doubleValue());
          }
          return List.copyOf(out);
        }
        throw new ConfigException(bad + "a list of numbers, got " + show(v));
      default:
        throw new IllegalStateException("unhandled kind " + key.kind());
    }
  }

  private static String show(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof String s) {
      return "'" + s + "'";
    }
    if (v instanceof Map<?, ?>) {
      return "a mapping";
    }
    return String.valueOf(v);
  }
}
