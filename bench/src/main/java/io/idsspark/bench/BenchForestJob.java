package io.idsspark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.idsspark.cli.Cli;
import io.idsspark.evaluation.ScoreMetrics;
import io.idsspark.forest.IsolationForest;
import io.idsspark.forest.IsolationForestModel;
import io.idsspark.spark.Sparks;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The forest benchmark's driver behind {@code scripts/bench/forest-bench} (in the bench module, not
 * in the jobs jar users submit): prepares the benchmark data once (Parquet for Spark plus the same
 * rows as .npy for scikit-learn), then times the forest. Timings are taken inside the JVM (no JVM
 * start); prints one JSON line per run.
 */
@Command(
    name = "bench-forest",
    mixinStandardHelpOptions = true,
    description = "Forest benchmark driver (scripts/bench/forest-bench).")
public final class BenchForestJob implements Callable<Integer> {
  /**
   * {@code spark-submit --class io.idsspark.bench.BenchForestJob --jars ids-spark-jobs.jar ...}.
   */
  public static void main(String[] args) {
    System.exit(Cli.run(Cli.commandLine(new BenchForestJob()), args));
  }

  @picocli.CommandLine.Mixin io.idsspark.cli.CommonOptions common;

  @Option(names = "--mode", required = true, description = "synthetic|cic|run|scale")
  String mode;

  @Option(names = "--dir", required = true, description = "Data folder.")
  Path dir;

  @Option(names = "--csv", description = "CIC toy CSV (mode cic).")
  String csv;

  @Option(names = "--rows", defaultValue = "1000000")
  long rows;

  @Option(names = "--features", defaultValue = "20")
  int features;

  @Option(names = "--runs", defaultValue = "3")
  int runs;

  @Option(
      names = "--score-repeat",
      defaultValue = "1",
      description = "Score the rows this many times over (throughput on small sets).")
  int scoreRepeat;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Override
  public Integer call() throws IOException {
    SparkSession spark = Sparks.session("bench-forest", false);
    spark.sparkContext().setLogLevel("ERROR");
    switch (mode) {
      case "synthetic" -> synthetic(spark);
      case "cic" -> cic(spark);
      case "run" -> run(spark);
      case "scale" -> scale(spark);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    return 0;
  }

  /**
   * rows x features N(0,1); 1% outliers shifted by +3 in the first 5 features; label 1 for them.
   */
  private void synthetic(SparkSession spark) throws IOException {
    StructType schema = new StructType();
    for (int j = 0; j < features; j++) {
      schema = schema.add("f" + j, DataTypes.DoubleType, false);
    }
    schema = schema.add("label", DataTypes.IntegerType, false);
    int parts = (int) Math.max(2, rows / 250_000);
    long perPart = rows / parts;
    int nf = features;
    long base = seed;
    MapPartitionsFunction<Long, Row> gen = it -> generate(it, perPart, nf, base);
    Dataset<Row> df =
        spark
            .range(0, parts, 1, parts)
            .as(Encoders.LONG())
            .mapPartitions(gen, Encoders.row(schema));
    export(df, dir);
  }

  private static Iterator<Row> generate(Iterator<Long> it, long perPart, int nf, long base) {
    List<Long> ids = new ArrayList<>();
    it.forEachRemaining(ids::add);
    return new Iterator<Row>() {
      int k = -1;
      long i = perPart;
      Random r;

      @Override
      public boolean hasNext() {
        return i < perPart || k + 1 < ids.size();
      }

      @Override
      public Row next() {
        if (i == perPart) {
          k++;
          r = new Random(base * 1_000_003L + ids.get(k));
          i = 0;
        }
        i++;
        boolean bad = r.nextDouble() < 0.01;
        Object[] v = new Object[nf + 1];
        for (int j = 0; j < nf; j++) {
          v[j] = r.nextGaussian() + (bad && j < 5 ? 3.0 : 0.0);
        }
        v[nf] = bad ? 1 : 0;
        return RowFactory.create(v);
      }
    };
  }

  /** The CIC toy set: numeric columns minus identifiers, non-finite -> 0, label = not BENIGN. */
  private void cic(SparkSession spark) throws IOException {
    Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
    Set<String> drop =
        Set.of(
            "id",
            "Flow ID",
            "Src IP",
            "Dst IP",
            "Src Port",
            "Dst Port",
            "Timestamp",
            "Attempted Category",
            "Label");
    List<Column> cols = new ArrayList<>();
    int k = 0;
    for (StructField f : raw.schema().fields()) {
      if (drop.contains(f.name())
          || !(f.dataType() instanceof NumericType || f.dataType().typeName().equals("string"))) {
        continue;
      }
      if (!(f.dataType() instanceof NumericType)) {
        continue;
      }
      Column c = col("`" + f.name() + "`").cast("double");
      cols.add(
          when(
                  c.isNull()
                      .or(c.isNaN())
                      .or(c.equalTo(Double.POSITIVE_INFINITY))
                      .or(c.equalTo(Double.NEGATIVE_INFINITY)),
                  lit(0.0))
              .otherwise(c)
              .as("f" + k++));
    }
    cols.add(when(col("Label").equalTo("BENIGN"), 0).otherwise(1).as("label"));
    export(raw.select(cols.toArray(new Column[0])).coalesce(1), dir);
  }

  /**
   * Writes data.parquet and the same rows as X.npy (float64, rows x features) and y.npy (int64).
   */
  private static void export(Dataset<Row> df, Path dir) throws IOException {
    Files.createDirectories(dir);
    String parquet = dir.resolve("data.parquet").toString();
    df.write().mode("overwrite").parquet(parquet);
    Dataset<Row> back = df.sparkSession().read().parquet(parquet);
    long n = back.count();
    int nf = back.columns().length - 1;
    try (OutputStream x =
            new BufferedOutputStream(Files.newOutputStream(dir.resolve("X.npy")), 1 << 20);
        OutputStream y =
            new BufferedOutputStream(Files.newOutputStream(dir.resolve("y.npy")), 1 << 16)) {
      npyHeader(x, "<f8", "(" + n + ", " + nf + ")");
      npyHeader(y, "<i8", "(" + n + ",)");
      ByteBuffer bx = ByteBuffer.allocate(8 * nf).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer by = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      Iterator<Row> it = back.toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        bx.clear();
        for (int j = 0; j < nf; j++) {
          bx.putDouble(r.getDouble(j));
        }
        x.write(bx.array());
        by.clear();
        by.putLong(r.getInt(nf));
        y.write(by.array());
      }
    }
    System.out.printf(
        Locale.ROOT, "{\"prepared\": \"%s\", \"rows\": %d, \"features\": %d}%n", dir, n, nf);
  }

  private static void npyHeader(OutputStream out, String descr, String shape) throws IOException {
    String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int total = 10 + h.length() + 1;
    int pad = (64 - total % 64) % 64;
    h = h + " ".repeat(pad) + "\n";
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(h.length() & 0xff);
    out.write(h.length() >> 8);
    out.write(h.getBytes(StandardCharsets.US_ASCII));
  }

  /** Fit time, scoring throughput (cached input, score written to noop), AUROC, AUPRC per run. */
  private void run(SparkSession spark) {
    Dataset<Row> df = spark.read().parquet(dir.resolve("data.parquet").toString()).cache();
    long n = df.count();
    String[] feats =
        java.util.Arrays.stream(df.columns())
            .filter(c -> !c.equals("label"))
            .toArray(String[]::new);
    Dataset<Row> many = df;
    for (int k = 1; k < scoreRepeat; k++) {
      many = many.union(df);
    }
    many = many.repartition(spark.sparkContext().defaultParallelism()).cache();
    long scored = many.count();
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      IsolationForestModel m = forest(seed + r, feats).fit(df);
      double fit = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      m.transform(many).select("score").write().format("noop").mode("overwrite").save();
      double score = (System.nanoTime() - t1) / 1e9;
      ScoreMetrics sm = ScoreMetrics.of(m.transform(df), "score", col("label").equalTo(1));
      System.out.printf(
          Locale.ROOT,
          "{\"impl\": \"ids-spark\", \"run\": %d, \"rows\": %d, \"fit_s\": %.3f, \"scored_rows\": %d, \"score_s\": %.3f, \"score_rows_per_s\": %.0f, \"auroc\": %.6f, \"auprc\": %.6f}%n",
          r,
          n,
          fit,
          scored,
          score,
          scored / score,
          sm.auroc(),
          sm.auprc());
    }
  }

  /** The forest both modes time: scikit-learn's defaults (100 trees, 256 rows each). */
  private static IsolationForest forest(long seed, String[] feats) {
    return new IsolationForest()
        .setNumTrees(100)
        .setMaxSamples(256)
        .setSeed(seed)
        .setFeatureCols(feats);
  }

  /** Training on a large Parquet input against one scan of it (read + used columns to noop). */
  private void scale(SparkSession spark) {
    Path p = dir.resolve("scale.parquet");
    if (!Files.exists(p)) {
      List<Column> cols = new ArrayList<>();
      for (int j = 0; j < features; j++) {
        cols.add(org.apache.spark.sql.functions.randn(seed + j).as("f" + j));
      }
      spark.range(rows).select(cols.toArray(new Column[0])).write().parquet(p.toString());
    }
    Dataset<Row> df = spark.read().parquet(p.toString());
    String[] feats = df.columns();
    long n = df.count();
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      Column[] used =
          java.util.Arrays.stream(feats).map(c -> col(c).cast("double")).toArray(Column[]::new);
      df.select(used).write().format("noop").mode("overwrite").save();
      double scan = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      forest(seed + r, feats).fit(df);
      double fit = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "{\"impl\": \"ids-spark\", \"scale_run\": %d, \"rows\": %d, \"scan_s\": %.3f, \"fit_s\": %.3f, \"fit_over_scan\": %.3f}%n",
          r,
          n,
          scan,
          fit,
          fit / scan);
    }
  }
}
