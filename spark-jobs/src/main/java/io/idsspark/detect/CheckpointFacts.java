package io.idsspark.detect;

import io.idsspark.errors.IdsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * One-line facts a stream keeps in its checkpoint folder, beside Spark's own files: its id (so
 * alert commits survive restarts), whether it computes host context and how it reads its files, and
 * its source. Spark keeps a stream's plan and offsets in the checkpoint, so a restart that would
 * build another plan or read another source is refused here with one line, before Spark fails on
 * it.
 */
final class CheckpointFacts {
  private CheckpointFacts() {}

  /** File in the checkpoint folder naming the stream, so alert commits survive restarts. */
  static final String STREAM_ID_FILE = "ids-stream-id";

  /**
   * A checkpoint holds its source's offsets: one made reading the flow folder cannot continue
   * reading a Kafka topic, nor one topic another.
   */
  static void requireSameSource(Path checkpoint, String source) {
    String had = kept(checkpoint, SOURCE_FILE, source);
    if (!had.equals(source)) {
      throw IdsException.usage(
          checkpoint
              + ": this checkpoint was made reading "
              + had
              + ", not "
              + source
              + "; give detect a new --checkpoint (alerts already written stay)");
    }
  }

  /** File in the checkpoint folder naming the stream's source. */
  static final String SOURCE_FILE = "ids-source";

  /** File in the checkpoint folder saying whether the stream computes host context. */
  static final String CONTEXT_FILE = "ids-context";

  /**
   * A checkpoint holds the stream's plan: one made with host context cannot continue without it,
   * nor the other way round, nor read its files another way ({@link #linesPath}). Records the
   * choice on the first start, refuses a change later.
   */
  static void requireSameContext(Path checkpoint, boolean context, boolean lines) {
    String want = !context ? "off" : lines ? CONTEXT_LINES : CONTEXT_ROWS;
    String had = kept(checkpoint, CONTEXT_FILE, want);
    if (had.equals(want)) {
      return;
    }
    String fresh = "; give detect a new --checkpoint (alerts already written stay)";
    if (had.equals(OLD_TTL_ROWS) || had.equals(OLD_TTL_LINES)) {
      throw IdsException.usage(
          checkpoint
              + ": this checkpoint keeps host context with a time to live on each bucket, as"
              + " detect did before its state was bounded by the host cap alone"
              + fresh);
    }
    if (had.equals("on")) {
      throw IdsException.usage(
          checkpoint
              + ": this checkpoint keeps host context per host, as detect did before hosts were"
              + " kept in capped hash buckets"
              + fresh);
    }
    if (!had.equals("off") && context) {
      throw IdsException.usage(
          checkpoint
              + (lines
                  ? ": this checkpoint was made reading the flow files as typed rows (an older"
                      + " detect, or --flow-format jsonl); this run reads CSV lines"
                  : ": this checkpoint was made reading CSV flow files as lines; this run reads"
                      + " typed rows (--flow-format jsonl)")
              + fresh);
    }
    throw IdsException.usage(
        checkpoint
            + ": this checkpoint was made with host context "
            + (had.equals("off") ? "off" : "on")
            + ", but the model "
            + (context ? "uses" : "does not use")
            + " it"
            + fresh);
  }

  /**
   * How a checkpoint with host context keeps it: per hash bucket of hosts (HostTable), no time to
   * live on the state.
   */
  static final String CONTEXT_ROWS = "on-buckets-2";

  /** The same, its CSV files read as lines ({@link io.idsspark.scoring.LineStream}). */
  static final String CONTEXT_LINES = "on-buckets-lines-2";

  /** The kinds before 2026-12-06 17:40 UTC: each bucket's state with a time to live. */
  static final String OLD_TTL_ROWS = "on-buckets";

  static final String OLD_TTL_LINES = "on-buckets-lines";

  /** The stream's id: created once per checkpoint folder, then read back on every restart. */
  static String streamId(Path checkpoint) {
    return kept(checkpoint, STREAM_ID_FILE, UUID.randomUUID().toString());
  }

  /**
   * A one-line fact kept in the checkpoint folder: the value the file holds, or {@code fresh},
   * written atomically on the first start.
   */
  private static String kept(Path checkpoint, String file, String fresh) {
    Path f = checkpoint.resolve(file);
    try {
      if (Files.exists(f)) {
        return Files.readString(f, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(checkpoint);
      Path tmp = checkpoint.resolve("." + file + ".tmp");
      Files.writeString(tmp, fresh + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + file + " in " + checkpoint, e);
    }
  }
}
