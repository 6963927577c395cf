package io.idsspark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.health.DriftReference;
import io.idsspark.health.Psi;
import io.idsspark.model.StoredModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code score --drift-report}: the population stability index of each model input of a batch of
 * flows against the model's training data ({@link DriftReference} in its card), written to {@code
 * <out>/_drift.json} = {@code {"format_version": 1, "model_version", "rows", "level", "drifted",
 * "features": [{"feature", "psi"}, ...]}} (highest first) and summed up in one line; {@code
 * evaluate} puts the same summary in {@code metrics.json}.
 */
final class DriftReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DriftReport() {}

  /** One feature's PSI. */
  record Entry(String feature, double psi) {}

  /** The PSI of each input of a batch's bin {@code counts}, highest first. */
  static List<Entry> of(DriftReference ref, long[][] counts) {
    List<Entry> out = new ArrayList<>();
    for (int f = 0; f < counts.length; f++) {
      double psi = Psi.of(ref.shares()[f], counts[f]);
      out.add(new Entry(ref.features().get(f), Double.isNaN(psi) ? 0 : psi));
    }
    out.sort((a, b) -> Double.compare(b.psi(), a.psi()));
    return out;
  }

  /**
   * The model's drift reference, or an error naming the model when it has none (trained before
   * drift reports) and {@code option} asked for one.
   */
  static DriftReference reference(StoredModel stored, String option) {
    DriftReference ref = DriftReference.fromCard(stored.card().json());
    if (ref == null) {
      throw IdsException.model(
          "model "
              + stored.version()
              + " has no drift reference (trained before drift reports); train it again for "
              + option);
    }
    return ref;
  }

  /**
   * The drift of {@code flows} (which have the model's input columns) as {@code {"rows", "level",
   * "drifted", "features": [{"feature", "psi"}, ...]}}, highest first; one pass over the flows.
   */
  static ObjectNode summary(DriftReference ref, Dataset<Row> flows, double level) {
    long[][] counts = ref.counts(flows);
    long rows = java.util.Arrays.stream(counts[0]).sum();
    ObjectNode o = JSON.createObjectNode();
    o.put("rows", rows);
    o.put("level", level);
    ArrayNode drifted = o.putArray("drifted");
    ArrayNode features = o.putArray("features");
    for (Entry e : of(ref, counts)) {
      double psi = Math.round(e.psi() * 10_000) / 10_000.0;
      features.addObject().put("feature", e.feature()).put("psi", psi);
      if (e.psi() > level) {
        drifted.add(e.feature());
      }
    }
    return o;
  }

  /** A summary in words: how many inputs are above the level and the three highest. */
  static String line(ObjectNode summary) {
    StringBuilder top = new StringBuilder();
    JsonNode features = summary.get("features");
    for (int i = 0; i < Math.min(3, features.size()); i++) {
      top.append(i == 0 ? "" : ", ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%s %.3f",
                  features.get(i).get("feature").asText(),
                  features.get(i).get("psi").asDouble()));
    }
    return String.format(
        Locale.ROOT,
        "%d of %d model inputs above PSI %.2f over %,d rows (highest: %s)",
        summary.get("drifted").size(),
        features.size(),
        summary.get("level").asDouble(),
        summary.get("rows").asLong(),
        top);
  }

  static void write(
      SparkSession spark,
      StoredModel stored,
      Dataset<Row> flows,
      String out,
      double level,
      PrintStream console)
      throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("format_version", 1);
    o.put("model_version", stored.version());
    o.setAll(summary(reference(stored, "--drift-report"), flows, level));
    Path file = new Path(out.replaceAll("/+$", "") + "/_drift.json");
    FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream s = fs.create(file, true)) {
      s.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    }
    console.println("score: drift: " + line(o) + " -> " + file);
  }
}
