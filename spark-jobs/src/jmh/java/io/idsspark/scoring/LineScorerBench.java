package io.idsspark.scoring;

import io.idsspark.model.ModelStore;
import io.idsspark.model.StoredModel;
import io.idsspark.spark.CsvLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-line cost of {@code score}'s CSV path, without Spark: splitting a flow line, and scoring it
 * (split, parse the model's inputs, rarity look-ups, 100 trees, append score and level;
 * explanations for the lines that alert). Input: the first lines of a flow CSV ({@code
 * ids.bench.csv}, default {@code data/sample/synthetic_flows.csv}); model: {@code ids.bench.model}
 * (default {@code models}).
 *
 * <pre>
 * scripts/bench/jmh.sh LineScorerBench
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LineScorerBench {
  @Param({"1000"})
  public int lines;

  private String[] data;
  private LineScorer.Worker worker;
  private final CsvLine csv = new CsvLine();
  private int next;

  @Setup
  public void setUp() throws Exception {
    Path in = Path.of(System.getProperty("ids.bench.csv", "data/sample/synthetic_flows.csv"));
    List<String> all = Files.readAllLines(in);
    List<String> header = Arrays.asList(all.get(0).split(",", -1));
    data = all.subList(1, Math.min(all.size(), lines + 1)).toArray(new String[0]);
    StoredModel m = ModelStore.load(System.getProperty("ids.bench.model", "models"));
    worker = new LineScorer(header, m.forest(), m.thresholds(), 3).new Worker();
  }

  private String line() {
    String l = data[next];
    next = next + 1 == data.length ? 0 : next + 1;
    return l;
  }

  /** Splitting one line into field bounds. */
  @Benchmark
  public int split() {
    csv.split(line());
    return csv.count();
  }

  /** One line in, one scored line out. */
  @Benchmark
  public Object score() {
    return worker.score(line());
  }
}
