package io.idsspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path tmp;

  private ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader(
        env, tmp.resolve("work"), tmp.resolve("home"), IdsConfig::probeWritable);
  }

  private Path write(String name, String yaml) throws IOException {
    Path dir = tmp.resolve("etc");
    Files.createDirectories(dir);
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void everyKeyHasADefaultThatPassesItsOwnCheck() {
    IdsConfig c = loader(Map.of()).defaults();
    assertEquals(10, c.get(ConfigKeys.WINDOW_SECONDS));
    assertEquals("extended", c.get(ConfigKeys.FEATURE_SET));
    assertEquals(0.02, c.get(ConfigKeys.CONTAMINATION));
    assertEquals(List.of(0.005, 0.01, 0.02, 0.05), c.get(ConfigKeys.CONTAMINATION_GRID));
    assertEquals(tmp.resolve("work/models"), c.path(ConfigKeys.MODEL_DIR));
    assertEquals(ConfigKeys.all().size(), c.asMap().size());
  }

  @Test
  void fileValuesOverrideDefaultsAndRelativeFoldersResolveAgainstTheFile() throws IOException {
    Path f = write("ids.yml", "window_seconds: 30\nmodel_dir: ../models\nfeature_set: minimal\n");
    IdsConfig c = loader(Map.of()).load(f);
    assertEquals(30, c.get(ConfigKeys.WINDOW_SECONDS));
    assertEquals("minimal", c.get(ConfigKeys.FEATURE_SET));
    assertEquals(tmp.resolve("models"), c.path(ConfigKeys.MODEL_DIR));
    assertEquals("file", c.origin(ConfigKeys.MODEL_DIR));
    // untouched keys keep defaults, resolved against the working folder
    assertEquals(tmp.resolve("work/logs"), c.path(ConfigKeys.LOGS_DIR));
  }

  @Test
  void environmentBeatsTheFile() throws IOException {
    Path f = write("ids.yml", "logs_dir: /var/somewhere\n");
    IdsConfig c =
        loader(Map.of("IDS_LOGS_DIR", "/srv/ids-logs", "IDS_FLOWS_DIR", "rel/flows")).load(f);
    assertEquals(Path.of("/srv/ids-logs"), c.path(ConfigKeys.LOGS_DIR));
    assertEquals("env IDS_LOGS_DIR", c.origin(ConfigKeys.LOGS_DIR));
    assertEquals(tmp.resolve("work/rel/flows"), c.path(ConfigKeys.FLOWS_DIR));
  }

  @Test
  void theShippedConfigLoadsAndPointsAtTheTopLevelFolders() {
    Path root = Path.of(System.getProperty("ids.project.root", ".."));
    Path shipped = root.resolve("config/ids.yml");
    IdsConfig c = loader(Map.of()).load(shipped.toAbsolutePath());
    Path top = root.toAbsolutePath().normalize();
    assertEquals(top.resolve("models"), c.path(ConfigKeys.MODEL_DIR));
    assertEquals(top.resolve("logs"), c.path(ConfigKeys.LOGS_DIR));
    assertEquals(top.resolve("data/flows"), c.path(ConfigKeys.FLOWS_DIR));
    for (String key : ConfigKeys.names()) {
      assertEquals(
          "file", c.origin(ConfigKeys.byName(key).orElseThrow()), key + " not in shipped file");
    }
  }

  @Test
  void aTypoNamesTheKeyAndTheNearestValidOne() throws IOException {
    Path f = write("ids.yml", "windw_seconds: 10\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load(f));
    assertEquals(
        f + ": unknown key 'windw_seconds' (did you mean 'window_seconds'?)", e.getMessage());
  }

  @Test
  void anUnrelatedUnknownKeyHasNoSuggestion() throws IOException {
    Path f = write("ids.yml", "colour_scheme_of_the_dashboard: blue\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load(f));
    assertTrue(
        e.getMessage().endsWith("unknown key 'colour_scheme_of_the_dashboard'"), e.getMessage());
  }

  @Test
  void wrongTypesAndBadValuesNameTheKey() throws IOException {
    String[][] cases = {
      {"window_seconds: ten\n", "key 'window_seconds' must be an integer, got 'ten'"},
      {"window_seconds: 0\n", "key 'window_seconds' must be > 0, got 0"},
      {"contamination: 0.7\n", "key 'contamination' must be between 0 and 0.5, got 0.7"},
      {"feature_set: huge\n", "key 'feature_set' must be minimal or extended, got 'huge'"},
      {"contamination_grid: [0.01, x]\n", "key 'contamination_grid' must be a list of numbers"},
      {"model_dir: 5\n", "key 'model_dir' must be a folder path, got 5"},
      {"trigger_interval: soon\n", "key 'trigger_interval' must be a number with ms, s or m"},
    };
    for (String[] c : cases) {
      Path f = write("bad.yml", c[0]);
      ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load(f));
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
  }

  @Test
  void missingUnreadableAndMalformedFilesAreOneLineErrors() throws IOException {
    ConfigException missing =
        assertThrows(ConfigException.class, () -> loader(Map.of()).load(tmp.resolve("nope.yml")));
    assertTrue(missing.getMessage().endsWith("nope.yml: config file not found"));

    Path dir = Files.createDirectories(tmp.resolve("adir.yml"));
    assertThrows(ConfigException.class, () -> loader(Map.of()).load(dir));

    Path broken = write("broken.yml", "window_seconds: [1, 2\nfoo: bar\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load(broken));
    assertTrue(e.getMessage().startsWith(broken + ": line "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));

    Path list = write("list.yml", "- a\n- b\n");
    assertThrows(ConfigException.class, () -> loader(Map.of()).load(list));
  }

  @Test
  void anEmptyFileMeansDefaults() throws IOException {
    Path f = write("empty.yml", "# nothing\n");
    assertEquals(10, loader(Map.of()).load(f).get(ConfigKeys.WINDOW_SECONDS));
  }

  @Test
  void cliLookupPrefersExplicitThenEnvThenLocalFile() throws IOException {
    Path f = write("explicit.yml", "window_seconds: 11\n");
    Path viaEnv = write("env.yml", "window_seconds: 12\n");
    Files.createDirectories(tmp.resolve("work/config"));
    Files.writeString(tmp.resolve("work/config/ids.yml"), "window_seconds: 13\n");
    assertEquals(
        11,
        loader(Map.of("IDS_CONFIG", viaEnv.toString()))
            .loadForCli(f)
            .get(ConfigKeys.WINDOW_SECONDS));
    assertEquals(
        12,
        loader(Map.of("IDS_CONFIG", viaEnv.toString()))
            .loadForCli(null)
            .get(ConfigKeys.WINDOW_SECONDS));
    assertEquals(13, loader(Map.of()).loadForCli(null).get(ConfigKeys.WINDOW_SECONDS));
  }

  @Test
  void anUnwritableFolderFallsBackToTheWorkingFolderAndIsRecorded() throws IOException {
    // /proc refuses new folders even to root, so this is a real unwritable path, not a simulated
    // one.
    Path f = write("ids.yml", "logs_dir: /proc/ids-spark-test/logs\n");
    IdsConfig c = loader(Map.of()).load(f);
    Path used = c.writableDir(ConfigKeys.LOGS_DIR);
    assertEquals(tmp.resolve("work/logs"), used);
    assertTrue(Files.isDirectory(used));
    assertEquals(
        List.of(new PathFallback("logs_dir", Path.of("/proc/ids-spark-test/logs"), used)),
        c.fallbacks());
    // asked again, the same fallback, recorded once
    assertEquals(used, c.writableDir(ConfigKeys.LOGS_DIR));
    assertEquals(1, c.fallbacks().size());
  }

  @Test
  void fallbackOrderIsWorkingFolderThenHome() {
    Path work = tmp.resolve("work");
    ConfigLoader l =
        new ConfigLoader(
            Map.of("IDS_MODEL_DIR", "/proc/x/models"),
            work,
            tmp.resolve("home"),
            p -> !p.startsWith("/proc") && !p.startsWith(work) && IdsConfig.probeWritable(p));
    IdsConfig c = l.defaults();
    assertEquals(tmp.resolve("home/.ids-spark/models"), c.writableDir(ConfigKeys.MODEL_DIR));
  }

  @Test
  void noWritableFolderAtAllIsAClearError() {
    ConfigLoader l = new ConfigLoader(Map.of(), tmp, tmp, p -> false);
    ConfigException e =
        assertThrows(ConfigException.class, () -> l.defaults().writableDir(ConfigKeys.FLOWS_DIR));
    assertTrue(e.getMessage().startsWith("flows_dir: "), e.getMessage());
    assertTrue(e.getMessage().contains("is not writable, and neither is any fallback"));
  }

  @Test
  void nearestKeyUsesEditDistance() {
    assertEquals(3, ConfigKeys.levenshtein("kitten", "sitting"));
    assertEquals("feature_set", ConfigKeys.nearest("featureset").orElseThrow());
    assertEquals("logs_dir", ConfigKeys.nearest("log_dir").orElseThrow());
  }
}
