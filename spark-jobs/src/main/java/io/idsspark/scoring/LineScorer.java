package io.idsspark.scoring;

import io.idsspark.alerts.AlertFormats;
import io.idsspark.alerts.TopFeature;
import io.idsspark.context.ContextColumn;
import io.idsspark.features.FeaturePipeline;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.model.Thresholds;
import io.idsspark.spark.CsvLine;
import io.idsspark.spark.DoubleText;
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

  private static final int CONTEXT_COLUMNS = ContextColumn.values().length;

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

  /**
   * One scored line: the output text (null unless scored and asked for), or why it could not be
   * scored; its score (NaN unless scored) and, for a yellow or red line, the features that explain
   * it (empty otherwise).
   */
  record Result(
      Kind kind,
      String text,
      String reason,
      double score,
      List<IsolationForestModel.FeatureContribution> top) {
    Result(Kind kind, String reason) {
      this(kind, null, reason, Double.NaN, List.of());
    }
  }

  private final List<String> header;
  // per model input: its field in the line (>= 0), or -1 - k for host-context column k, which
  // comes from outside the line (LineContext)
  private final int[] inputFields;
  private final boolean context;
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
    List<String> contextNames = ContextColumn.names();
    boolean usesContext = false;
    List<String> missing = new ArrayList<>();
    for (int j = 0; j < inputs.size(); j++) {
      int k = contextNames.indexOf(inputs.get(j));
      if (k >= 0) {
        // context is computed, never read from a file (a generated file may carry its own)
        inputFields[j] = -1 - k;
        usesContext = true;
        continue;
      }
      inputFields[j] = header.indexOf(inputs.get(j));
      if (inputFields[j] < 0) {
        missing.add(inputs.get(j));
      }
    }
    this.context = usesContext;
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(String.join(", ", missing));
    }
    this.header = List.copyOf(header);
    this.model = model;
    this.thresholds = thresholds;
    this.topFeatures = topFeatures;
  }

  /**
   * The output header: the input's columns, the host-context columns when the model uses them, then
   * {@code score,level,top_features}.
   */
  static String outputHeader(List<String> header, boolean withContext) {
    StringBuilder sb = new StringBuilder();
    for (String h : header) {
      sb.append(AlertFormats.csvField(h)).append(',');
    }
    if (withContext) {
      for (String c : ContextColumn.names()) {
        sb.append(c).append(',');
      }
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

    /** Scores one line (no line break) of a model without context. */
    Result score(String line) {
      return score(line, null);
    }

    /**
     * Scores one line with its host context ({@link ContextColumn} order; null when the line has
     * none, e.g. no address), appended to the output before the score when the model uses it.
     */
    Result score(String line, double[] contextValues) {
      return score(line, contextValues, true);
    }

    /**
     * As {@link #score(String, double[])} without the output text: the verdict, score and
     * explanation only (detect builds alerts from them, never the scored line).
     */
    Result judge(String line, double[] contextValues) {
      return score(line, contextValues, false);
    }

    private Result score(String line, double[] contextValues, boolean withText) {
      Result bad = check(line, true);
      if (bad != null) {
        return bad;
      }
      for (int j = 0; j < in.length; j++) {
        if (inputFields[j] < 0) {
          in[j] = contextValues == null ? Double.NaN : contextValues[-1 - inputFields[j]];
        }
      }
      model.pipeline().features(in, raw);
      double score = model.score(raw);
      String level = thresholds.level(score);
      Kind kind = Kind.NORMAL;
      List<IsolationForestModel.FeatureContribution> top = List.of();
      if (!level.equals(Thresholds.NORMAL)) {
        kind = level.equals(Thresholds.RED) ? Kind.RED : Kind.YELLOW;
        top = model.topFeatures(raw, topFeatures);
      }
      return new Result(
          kind, withText ? text(line, contextValues, score, level, top) : null, null, score, top);
    }

    /**
     * The line with its context (when the model uses it), score, level and explanation; numbers in
     * {@link Double#toString}'s layout ({@link DoubleText}: 20 a line with context, the formatting
     * was a tenth of {@code score}'s time with Java's own).
     */
    private String text(
        String line,
        double[] contextValues,
        double score,
        String level,
        List<IsolationForestModel.FeatureContribution> top) {
      StringBuilder out = new StringBuilder(line.length() + 96 + (context ? 200 : 0));
      out.append(line).append(',');
      if (context) {
        for (int k = 0; k < CONTEXT_COLUMNS; k++) {
          if (contextValues != null && !Double.isNaN(contextValues[k])) {
            DoubleText.append(out, contextValues[k]);
          }
          out.append(',');
        }
      }
      DoubleText.append(out, score).append(',').append(level).append(',');
      if (!top.isEmpty()) {
        List<TopFeature> named = new ArrayList<>();
        for (IsolationForestModel.FeatureContribution c : top) {
          named.add(new TopFeature(c.name(), c.value(), c.typicalLow(), c.typicalHigh()));
        }
        out.append(AlertFormats.csvField(AlertFormats.topFeaturesCsv(named)));
      }
      return out.toString();
    }

    /** Field {@code i} of the line last passed to {@link #check} (null: a line to score). */
    String field(int i) {
      return csv.text(i);
    }

    /**
     * Null for a line to score (its fields then available through {@link #field}), else what it is
     * and why it cannot be scored. The model's inputs are checked to be numbers, not read.
     */
    Result check(String line) {
      return check(line, false);
    }

    /**
     * As {@link #check(String)}; with {@code read}, the model's own inputs parsed into {@code in}.
     */
    private Result check(String line, boolean read) {
      if (line.isBlank()) {
        return new Result(Kind.BLANK, null);
      }
      if (!csv.split(line)) {
        return new Result(Kind.MALFORMED, "unclosed quote");
      }
      if (isHeader(line)) {
        return new Result(Kind.HEADER, null);
      }
      if (csv.count() != header.size()) {
        return new Result(
            Kind.MALFORMED, csv.count() + " fields where the header has " + header.size());
      }
      for (int j = 0; j < in.length; j++) {
        if (inputFields[j] < 0) {
          continue;
        }
        if (!read) {
          if (!csv.isNumber(inputFields[j])) {
            return notANumber(j);
          }
          continue;
        }
        try {
          in[j] = csv.number(inputFields[j]);
        } catch (NumberFormatException e) {
          return notANumber(j);
        }
      }
      return null;
    }

    private Result notANumber(int j) {
      return new Result(
          Kind.MALFORMED,
          header.get(inputFields[j]) + ": not a number '" + csv.text(inputFields[j]) + "'");
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
}
