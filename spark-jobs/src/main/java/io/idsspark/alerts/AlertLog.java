package io.idsspark.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends alerts to {@code alerts.csv} and {@code alerts.jsonl} in one folder (and, when asked, the
 * incident records made from them to {@code incidents.csv} and {@code incidents.jsonl}, with the
 * state that made them), exactly once per (stream, batch) even when the process is killed anywhere
 * in the middle.
 *
 * <p>Protocol, under an exclusive file lock ({@code .alerts.lock}), for batch {@code b} of stream
 * {@code s}:
 *
 * <ol>
 *   <li>Read the commit file {@code .alerts-commit.json}: the committed byte length of each file,
 *       per stream the last committed batch id, and the committed state of the incident grouping.
 *   <li>If {@code b <= last[s]}, the batch is already in both files: skip (Spark replays the last
 *       batch after a crash that hit after our commit but before its own).
 *   <li>Truncate each file back to its committed length: this drops whatever an earlier, killed
 *       attempt of {@code b} (or of a one-shot run) left behind, in either file.
 *   <li>Append the CSV lines (header first if the file is empty), force to disk; append the JSON
 *       lines, force to disk; the same for the incident records, made from the committed state.
 *   <li>Write the new commit file with the new state (temp file, force, atomic rename): only now is
 *       {@code b} done.
 * </ol>
 *
 * A kill before step 5 leaves an uncommitted tail that step 3 of the retry removes; a kill after it
 * leaves a committed batch that step 2 of the retry skips. Readers that tail the files (Alloy) may
 * see a tail that is later truncated; the files themselves never hold an alert twice.
 *
 * <p>If a file is shorter than its committed length (someone rotated or truncated it), its current
 * length is taken as the new base and a warning logged: what was removed cannot be restored. An
 * {@code alerts.csv} or {@code incidents.csv} whose header is not the current one (written by an
 * older version) is renamed aside ({@code alerts.csv.old-<time>}) with a one-line message, so a
 * file never mixes two layouts.
 */
public final class AlertLog {
  /** File names in the alerts folder. */
  public static final String CSV_FILE = "alerts.csv";

  public static final String JSONL_FILE = "alerts.jsonl";
  public static final String INCIDENTS_CSV_FILE = "incidents.csv";
  public static final String INCIDENTS_JSONL_FILE = "incidents.jsonl";
  static final String COMMIT_FILE = ".alerts-commit.json";
  static final String LOCK_FILE = ".alerts.lock";
  private static final int COMMIT_VERSION = 2;

  /**
   * Test hook: {@code -Dids.test.pauseAt=after-csv:3} (or env {@code IDS_TEST_PAUSE_AT}) makes the
   * append of batch 3 stop after the CSV write, create {@code .paused-after-csv-3} in the alerts
   * folder and wait there, so that a test can SIGKILL the process at that point. Points: {@code
   * after-csv}, {@code after-jsonl}, {@code after-incidents-csv}, {@code after-incidents-jsonl},
   * {@code after-publish} (only with a publisher that had records), {@code after-commit}.
   */
  static final String PAUSE_PROPERTY = "ids.test.pauseAt";

  private static final Logger LOG = LoggerFactory.getLogger(AlertLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String pauseAt;

  /** Alerts in {@code dir} (created if missing). */
  public AlertLog(Path dir) {
    this.dir = dir.toAbsolutePath();
    String p = System.getProperty(PAUSE_PROPERTY);
    this.pauseAt = p != null ? p : System.getenv("IDS_TEST_PAUSE_AT");
    try {
      Files.createDirectories(this.dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create alerts folder " + this.dir, e);
    }
  }

  public Path csvPath() {
    return dir.resolve(CSV_FILE);
  }

  public Path jsonlPath() {
    return dir.resolve(JSONL_FILE);
  }

  /**
   * What a batch adds to the incident files, made from the committed state of the grouping.
   *
   * @param csv incident CSV lines (without header)
   * @param jsonl incident JSON lines
   * @param state the grouping's state after this batch, committed with it
   */
  public record IncidentTail(String csv, String jsonl, JsonNode state) {}

  /** Appends one batch of a stream exactly once, without incidents (see the other overload). */
  public boolean append(String streamId, long batchId, List<Alert> alerts, Instant created) {
    return append(streamId, batchId, alerts, created, null);
  }

  /**
   * Appends one batch of a stream exactly once.
   *
   * @param streamId identifies the stream whose batch ids these are (stable across restarts of the
   *     same checkpoint); null for a one-shot run, which is never skipped
   * @param batchId the stream's batch id (ignored when {@code streamId} is null)
   * @param alerts the batch's alerts, in the order to write them
   * @param created detection time for {@code event.created}
   * @param incidents when not null, called (under the lock) with the committed incident state (null
   *     when there is none) for the batch's incident records and new state
   * @return false if the batch had already been committed and was skipped
   */
  public boolean append(
      String streamId,
      long batchId,
      List<Alert> alerts,
      Instant created,
      Function<JsonNode, IncidentTail> incidents) {
    try (FileChannel lockChannel =
            FileChannel.open(
                dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.lock()) {
      Commit commit = readCommit();
      if (commit.fresh) {
        // the base lengths are committed before the first write: a first batch that fails or is
        // killed half-way is then truncated away by its retry, not taken as what was there
        writeCommit(commit);
      }
      if (streamId != null) {
        Long last = commit.lastBatch.get(streamId);
        if (last != null && batchId <= last) {
          LOG.info(
              "alerts of {} batch {} already committed, skipping the replay", streamId, batchId);
          return false;
        }
      }
      StringBuilder csv = new StringBuilder(alerts.size() * 200 + 128);
      StringBuilder jsonl = new StringBuilder(alerts.size() * 450);
      List<AlertPublisher.Keyed> published = new ArrayList<>();
      for (Alert a : alerts) {
        csv.append(AlertFormats.csvLine(a));
        String line = AlertFormats.jsonLine(a, created);
        jsonl.append(line);
        if (publisher != null) {
          published.add(new AlertPublisher.Keyed(a.alertId(), line.strip()));
        }
      }
      write(commit, CSV_FILE, AlertFormats.csvHeader(), csv, "after-csv", batchId);
      write(commit, JSONL_FILE, null, jsonl, "after-jsonl", batchId);
      List<AlertPublisher.Keyed> incidentRecords = new ArrayList<>();
      if (incidents != null) {
        IncidentTail tail = incidents.apply(commit.state);
        write(
            commit,
            INCIDENTS_CSV_FILE,
            incidentsCsvHeader,
            tail.csv(),
            "after-incidents-csv",
            batchId);
        write(commit, INCIDENTS_JSONL_FILE, null, tail.jsonl(), "after-incidents-jsonl", batchId);
        commit.state = tail.state();
        if (publisher != null) {
          incidentRecords = keyedIncidents(tail.jsonl());
        }
      }
      if (publisher != null && (!published.isEmpty() || !incidentRecords.isEmpty())) {
        // before the commit: a batch killed or failed from here on is published again on retry
        publisher.publish(published, incidentRecords);
        pause("after-publish", batchId);
      }
      if (streamId != null) {
        commit.lastBatch.put(streamId, batchId);
      }
      writeCommit(commit);
      pause("after-commit", batchId);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append alerts in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Incident JSON lines keyed by their {@code incident_id}. */
  private static List<AlertPublisher.Keyed> keyedIncidents(String jsonl) throws IOException {
    List<AlertPublisher.Keyed> out = new ArrayList<>();
    for (String line : jsonl.split("\n")) {
      if (!line.isBlank()) {
        out.add(new AlertPublisher.Keyed(JSON.readTree(line).path("incident_id").asText(), line));
      }
    }
    return out;
  }

  private AlertPublisher publisher;

  /**
   * This log, also publishing each batch's alerts and incident records to {@code p} before the
   * batch's commit (at-least-once there; the files stay exactly-once).
   */
  public AlertLog withPublisher(AlertPublisher p) {
    this.publisher = p;
    return this;
  }

  /** The incident CSV header (set by whoever writes incidents; the alerts package knows none). */
  private String incidentsCsvHeader;

  /** This log with incident files whose CSV header is {@code csvHeader} (with its line end). */
  public AlertLog withIncidents(String csvHeader) {
    this.incidentsCsvHeader = csvHeader;
    return this;
  }

  private void write(
      Commit commit, String name, String header, CharSequence text, String point, long batchId)
      throws IOException {
    Path file = dir.resolve(name);
    long committed = commit.bytes.getOrDefault(name, 0L);
    if (header != null && committed > 0 && rotateOldLayout(file, header)) {
      committed = 0;
    }
    commit.bytes.put(name, writeTail(file, committed, text, header));
    pause(point, batchId);
  }

  /** Renames a CSV whose first line is not {@code header} aside; true if it did. */
  private boolean rotateOldLayout(Path file, String header) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    String first;
    try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      first = r.readLine();
    }
    if (first == null || (first + "\n").equals(header)) {
      return false;
    }
    String stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(java.time.ZoneOffset.UTC)
            .format(Instant.now());
    Path aside = file.resolveSibling(file.getFileName() + ".old-" + stamp);
    Files.move(file, aside);
    LOG.warn("{} had an older column layout; moved it to {} and started a new file", file, aside);
    return true;
  }

  /**
   * Truncates {@code file} to {@code committed} bytes (or takes its shorter current length), adds
   * the header to an empty CSV, appends {@code text}, forces it to disk; returns the new length.
   */
  private long writeTail(Path file, long committed, CharSequence text, String header)
      throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long base = committed;
      if (size < committed) {
        LOG.warn(
            "{} is shorter ({} bytes) than committed ({} bytes): rotated or truncated by someone;"
                + " appending after what is there",
            file,
            size,
            committed);
        base = size;
      } else if (size > committed) {
        LOG.info("{}: dropping {} bytes of an interrupted write", file, size - committed);
        ch.truncate(committed);
      }
      StringBuilder out = new StringBuilder();
      if (header != null && base == 0) {
        out.append(header);
      }
      out.append(text);
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(out.toString());
      ch.position(base);
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      ch.force(false);
      return ch.position();
    }
  }

  private void pause(String point, long batchId) {
    if (pauseAt == null || !pauseAt.equals(point + ":" + batchId)) {
      return;
    }
    try {
      Files.writeString(dir.resolve(".paused-" + point + "-" + batchId), "paused\n");
      LOG.warn("test hook: paused {} of batch {}, waiting to be killed", point, batchId);
      Thread.sleep(Long.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the commit file holds. */
  private static final class Commit {
    final Map<String, Long> bytes = new LinkedHashMap<>();
    final Map<String, Long> lastBatch = new LinkedHashMap<>();
    JsonNode state;
    boolean fresh;
  }

  private Commit readCommit() throws IOException {
    Path f = dir.resolve(COMMIT_FILE);
    Commit c = new Commit();
    if (!Files.exists(f)) {
      // First use of this folder, or alerts files from before the commit file: what is there
      // counts.
      for (String name : List.of(CSV_FILE, JSONL_FILE, INCIDENTS_CSV_FILE, INCIDENTS_JSONL_FILE)) {
        Path p = dir.resolve(name);
        c.bytes.put(name, Files.exists(p) ? Files.size(p) : 0);
      }
      c.fresh = true;
      return c;
    }
    JsonNode n;
    try {
      n = JSON.readTree(f.toFile());
    } catch (IOException e) {
      throw new IOException(
          f + " is not valid JSON (" + e.getMessage() + "); remove it to start over", e);
    }
    int version = n.path("format_version").asInt(0);
    if (version == 1) {
      // before incidents: the two alert files only
      c.bytes.put(CSV_FILE, n.path("csv_bytes").asLong());
      c.bytes.put(JSONL_FILE, n.path("jsonl_bytes").asLong());
    } else if (version == COMMIT_VERSION) {
      n.path("bytes")
          .fields()
          .forEachRemaining(e -> c.bytes.put(e.getKey(), e.getValue().asLong()));
      JsonNode st = n.path("incident_state");
      c.state = st.isMissingNode() || st.isNull() ? null : st;
    } else {
      throw new IOException(f + ": unknown format_version " + n.path("format_version"));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("last_batch").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      c.lastBatch.put(e.getKey(), e.getValue().asLong());
    }
    return c;
  }

  private void writeCommit(Commit c) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("format_version", COMMIT_VERSION);
    ObjectNode bytes = n.putObject("bytes");
    c.bytes.forEach(bytes::put);
    ObjectNode last = n.putObject("last_batch");
    c.lastBatch.forEach(last::put);
    if (c.state != null) {
      n.set("incident_state", c.state);
    }
    Path tmp = dir.resolve(COMMIT_FILE + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(n)));
      ch.force(true);
    }
    try {
      Files.move(
          tmp,
          dir.resolve(COMMIT_FILE),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          dir + " does not support atomic renames; put the alerts on a local disk", e);
    }
  }
}
