package io.idsspark.spark;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A job's own progress line, for output that is not a terminal (logs, CI, a pipe), where Spark's
 * console bar would be a stream of carriage returns: every {@code everySeconds} while tasks run,
 * one line with the rows read and written so far, their rate, the tasks done and an estimate of the
 * time left (from the share of the current Spark job's tasks done). Short jobs print nothing.
 *
 * <pre>
 * generate: 4,210,000 rows written (52,600/s), tasks 9/20, about 1m 35s left
 * </pre>
 */
public final class Progress extends SparkListener implements AutoCloseable {
  private final String name;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final AtomicLong rowsRead = new AtomicLong();
  private final AtomicLong rowsWritten = new AtomicLong();
  private final AtomicLong jobTasks = new AtomicLong();
  private final AtomicLong jobTasksDone = new AtomicLong();
  private final AtomicLong jobStartNanos = new AtomicLong(System.nanoTime());
  private final Map<Long, long[]> running = new ConcurrentHashMap<>();
  private final Set<Object> shufflesDone = ConcurrentHashMap.newKeySet();
  private volatile long expectedRows;
  private static final String RECORDS_READ = "internal.metrics.input.recordsRead";
  private static final String RECORDS_WRITTEN = "internal.metrics.output.recordsWritten";
  private final ScheduledExecutorService timer;
  private final SparkSession spark;

  Progress(SparkSession spark, String name, PrintStream out, long everySeconds) {
    this.spark = spark;
    this.name = name;
    this.out = out;
    if (spark == null) {
      this.timer = null;
      return;
    }
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ids-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::print, everySeconds, everySeconds, TimeUnit.SECONDS);
  }

  /**
   * Reports the job's progress on stderr when Spark's console bar is off (output not a terminal, no
   * {@code --verbose}); otherwise does nothing. Close it when the work is done.
   */
  public static Progress attach(SparkSession spark, String name) {
    if (Sparks.consoleProgress(spark)) {
      return new Progress(null, name, System.err, 0);
    }
    Progress p = new Progress(spark, name, System.err, 10);
    spark.sparkContext().addSparkListener(p);
    return p;
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    long tasks = 0;
    for (StageInfo s : CollectionConverters.asJava(job.stageInfos())) {
      // a stage writing a shuffle an earlier job wrote (adaptive execution's query stages, a
      // second action) is skipped: counting its tasks made score with host context say "tasks
      // 4/180, about 14m left" with two minutes to go
      if (s.shuffleDepId().isEmpty() || !shufflesDone.contains(s.shuffleDepId().get())) {
        tasks += s.numTasks();
      }
    }
    jobTasks.set(tasks);
    jobTasksDone.set(0);
    jobStartNanos.set(System.nanoTime());
    running.clear();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted stage) {
    StageInfo s = stage.stageInfo();
    if (s.failureReason().isEmpty() && s.shuffleDepId().isDefined()) {
      shufflesDone.add(s.shuffleDepId().get());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    jobTasksDone.incrementAndGet();
    running.remove(task.taskInfo().taskId());
    if (task.taskMetrics() != null) {
      rowsRead.addAndGet(task.taskMetrics().inputMetrics().recordsRead());
      rowsWritten.addAndGet(task.taskMetrics().outputMetrics().recordsWritten());
    }
  }

  /** Running tasks' counts, sent with the executors' heartbeats: progress inside long tasks. */
  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t :
        CollectionConverters.asJava(update.accumUpdates())) {
      long read = 0;
      long written = 0;
      for (AccumulableInfo a : CollectionConverters.asJava(t._4())) {
        String n = a.name().isDefined() ? a.name().get() : "";
        Object v = a.update().isDefined() ? a.update().get() : null;
        if (v instanceof Number num) {
          if (n.equals(RECORDS_READ)) {
            read = num.longValue();
          } else if (n.equals(RECORDS_WRITTEN)) {
            written = num.longValue();
          }
        }
      }
      running.put((Long) t._1(), new long[] {read, written});
    }
  }

  /** Rows the job will have written when done (for the time left), if the caller knows it. */
  public Progress expectRowsWritten(long rows) {
    expectedRows = rows;
    return this;
  }

  private void print() {
    out.println(line(System.nanoTime()));
    out.flush();
  }

  String line(long nowNanos) {
    double secs = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    StringBuilder b = new StringBuilder(name).append(':');
    long in = rowsRead.get();
    long written = rowsWritten.get();
    for (long[] r : running.values()) {
      in += r[0];
      written += r[1];
    }
    if (in > 0) {
      b.append(String.format(Locale.ROOT, " %,d rows read (%,.0f/s)", in, in / secs));
    }
    if (written > 0) {
      b.append(in > 0 ? "," : "")
          .append(
              String.format(Locale.ROOT, " %,d rows written (%,.0f/s)", written, written / secs));
    }
    long total = jobTasks.get();
    long done = Math.min(total, jobTasksDone.get());
    if (total > 0) {
      b.append(in > 0 || written > 0 ? "," : "")
          .append(" tasks ")
          .append(done)
          .append('/')
          .append(total);
      double jobSecs = (nowNanos - jobStartNanos.get()) / 1e9;
      if (expectedRows > 0 && written > 0 && written < expectedRows) {
        b.append(", about ")
            .append(duration(secs * (expectedRows - written) / written))
            .append(" left");
      } else if (expectedRows <= 0 && done > 0 && done < total) {
        b.append(", about ").append(duration(jobSecs * (total - done) / done)).append(" left");
      }
    }
    b.append(String.format(Locale.ROOT, " [%s]", duration(secs)));
    return b.toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    return (s / 3600) + "h " + (s % 3600 / 60) + "m";
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      spark.sparkContext().removeSparkListener(this);
    }
  }
}
