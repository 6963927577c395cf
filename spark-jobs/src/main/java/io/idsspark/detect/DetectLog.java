package io.idsspark.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * detect's own log: one JSON object per line, to the console and appended to {@code
 * logs_dir/detect.log}. Every line has {@code ts} and {@code event} ({@code start}, {@code batch},
 * {@code model_switch}, {@code model_error}, {@code stop}).
 */
final class DetectLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final PrintStream console;
  private final Clock clock;

  DetectLog(Path file, PrintStream console, Clock clock) {
    this.file = file;
    this.console = console;
    this.clock = clock;
  }

  /** A new line with {@code ts} and {@code event} set; fill it and {@link #write} it. */
  ObjectNode event(String event) {
    ObjectNode n = JSON.createObjectNode();
    n.put("ts", clock.instant().toString());
    n.put("event", event);
    return n;
  }

  synchronized void write(ObjectNode line) {
    String s;
    try {
      s = JSON.writeValueAsString(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (console != null) {
      console.println(s);
      console.flush();
    }
    if (file != null) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(
            file,
            s + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
