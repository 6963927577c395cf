package io.idsspark.jobs;

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
 * "features": [{"feature", "psi"}, ...]}} (highest first) and summed up in one line.
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

  static void write(
      SparkSession spark,
      StoredModel stored,
      Dataset<Row> flows,
      String out,
      double level,
      PrintStream console)
      throws IOException {
    DriftReference ref = DriftReference.fromCard(stored.card().json());
    if (ref == null) {
      throw IdsException.model(
          "model "
              + stored.version()
              + " has no drift reference (trained before drift reports); train it again for"
              + " --drift-report");
    }
    long[][] counts = ref.counts(flows);
    long rows = java.util.Arrays.stream(counts[0]).sum();
    List<Entry> entries = of(ref, counts);
    ObjectNode o = JSON.createObjectNode();
    o.put("format_version", 1);
    o.put("model_version", stored.version());
    o.put("rows", rows);
    o.put("level", level);
    ArrayNode drifted = o.putArray("drifted");
    ArrayNode features = o.putArray("features");
    for (Entry e : entries) {
      double psi = Math.round(e.psi() * 10_000) / 10_000.0;
      features.addObject().put("feature", e.feature()).put("psi", psi);
      if (e.psi() > level) {
        drifted.add(e.feature());
      }
    }
    Path file = new Path(out.replaceAll("/+$", "") + "/_drift.json");
    FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream s = fs.create(file, true)) {
      s.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    }
    StringBuilder top = new StringBuilder();
    for (Entry e : entries.subList(0, Math.min(3, entries.size()))) {
      top.append(top.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s %.3f", e.feature(), e.psi()));
    }
    console.printf(
        Locale.ROOT,
        "score: drift: %d of %d model inputs above PSI %.2f over %,d rows (highest: %s) -> %s%n",
        drifted.size(),
        entries.size(),
        level,
        rows,
        top,
        file);
  }
}
