package io.idsspark.detect;

import io.idsspark.context.HostContext;
import io.idsspark.scoring.RecordScorer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The warm-up of a stream, before it starts: synthetic flows ({@link WarmUpFlows}) written in the
 * watched format to {@code <checkpoint>/ids-warmup} (as visible to executors as the checkpoint
 * itself; removed afterwards) and run through the stream's own path without writing an alert. A
 * stream with host context runs its streaming plan over them (parse, both stateful operators,
 * score, explain, collect) in micro-batches, on a checkpoint of its own; a stream without reads
 * them back with the stream's reader options and runs them through the batch pass; the Real-time
 * path runs them as JSON messages through its per-message function, then through the broker and the
 * Real-time query itself ({@link BrokerWarmUp}). Without it the first real batches after a start
 * pay for JIT compilation and Spark's code generation: 3-4 s for the first 10,000 flows instead of
 * 0.3 s (4 s with host context), which was the whole p99 tail of the latency benchmark.
 */
final class StreamWarmUp {
  /** Folder in the checkpoint folder for the warm-up's flows, there only during the warm-up. */
  static final String WARMUP_DIR = "ids-warmup";

  private final DetectRunner runner;

  /** Messages the Real-time warm-up's query read back through the broker (its log field). */
  private long brokerMessages;

  StreamWarmUp(DetectRunner runner) {
    this.runner = runner;
  }

  /**
   * Files of {@link WarmUpFlows#SIMULATED} flows per micro-batch of a stream's warm-up. Much of a
   * micro-batch's cost is Spark's driver code run once per batch, which the JIT compiles only after
   * many batches: 50 small batches leave less of it for the real stream than 25 of twice the size
   * (the JIT 0.30 of the 2 cores against 0.36-0.37 in the first two minutes, the first real batch
   * 1.1-1.4 s against 1.4-1.6 s, for 6-10 s more warm-up: docs/benchmarks.md, session 21).
   */
  static final int FILES_PER_BATCH = 1;

  /** The warm-up; see the class comment. */
  BatchDetector.Result run(SparkSession spark, long flows, int passes, boolean realTime) {
    BatchDetector.Result none = new BatchDetector.Result(0, 0, 0, 0, List.of());
    if (flows <= 0 || passes <= 0) {
      return none;
    }
    long start = System.currentTimeMillis();
    Path dir = runner.settings().checkpointDir().resolve(WARMUP_DIR);
    List<Long> passMillis = new java.util.ArrayList<>();
    long written = 0;
    BatchDetector.Result seen;
    String error = null;
    try {
      WarmUpFlows.deleteTree(dir); // what a killed warm-up left behind
      Path out = dir.resolve("flows");
      String format = realTime ? "jsonl" : runner.settings().flowFormat();
      written = WarmUpFlows.write(spark, out, flows, format);
      passMillis.add(System.currentTimeMillis() - start);
      seen =
          realTime
              ? warmUpRealTime(spark, dir, out, written, passes, passMillis)
              : warmUpIn(spark, dir, out, passes, passMillis);
      if (seen == null) {
        seen = none;
      }
    } catch (RuntimeException | TimeoutException | StreamingQueryException e) {
      seen = none;
      error = e.toString();
    } finally {
      WarmUpFlows.deleteTree(dir);
    }
    long ms = System.currentTimeMillis() - start;
    BatchDetector.Result last = seen;
    String failed = error;
    long flowsWritten = written;
    runner.logEvent(
        "warmup",
        n -> {
          n.put("flows", flowsWritten);
          if (realTime) {
            n.put("broker_messages", brokerMessages);
          }
          n.put("alerts_not_written", last.yellow() + last.red());
          n.put("passes", Math.max(0, passMillis.size() - 1));
          n.put("duration_ms", ms);
          n.put("prepare_ms", passMillis.isEmpty() ? 0 : passMillis.get(0));
          var a = n.putArray("pass_ms");
          for (int i = 1; i < passMillis.size() && failed == null; i++) {
            a.add(passMillis.get(i));
          }
          if (failed != null) {
            n.put("error", failed);
          }
        });
    return seen;
  }

  /**
   * The Real-time path's warm-up: the flows as JSON messages, {@code passes} times through the
   * per-message function in memory ({@link RealTimeAlerts#warmUp}), then {@code passes} copies of
   * them through the broker and the Real-time query ({@link BrokerWarmUp}), the last pass, whose
   * messages read go to {@link #brokerMessages}.
   */
  private BatchDetector.Result warmUpRealTime(
      SparkSession spark, Path dir, Path out, long flows, int passes, List<Long> millis)
      throws TimeoutException {
    RecordScorer scorer = runner.recordScorer();
    long alerts = RealTimeAlerts.warmUp(spark, out.toString(), scorer, passes, millis);
    // then through the broker, as the Real-time query itself: one more pass (BrokerWarmUp)
    long t = System.currentTimeMillis();
    brokerMessages =
        BrokerWarmUp.run(
            spark,
            runner.settings().kafka(),
            scorer,
            out,
            passes * flows,
            dir.resolve("checkpoint"));
    millis.add(System.currentTimeMillis() - t);
    // the records carry no level apart: all alerts count as yellow here (the log adds both)
    return new BatchDetector.Result(flows, 0, alerts, 0, List.of());
  }

  /**
   * The warm-up's work over the flows written to {@code out}; {@code millis} gets one time per
   * pass. A stream with host context is warmed up by running its own streaming plan (the stateful
   * operators included) over the warm-up flows, with a checkpoint of its own, in micro-batches of
   * {@link #FILES_PER_BATCH} file; otherwise by {@code passes} batch passes.
   */
  private BatchDetector.Result warmUpIn(
      SparkSession spark, Path dir, Path out, int passes, List<Long> millis)
      throws TimeoutException, StreamingQueryException {
    boolean context = runner.streamContext();
    if (context) {
      boolean lines = runner.linesPath(true);
      BatchDetector detector = runner.detector();
      BatchDetector.Input input = lines ? BatchDetector.Input.LINES : BatchDetector.Input.ROWS;
      runner.configureSession(spark, true);
      BatchDetector.Result[] last = {null};
      VoidFunction2<Dataset<Row>, Long> pass =
          (batch, id) -> {
            long t = System.currentTimeMillis();
            last[0] =
                DetectRunner.contextBatch(
                    lines, batch, b -> detector.warmUp(b, input, (int) (id + 1)));
            millis.add(System.currentTimeMillis() - t);
          };
      HostContext.addToStream(runner.flowFiles(spark, out.toString(), FILES_PER_BATCH, lines))
          .writeStream()
          .queryName(DetectRunner.QUERY_NAME + "-warmup")
          .option("checkpointLocation", dir.resolve("checkpoint").toString())
          .trigger(Trigger.AvailableNow())
          .foreachBatch(pass)
          .start()
          .awaitTermination();
      return last[0];
    }
    runner.configureSession(spark, false);
    Dataset<Row> in = FlowStreams.readOnce(spark, out.toString(), runner.settings().flowFormat());
    BatchDetector.Result last = null;
    for (int i = 1; i <= passes; i++) {
      long t = System.currentTimeMillis();
      last = runner.detector().warmUp(in, BatchDetector.Input.ROWS, i);
      millis.add(System.currentTimeMillis() - t);
    }
    return last;
  }
}
