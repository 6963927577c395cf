package io.idsspark.scoring;

import io.idsspark.alerts.AlertFormats;
import io.idsspark.alerts.TopFeature;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.Thresholds;
import io.idsspark.spark.CsvLine;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one CSV line of a flow file as text: splits it, parses only the fields the model reads,
 * and returns the line unchanged with {@code ,score,level,top_features} appended. Built once on the
 * driver from the file's header and shipped to the executors (plain fields; the forest is the
 * trained model itself, never bytes read from disk).
 */
final class LineScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What became of a line. */
  enum Kind {
    NORMAL,
    YELLOW,
    RED,
    /** Wrong field count, an unclosed quote, or a model input that is not a number. */
    MALFORMED,
    /** The header (first line of each file, or repeated inside one). */
    HEADER,
    /** Nothing but blanks. */
    BLANK
  }

  /** One scored line: the output text (null unless scored), or why it could not be scored. */
  record Result(Kind kind, String text, String reason) {}

  private final List<String> header;
  private final int[] inputFields;
  private final IsolationForestModel model;
  private final Thresholds thresholds;
  private final int topFeatures;

  /**
   * @param header the files' column names
   * @param model the forest with its pipeline
   * @param thresholds yellow and red
   * @param topFeatures features named per alert
   * @throws IllegalArgumentException naming the model inputs the header lacks
   */
  LineScorer(
      List<String> header, IsolationForestModel model, Thresholds thresholds, int topFeatures) {
    FeaturePipeline p = model.pipeline();
    List<String> inputs = p.inputColumnNames();
    this.inputFields = new int[inputs.size()];
    List<String> missing = new ArrayList<>();
    for (int j = 0; j < inputs.size(); j++) {
      inputFields[j] = header.indexOf(inputs.get(j));
      if (inputFields[j] < 0) {
        missing.add(inputs.get(j));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(String.join(", ", missing));
    }
    this.header = List.copyOf(header);
    this.model = model;
    this.thresholds = thresholds;
    this.topFeatures = topFeatures;
  }

  /** The output header: the input's columns, then {@code score,level,top_features}. */
  static String outputHeader(List<String> header) {
    StringBuilder sb = new StringBuilder();
    for (String h : header) {
      sb.append(csvField(h)).append(',');
    }
    return sb.append(FlowScorer.SCORE)
        .append(',')
        .append(FlowScorer.LEVEL)
        .append(',')
        .append(FlowScorer.TOP_FEATURES)
        .toString();
  }

  /** Per-partition scratch space, so that scoring a line allocates little. */
  final class Worker {
    private final CsvLine csv = new CsvLine();
    private final double[] in = new double[inputFields.length];
    private final double[] raw = new double[model.pipeline().size()];

    /** Scores one line (no line break). */
    Result score(String line) {
      if (line.isBlank()) {
        return new Result(Kind.BLANK, null, null);
      }
      if (!csv.split(line)) {
        return new Result(Kind.MALFORMED, null, "unclosed quote");
      }
      if (isHeader(line)) {
        return new Result(Kind.HEADER, null, null);
      }
      if (csv.count() != header.size()) {
        return new Result(
            Kind.MALFORMED, null, csv.count() + " fields where the header has " + header.size());
      }
      for (int j = 0; j < in.length; j++) {
        try {
          in[j] = csv.number(inputFields[j]);
        } catch (NumberFormatException e) {
          return new Result(
              Kind.MALFORMED,
              null,
              header.get(inputFields[j]) + ": not a number '" + csv.text(inputFields[j]) + "'");
        }
      }
      model.pipeline().features(in, raw);
      double score = model.score(raw);
      String level = thresholds.level(score);
      StringBuilder out = new StringBuilder(line.length() + 96);
      out.append(line).append(',').append(score).append(',').append(level).append(',');
      Kind kind = Kind.NORMAL;
      if (!level.equals(Thresholds.NORMAL)) {
        kind = level.equals(Thresholds.RED) ? Kind.RED : Kind.YELLOW;
        List<TopFeature> top = new ArrayList<>();
        for (IsolationForestModel.FeatureContribution c : model.topFeatures(raw, topFeatures)) {
          top.add(new TopFeature(c.name(), c.value(), c.typicalLow(), c.typicalHigh()));
        }
        out.append(csvField(AlertFormats.topFeaturesCsv(top)));
      }
      return new Result(kind, out.toString(), null);
    }

    private boolean isHeader(String line) {
      char c0 = line.charAt(0);
      // cheap test first: a data line rarely starts like the header's first name
      if (c0 != '"'
          && c0 != '\uFEFF'
          && !Character.isWhitespace(c0)
          && !line.startsWith(header.get(0))) {
        return false;
      }
      if (csv.count() != header.size()) {
        return false;
      }
      for (int i = 0; i < header.size(); i++) {
        String t = csv.text(i).strip();
        if (i == 0 && t.startsWith("\uFEFF")) {
          t = t.substring(1);
        }
        if (!t.equals(header.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  /** A value as one CSV field: quoted when it holds a delimiter, quote or line break. */
  static String csvField(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
      return v;
    }
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
