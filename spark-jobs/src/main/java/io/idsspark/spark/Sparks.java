package io.idsspark.spark;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The one way jobs get a SparkSession. Under {@code spark-submit} the master and resources come
 * from it; run any other way (a test, an IDE) the session falls back to {@code local[*]}.
 */
public final class Sparks {
  private Sparks() {}

  /**
   * Settings every job's session starts with unless the cluster's configuration sets them (the
   * tests' session uses them too).
   *
   * <p>{@code spark.sql.artifact.isolation.enabled=false}: a streaming query runs on a clone of the
   * session, and with per-session artifact isolation (Spark 4's default) each clone compiles its
   * generated code under a class loader of its own, which Spark's cache of compiled code is keyed
   * by. {@code detect}'s query then compiled again every class its warm-up had just compiled and
   * the JIT had warmed (36 classes, measured with the code generator's log), so its first
   * micro-batch ran cold code. No job adds jars or files to a session, which is what the isolation
   * is for.
   */
  public static final java.util.Map<String, String> SESSION_DEFAULTS =
      java.util.Map.of("spark.sql.artifact.isolation.enabled", "false");

  /**
   * Gets or creates the session for a job: UTC session time zone, logs at warn (info with verbose).
   * Spark's console progress bar is on only on a terminal or with verbose: in a log or a pipe it is
   * a stream of carriage returns ({@link Progress} prints plain lines there instead).
   */
  public static SparkSession session(String appName, boolean verbose) {
    return session(appName, verbose, null);
  }

  /**
   * As {@link #session(String, boolean)}, and the job's full log (info level, Spark's own lines
   * included) is appended to {@code logFile} while the console keeps warnings only (all with
   * verbose). Null: no log file.
   */
  public static SparkSession session(String appName, boolean verbose, Path logFile) {
    setLogLevel(verbose);
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("ids-" + appName);
    if (!conf.contains("spark.master")) {
      b.master("local[*]");
    }
    if (!conf.contains("spark.ui.showConsoleProgress")) {
      b.config("spark.ui.showConsoleProgress", String.valueOf(verbose || System.console() != null));
    }
    b.config("spark.sql.session.timeZone", "UTC");
    SESSION_DEFAULTS.forEach(
        (k, v) -> {
          if (!conf.contains(k)) {
            b.config(k, v);
          }
        });
    SparkSession s = b.getOrCreate();
    if (logFile == null || !JobLog.start(logFile, verbose)) {
      s.sparkContext().setLogLevel(verbose ? "INFO" : "WARN");
    }
    return s;
  }

  /**
   * Sets the root log level: warn by default, info with verbose. Noisy Hadoop/streaming loggers
   * stay at error.
   */
  public static void setLogLevel(boolean verbose) {
    try {
      Configurator.setRootLevel(verbose ? Level.INFO : Level.WARN);
      if (!verbose) {
        Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR);
        Configurator.setLevel(
            "org.apache.spark.sql.execution.streaming.runtime.ResolveWriteToStream", Level.ERROR);
        // "Truncated the string representation of a plan": every plan over 25 columns says it
        Configurator.setLevel("org.apache.spark.util.SparkStringUtils", Level.ERROR);
      }
    } catch (NoClassDefFoundError | ClassCastException e) {
      // Not log4j-core (some cluster setups): leave logging as the cluster configured it.
    }
  }

  /** True when the session shows Spark's own console progress bar. */
  public static boolean consoleProgress(SparkSession spark) {
    return spark.sparkContext().getConf().getBoolean("spark.ui.showConsoleProgress", false);
  }

  /**
   * The values an {@link Observation} collected, once its action has run (waiting for it if not).
   */
  public static java.util.Map<String, Object> metrics(Observation o) {
    try {
      return o.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the metrics of " + o.name(), e);
    }
  }

  /** The column of this exact name (names may hold dots, spaces or backquotes). */
  public static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
  }
}
