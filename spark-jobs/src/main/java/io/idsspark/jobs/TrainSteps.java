package io.idsspark.jobs;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.context.ContextColumn;
import io.idsspark.context.HostContext;
import io.idsspark.errors.IdsException;
import io.idsspark.features.QualityRecipe;
import io.idsspark.model.ModelCard;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Sparks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The steps of {@code train} between reading and writing, each a function of DataFrames and values
 * that tests call without files: {@link #prepare} (the columns training needs, malformed rows set
 * apart, counts and a data fingerprint), then {@link Training#train} (fit and calibrate), then
 * {@link #card} (what the model card records about the run). {@link TrainJob} reads the input,
 * calls them in this order and writes the model.
 */
final class TrainSteps {
  /**
   * Data fingerprint: order-independent sum (mod this prime) and xor of the feature columns'
   * xxhash64 per usable row; same data in any order or partitioning, same fingerprint.
   */
  static final long FINGERPRINT_MOD = 2147483647L;

  private TrainSteps() {}

  /**
   * The input reduced to what training needs, with its counts.
   *
   * @param base the kept columns, malformed rows included (persisted; {@link #release} it)
   * @param data the usable rows only
   * @param malformedRows a filter of {@code base} that selects the malformed rows, or null
   */
  record Prepared(
      Dataset<Row> base,
      Dataset<Row> data,
      Column malformedRows,
      long totalRows,
      long malformed,
      String fingerprint) {
    long usableRows() {
      return totalRows - malformed;
    }

    void release() {
      base.unpersist();
    }
  }

  /**
   * Keeps the feature columns (and, for the quality recipe, the columns its rarity features read),
   * the label and Spark's corrupt-record column; counts rows and malformed rows in one pass.
   *
   * @throws IdsException (input) when no usable row is left
   */
  static Prepared prepare(
      Dataset<Row> raw, List<String> cols, String label, boolean quality, String inputName) {
    List<String> have = Arrays.asList(raw.columns());
    boolean hasCorrupt = have.contains(FlowSparkSchema.CORRUPT_RECORD);
    List<Column> keep = new ArrayList<>();
    cols.forEach(c -> keep.add(Sparks.column(c)));
    if (quality) {
      for (String c : QualityRecipe.inputColumns()) {
        if (have.contains(c) && !cols.contains(c) && !c.equals(label)) {
          keep.add(Sparks.column(c));
        }
      }
    }
    if (label != null) {
      keep.add(Sparks.column(label));
    }
    if (hasCorrupt) {
      keep.add(col(FlowSparkSchema.CORRUPT_RECORD));
    }
    Dataset<Row> base =
        raw.select(keep.toArray(new Column[0])).persist(StorageLevel.MEMORY_AND_DISK());
    Column bad = hasCorrupt ? col(FlowSparkSchema.CORRUPT_RECORD).isNotNull() : lit(false);
    Column[] featureCols = cols.stream().map(Sparks::column).toArray(Column[]::new);
    Row stats =
        base.agg(
                count(lit(1)),
                sum(when(bad, 1L).otherwise(0L)),
                sum(when(bad, 0L).otherwise(pmod(xxhash64(featureCols), lit(FINGERPRINT_MOD)))),
                bit_xor(when(bad, 0L).otherwise(xxhash64(featureCols))))
            .first();
    long total = stats.getLong(0);
    long malformed = stats.isNullAt(1) ? 0 : stats.getLong(1);
    Dataset<Row> data =
        hasCorrupt ? base.filter(bad.unary_$bang()).drop(FlowSparkSchema.CORRUPT_RECORD) : base;
    if (total - malformed == 0) {
      base.unpersist();
      throw IdsException.input(inputName + ": no usable rows to train on");
    }
    String fingerprint =
        String.format(
            Locale.ROOT,
            "rows:%d xxhash64-sum-mod-2^31-1:%d xxhash64-xor:%016x",
            total - malformed,
            stats.isNullAt(2) ? 0 : stats.getLong(2),
            stats.isNullAt(3) ? 0 : stats.getLong(3));
    return new Prepared(base, data, hasCorrupt ? bad : null, total, malformed, fingerprint);
  }

  /** What the model card says about this run, besides the training result's own fields. */
  record Run(
      List<String> inputs,
      Prepared prepared,
      String quarantine,
      String featureSet,
      List<String> features,
      String label,
      boolean quality,
      String createdUtc,
      String gitCommit,
      double seconds,
      String sparkVersion,
      String configPath,
      List<String> configFallbacks) {}

  /** The model card of a run: the run's facts, then the fit and calibration's own fields. */
  static ModelCard card(Run run, Training.Result result) {
    ObjectNode card = ModelCard.empty().json();
    card.put("created_utc", run.createdUtc());
    card.put("git_commit", run.gitCommit());
    ArrayNode inputs = card.putArray("input");
    run.inputs().forEach(inputs::add);
    card.put("input_rows", run.prepared().totalRows());
    card.put("training_rows_usable", run.prepared().usableRows());
    card.put("malformed_rows", run.prepared().malformed());
    card.put("quarantine", run.quarantine());
    card.put("data_fingerprint", run.prepared().fingerprint());
    card.put("feature_set", run.featureSet());
    ArrayNode fa = card.putArray("features");
    run.features().forEach(fa::add);
    card.put("label_column", run.label());
    card.put("recipe", run.quality() ? "quality" : "plain");
    card.setAll(result.card());
    card.put("training_seconds", run.seconds());
    card.put("spark_version", run.sparkVersion());
    card.put("config_path", run.configPath());
    ArrayNode fb = card.putArray("config_fallbacks");
    run.configFallbacks().forEach(fb::add);
    return new ModelCard(card);
  }

  /**
   * Whether to train with host context: as asked ({@code --context}/{@code --no-context}), else
   * when the input has addresses and times.
   *
   * @throws IdsException (input) when asked for but the input cannot give it
   */
  static boolean useContext(Boolean asked, StructType schema, String inputName) {
    boolean can = HostContext.canCompute(schema);
    if (asked == null) {
      if (!can) {
        System.err.println(
            "train: the input has no addresses or times: training without host context");
      }
      return can;
    }
    if (asked && !can) {
      throw IdsException.input(
          inputName + ": --context: " + HostContext.NEEDS + "; train with --no-context");
    }
    return asked;
  }

  /** The feature columns followed by the host-context columns. */
  static List<String> withContext(List<String> cols) {
    List<String> all = new ArrayList<>(cols);
    all.addAll(ContextColumn.names());
    return List.copyOf(all);
  }

  /** Prints how many training rows got context (on the persisted rows: no second input pass). */
  static void reportContext(Prepared p) {
    long with = p.data().filter(col(ContextColumn.SRC_FLOWS_2S.columnName()).isNotNull()).count();
    System.err.printf(
        Locale.ROOT,
        "train: host context for %,d of %,d rows (the others lack an address or a time)%n",
        with,
        p.usableRows());
  }
}
