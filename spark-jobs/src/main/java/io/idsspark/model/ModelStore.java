package io.idsspark.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Versioned model folders on any Hadoop file system.
 *
 * <pre>
 * models/                       the root ("--out models", "--model models")
 *   LATEST                      one line: the newest version folder's name, replaced atomically
 *   20260301-101500-3fa2c1/     UTC yyyyMMdd-HHmmss + the first 6 hex digits of model.json's SHA-256
 *     model.json                pipeline, params, trees as arrays (format_version 1)
 *     thresholds.json           {"format_version": 1, "yellow", "red", "rule"}
 *     model_card.json           how the model was made; model_sha256 guards model.json
 * </pre>
 *
 * <p>{@link #load} takes a root (follows LATEST) or a version folder (pinned); every problem
 * (missing, corrupted, truncated, tampered, newer format) is a {@link IdsException#model} (exit 4)
 * naming the file.
 */
public final class ModelStore {
  public static final String LATEST = "LATEST";
  public static final String MODEL_JSON = "model.json";
  public static final String THRESHOLDS_JSON = "thresholds.json";
  public static final String CARD_JSON = "model_card.json";

  private static final long MAX_MODEL_BYTES = 512L << 20;
  private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private ModelStore() {}

  /** Saves with the system UTC clock and a default Hadoop configuration. */
  public static StoredModel save(
      String root, IsolationForestModel model, Thresholds thresholds, ModelCard card) {
    return save(root, model, thresholds, card, Clock.systemUTC(), new Configuration());
  }

  /**
   * Writes a new version folder under {@code root}, then atomically points {@code LATEST} at it.
   * The card gets {@code version} and {@code model_sha256} added.
   *
   * @return the saved model as {@link #load} would return it
   */
  public static StoredModel save(
      String root,
      IsolationForestModel model,
      Thresholds thresholds,
      ModelCard card,
      Clock clock,
      Configuration conf) {
    try {
      byte[] modelBytes = Json.write(model.toJson());
      String sha = sha256(modelBytes);
      Path rootPath = new Path(root);
      FileSystem fs = fileSystem(rootPath, conf);
      fs.mkdirs(rootPath);
      String base = STAMP.format(clock.instant()) + "-" + sha.substring(0, 6);
      String version = base;
      for (int i = 2; fs.exists(new Path(rootPath, version)); i++) {
        version = base + "-" + i;
      }
      Path dir = new Path(rootPath, version);
      fs.mkdirs(dir);
      ObjectNode cardJson = card.json();
      cardJson.put("version", version);
      cardJson.put("model_sha256", sha);
      write(fs, new Path(dir, MODEL_JSON), modelBytes);
      write(fs, new Path(dir, THRESHOLDS_JSON), Json.write(thresholds.toJson()));
      write(fs, new Path(dir, CARD_JSON), Json.write(cardJson));
      replaceLatest(fs, conf, rootPath, version);
      return new StoredModel(version, dir.toString(), model, thresholds, new ModelCard(cardJson));
    } catch (IOException e) {
      throw IdsException.model(root + ": cannot write model: " + e.getMessage());
    }
  }

  /**
   * The file system of a path; the raw one for local files (no .crc side files in model folders).
   */
  private static FileSystem fileSystem(Path p, Configuration conf) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  private static void write(FileSystem fs, Path p, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(p, false)) {
      out.write(bytes);
      out.write('\n');
    }
  }

  /** Writes LATEST next to itself, then renames over the old one (atomic on local FS and HDFS). */
  private static void replaceLatest(FileSystem fs, Configuration conf, Path root, String version)
      throws IOException {
    Path tmp = new Path(root, "." + LATEST + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = fs.create(tmp, false)) {
      out.write((version + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Path latest = new Path(root, LATEST);
    if (fs instanceof RawLocalFileSystem local) {
      java.nio.file.Path from = local.pathToFile(tmp).toPath();
      java.nio.file.Path to = local.pathToFile(latest).toPath();
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      FileContext.getFileContext(root.toUri(), conf).rename(tmp, latest, Options.Rename.OVERWRITE);
    }
  }

  /** Loads with a default Hadoop configuration (local files, or fully qualified URIs). */
  public static StoredModel load(String pathOrRoot) {
    return load(pathOrRoot, new Configuration());
  }

  /**
   * Loads a model from a models root (following LATEST) or a version folder.
   *
   * @throws IdsException (exit 4) naming the file and the problem
   */
  public static StoredModel load(String pathOrRoot, Configuration conf) {
    try {
      Path p = new Path(pathOrRoot);
      FileSystem fs = fileSystem(p, conf);
      Path dir = resolveVersionDir(fs, p);
      String version = dir.getName();
      Path modelPath = new Path(dir, MODEL_JSON);
      byte[] modelBytes = read(fs, modelPath);
      String modelText = new String(modelBytes, StandardCharsets.UTF_8);
      ModelCard card =
          ModelCard.fromJson(
              Json.parse(readText(fs, new Path(dir, CARD_JSON)), file(dir, CARD_JSON)),
              file(dir, CARD_JSON));
      // Order: syntax (names truncation), then the hash (names tampering), then structure.
      JsonNode modelJson = Json.parse(modelText, modelPath.toString());
      String want = card.text("model_sha256");
      if (!want.isEmpty() && !want.equalsIgnoreCase(sha256(trimmedJson(modelBytes)))) {
        throw IdsException.model(
            modelPath
                + ": does not match model_sha256 in "
                + CARD_JSON
                + " (the file was modified or corrupted after training)");
      }
      IsolationForestModel model = IsolationForestModel.fromJson(modelJson, modelPath.toString());
      Thresholds t =
          Thresholds.fromJson(
              Json.parse(readText(fs, new Path(dir, THRESHOLDS_JSON)), file(dir, THRESHOLDS_JSON)),
              file(dir, THRESHOLDS_JSON));
      return new StoredModel(version, dir.toString(), model, t, card);
    } catch (IOException e) {
      throw IdsException.model(pathOrRoot + ": cannot read model: " + e.getMessage());
    }
  }

  /**
   * The version LATEST names under a models root, without loading it (cheap: detect calls it at
   * every batch boundary); empty when {@code pathOrRoot} is a version folder or has no LATEST.
   */
  public static Optional<String> latestVersion(String pathOrRoot, Configuration conf) {
    try {
      Path p = new Path(pathOrRoot);
      FileSystem fs = fileSystem(p, conf);
      Path latest = new Path(p, LATEST);
      if (!fs.exists(latest)) {
        return Optional.empty();
      }
      return Optional.of(readLatest(fs, latest));
    } catch (IOException e) {
      throw IdsException.model(pathOrRoot + ": cannot read " + LATEST + ": " + e.getMessage());
    }
  }

  private static Path resolveVersionDir(FileSystem fs, Path p) throws IOException {
    if (!fs.exists(p)) {
      throw IdsException.model(p + ": no such model folder (train one with 'train --out')");
    }
    if (fs.getFileStatus(p).isFile()) {
      if (p.getName().equals(MODEL_JSON)) {
        return p.getParent();
      }
      throw IdsException.model(
          p + ": is a file; give a models root (with " + LATEST + ") or a version folder");
    }
    Path latest = new Path(p, LATEST);
    if (fs.exists(latest)) {
      String name = readLatest(fs, latest);
      Path dir = new Path(p, name);
      if (!fs.exists(dir)) {
        throw IdsException.model(
            latest + " names version '" + name + "', but " + dir + " does not exist");
      }
      return dir;
    }
    if (fs.exists(new Path(p, MODEL_JSON))) {
      return p;
    }
    throw IdsException.model(
        p
            + ": neither a models root (no "
            + LATEST
            + ") nor a version folder (no "
            + MODEL_JSON
            + ")");
  }

  private static String readLatest(FileSystem fs, Path latest) throws IOException {
    String text = new String(read(fs, latest), StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      throw IdsException.model(latest + ": empty (expected the name of a version folder)");
    }
    String name = text.lines().findFirst().orElse("").trim();
    if (!VERSION_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw IdsException.model(latest + ": '" + name + "' is not a version folder name");
    }
    return name;
  }

  private static String file(Path dir, String name) {
    return new Path(dir, name).toString();
  }

  private static String readText(FileSystem fs, Path p) throws IOException {
    return new String(read(fs, p), StandardCharsets.UTF_8);
  }

  private static byte[] read(FileSystem fs, Path p) throws IOException {
    if (!fs.exists(p)) {
      throw IdsException.model(p + ": missing");
    }
    long len = fs.getFileStatus(p).getLen();
    if (len > MAX_MODEL_BYTES) {
      throw IdsException.model(p + ": " + len + " bytes, larger than any model this tool writes");
    }
    try (InputStream in = fs.open(p)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream((int) len);
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  /** The bytes the hash covers: the file without the trailing newline {@link #write} adds. */
  private static byte[] trimmedJson(byte[] b) {
    int n = b.length;
    while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
      n--;
    }
    return n == b.length ? b : java.util.Arrays.copyOf(b, n);
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unused")
  private static String pretty(JsonNode n) throws JsonProcessingException {
    return Json.MAPPER.writeValueAsString(n);
  }
}
