package io.idsspark.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * {@code health.jsonl}: one JSON object a line, {@code @timestamp} and {@code type} ({@code batch},
 * {@code heartbeat}, {@code drift}) first (docs/health.md). Each line is appended whole in one
 * write; a reader that tails the file (Alloy, {@code status}) never sees half a line for long. Not
 * exactly-once: a micro-batch replayed after a crash writes its line again (the batch id tells).
 */
public final class HealthLog {
  public static final String FILE = "health.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;

  public HealthLog(Path dir, Clock clock) {
    this.file = dir.resolve(FILE);
    this.clock = clock;
  }

  public Path file() {
    return file;
  }

  /** A new line with {@code @timestamp} and {@code type}; fill it and {@link #write} it. */
  public ObjectNode line(String type) {
    ObjectNode n = JSON.createObjectNode();
    n.put("@timestamp", clock.instant().toString());
    n.put("type", type);
    return n;
  }

  public synchronized void write(ObjectNode line) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
