package io.idsspark.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession the whole test suite shares (surefire runs the suite in one JVM). Never stop
 * it in a test.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  /** A {@code local[2]} session: no UI, 4 shuffle partitions, UTC. */
  public static synchronized SparkSession session() {
    if (session == null) {
      SparkSession.Builder b = SparkSession.builder();
      io.idsspark.spark.Sparks.SESSION_DEFAULTS.forEach(b::config);
      session =
          b.appName("ids-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.sql.warehouse.dir", tmp("warehouse").toString())
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /** The repository root (set by surefire/failsafe as {@code ids.project.root}). */
  public static Path projectRoot() {
    return Path.of(System.getProperty("ids.project.root", "..")).toAbsolutePath().normalize();
  }

  /**
   * {@code ../shared/<relative>} next to the repository, if present (tests must skip when it is
   * absent).
   */
  public static Optional<Path> shared(String relative) {
    Path p = projectRoot().getParent().resolve("shared").resolve(relative);
    return Files.exists(p) ? Optional.of(p) : Optional.empty();
  }

  private static Path tmp(String name) {
    try {
      return Files.createTempDirectory("ids-" + name);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
