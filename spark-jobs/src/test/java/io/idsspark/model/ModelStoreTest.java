package io.idsspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.forest.ForestData;
import io.idsspark.forest.IsolationForest;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.json.Json;
import io.idsspark.testing.TestSpark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  private static final SparkSession SPARK = TestSpark.session();
  private static Dataset<Row> data;
  private static IsolationForestModel model;
  private static final Thresholds THRESHOLDS = new Thresholds(0.55, 0.65, "test");

  @TempDir Path tmp;

  @BeforeAll
  static void train() {
    data = ForestData.frame(SPARK, 1000, 3, 0.02, false, 4);
    model = new IsolationForest().setNumTrees(20).setSeed(8).fit(data);
  }

  private StoredModel save(Path root, Instant at) {
    return ModelStore.save(
        root.toString(),
        model,
        THRESHOLDS,
        ModelCard.empty(),
        Clock.fixed(at, ZoneOffset.UTC),
        new Configuration());
  }

  @Test
  void savedModelScoresIdenticallyAfterLoad() {
    StoredModel saved = save(tmp, Instant.parse("2026-03-01T10:15:00Z"));
    assertTrue(saved.version().startsWith("20260301-101500-"), saved.version());
    StoredModel loaded = ModelStore.load(tmp.toString());
    assertEquals(saved.version(), loaded.version());
    assertEquals(THRESHOLDS, loaded.thresholds());
    assertEquals(model.pipeline().features(), loaded.pipeline().features());
    List<Row> a = model.transform(data).select("score").collectAsList();
    List<Row> b = loaded.score(data).select("score").collectAsList();
    assertEquals(a, b);
    // a version folder loads too (pinned)
    assertEquals(
        saved.version(), ModelStore.load(tmp.resolve(saved.version()).toString()).version());
  }

  @Test
  void extendedModelRoundTripsWithIdenticalScores() {
    IsolationForestModel ext =
        new IsolationForest()
            .setNumTrees(15)
            .setSeed(9)
            .setExtended(true)
            .setExtensionLevel(1)
            .setPipeline(
                FeaturePipeline.of(
                    List.of("f0", "f1", "f2"), FeaturePipeline.Transform.SIGNED_LOG1P))
            .fit(data);
    ModelStore.save(tmp.toString(), ext, THRESHOLDS, ModelCard.empty());
    StoredModel loaded = ModelStore.load(tmp.toString());
    assertEquals(1, loaded.forest().forestParams().extensionLevel());
    assertEquals(
        ext.transform(data).select("score").collectAsList(),
        loaded.score(data).select("score").collectAsList());
  }

  @Test
  void levelsFollowTheThresholds() {
    StoredModel saved = save(tmp, Instant.parse("2026-03-01T10:15:00Z"));
    for (Row r : saved.score(data).select("score", "level").collectAsList()) {
      assertEquals(THRESHOLDS.level(r.getDouble(0)), r.getString(1));
    }
    assertEquals("red", THRESHOLDS.level(0.65));
    assertEquals("yellow", THRESHOLDS.level(0.55));
    assertEquals("normal", THRESHOLDS.level(0.5499));
  }

  @Test
  void latestFollowsTheNewestSaveAtomically() throws IOException {
    StoredModel first = save(tmp, Instant.parse("2026-03-01T10:15:00Z"));
    StoredModel second = save(tmp, Instant.parse("2026-03-01T11:00:00Z"));
    assertEquals(second.version() + "\n", Files.readString(tmp.resolve("LATEST")));
    assertEquals(second.version(), ModelStore.load(tmp.toString()).version());
    assertEquals(
        second.version(),
        ModelStore.latestVersion(tmp.toString(), new Configuration()).orElseThrow());
    assertTrue(Files.isDirectory(tmp.resolve(first.version())));
    try (var files = Files.list(tmp)) {
      assertEquals(3, files.count(), "two versions and LATEST, no temp or .crc files left");
    }
  }

  @Test
  void corruptedJsonIsAModelError() throws IOException {
    StoredModel s = save(tmp, Instant.now());
    Path f = tmp.resolve(s.version()).resolve("model.json");
    Files.writeString(f, Files.readString(f).replaceFirst("\\{", "{ oops"));
    assertModelError("not valid JSON", f);
  }

  @Test
  void truncatedFileIsAModelError() throws IOException {
    StoredModel s = save(tmp, Instant.now());
    Path f = tmp.resolve(s.version()).resolve("model.json");
    byte[] b = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(b, b.length / 2));
    assertModelError("truncated", f);
  }

  @Test
  void tamperedChildIndexIsRefusedEvenWithAMatchingHash() throws IOException {
    StoredModel s = save(tmp, Instant.now());
    Path dir = tmp.resolve(s.version());
    ObjectNode m = (ObjectNode) Json.MAPPER.readTree(dir.resolve("model.json").toFile());
    ArrayNode right = (ArrayNode) m.at("/forest/trees/0/right");
    right.set(0, 999_999);
    byte[] bytes = Json.MAPPER.writeValueAsBytes(m);
    Files.write(dir.resolve("model.json"), bytes);
    // without fixing the hash: the hash check catches it
    assertModelError("does not match model_sha256", dir.resolve("model.json"));
    // with the hash "fixed" by the tamperer: the structural check catches it
    ObjectNode card = (ObjectNode) Json.MAPPER.readTree(dir.resolve("model_card.json").toFile());
    card.put("model_sha256", ModelStore.sha256(bytes));
    Files.write(dir.resolve("model_card.json"), Json.MAPPER.writeValueAsBytes(card));
    assertModelError("forest.trees[0]: node 0: child index 999999 out of range", dir);
  }

  @Test
  void tamperedFeatureIndexIsRefused() throws IOException {
    StoredModel s = save(tmp, Instant.now());
    Path dir = tmp.resolve(s.version());
    editModel(dir, m -> ((ArrayNode) m.at("/forest/trees/1/feature")).set(0, 7));
    assertModelError("feature index 7 out of range 0..2", dir);
  }

  @Test
  void futureFormatVersionIsRefused() throws IOException {
    StoredModel s = save(tmp, Instant.now());
    Path dir = tmp.resolve(s.version());
    editModel(dir, m -> m.put("format_version", 99));
    assertModelError("format_version 99 is newer than this program reads (1)", dir);
    Files.writeString(
        dir.resolve("thresholds.json"),
        "{\"format_version\": 2, \"yellow\": 0.5, \"red\": 0.6, \"rule\": \"x\"}");
    editModel(dir, m -> m.put("format_version", 1));
    assertModelError("thresholds.json: format_version 2 is newer", dir);
  }

  @Test
  void missingLatestTargetOrFolderIsAModelError() throws IOException {
    save(tmp, Instant.now());
    Files.writeString(tmp.resolve("LATEST"), "20990101-000000-abcdef\n");
    assertModelError("names version '20990101-000000-abcdef', but", tmp);
    Files.writeString(tmp.resolve("LATEST"), "../../etc\n");
    assertModelError("is not a version folder name", tmp);
    Files.writeString(tmp.resolve("LATEST"), "");
    assertModelError("LATEST: empty", tmp);
    assertModelError("no such model folder", tmp.resolve("nope"));
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertModelError("neither a models root", empty);
  }

  @Test
  void badThresholdsAreRefused() throws IOException {
    StoredModel s = save(tmp, Instant.now());
    Path f = tmp.resolve(s.version()).resolve("thresholds.json");
    Files.writeString(f, "{\"format_version\": 1, \"yellow\": 0.7, \"red\": 0.6, \"rule\": \"x\"}");
    assertModelError("0 < yellow < red <= 1", f.getParent());
    Files.delete(f);
    assertModelError("thresholds.json: missing", f.getParent());
  }

  /** The committed fixture: a model saved by an earlier build must keep loading and scoring. */
  @Test
  void committedFixtureStillLoadsAndScores() throws IOException {
    Path root = tmp.resolve("fixture");
    String version = "20260301-000000-fixture";
    Files.createDirectories(root.resolve(version));
    for (String f : List.of("model.json", "thresholds.json", "model_card.json")) {
      try (InputStream in =
          getClass().getResourceAsStream("/models/fixture-v1/" + version + "/" + f)) {
        Files.write(root.resolve(version).resolve(f), in.readAllBytes());
      }
    }
    Files.writeString(root.resolve("LATEST"), version + "\n", StandardCharsets.UTF_8);
    StoredModel m = ModelStore.load(root.toString());
    assertEquals(List.of("f0", "f1", "f2"), m.pipeline().columnNames());
    assertEquals(10, m.forest().numTrees());
    // expected scores recorded when the fixture was made (FixtureMaker in this package)
    double[][] points = {{0, 0, 0}, {6, 6, 0}, {-1, 0.5, 2}};
    double[] want = readExpected();
    double[] got = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      got[i] = m.forest().score(points[i]);
    }
    assertArrayEquals(want, got, 1e-12);
    assertTrue(got[1] > got[0]);
  }

  /**
   * The shipped model was written by the hand-built JSON writer that databind replaced: reading it
   * and writing it again must give the same bytes (names, order, number forms, nulls), so models on
   * disk and the SHA-256 in their cards stay valid.
   */
  @Test
  void modelWrittenBeforeDatabindRewritesToTheSameBytes() throws IOException {
    // written by the hand-built writer (the model shipped before host context)
    Path root =
        Path.of(System.getProperty("ids.project.root", ".."))
            .resolve("spark-jobs/src/test/resources/models/quality-v2");
    String version = Files.readString(root.resolve("LATEST"), StandardCharsets.UTF_8).trim();
    for (String f : List.of("model.json", "thresholds.json")) {
      byte[] disk = Files.readAllBytes(root.resolve(version).resolve(f));
      String text = new String(disk, StandardCharsets.UTF_8);
      byte[] again =
          f.equals("model.json")
              ? Json.write(
                  io.idsspark.forest.IsolationForestModel.fromJson(Json.parse(text, f), f).toJson())
              : Json.write(Thresholds.fromJson(Json.parse(text, f), f).toJson());
      // ModelStore ends each file with a newline
      assertEquals(text, new String(again, StandardCharsets.UTF_8) + "\n", f);
    }
  }

  private double[] readExpected() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/models/fixture-v1/expected_scores.json")) {
      var n = Json.MAPPER.readTree(in);
      double[] out = new double[n.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = n.get(i).doubleValue();
      }
      return out;
    }
  }

  private static void editModel(Path dir, Consumer<ObjectNode> edit) throws IOException {
    ObjectNode m = (ObjectNode) Json.MAPPER.readTree(dir.resolve("model.json").toFile());
    edit.accept(m);
    byte[] bytes = Json.MAPPER.writeValueAsBytes(m);
    Files.write(dir.resolve("model.json"), bytes);
    ObjectNode card = (ObjectNode) Json.MAPPER.readTree(dir.resolve("model_card.json").toFile());
    card.put("model_sha256", ModelStore.sha256(bytes));
    Files.write(dir.resolve("model_card.json"), Json.MAPPER.writeValueAsBytes(card));
  }

  private static void assertModelError(String fragment, Path path) {
    IdsException e =
        assertThrows(IdsException.class, () -> ModelStore.load(path.toString()), fragment);
    assertEquals(IdsException.Kind.MODEL, e.kind());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
