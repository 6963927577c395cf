package io.idsspark.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * A batch job's full log in a file (for example {@code logs/train.log}): the root logger passes
 * info, the file takes all of it, the console appenders only warnings (or all with verbose), so a
 * piped run stays quiet and nothing is lost. One file appender per process: a later job (tests run
 * many in one JVM) replaces the earlier one.
 */
final class JobLog {
  private static final String NAME = "ids-job-log";

  private JobLog() {}

  /**
   * Starts logging to {@code file}; false when the logging backend is not log4j2-core or the file
   * cannot be made (the job goes on with console logging).
   */
  static synchronized boolean start(Path file, boolean verbose) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      Configuration cfg = ctx.getConfiguration();
      LoggerConfig root = cfg.getRootLogger();
      Appender old = cfg.getAppender(NAME);
      if (old != null) {
        root.removeAppender(NAME);
        old.stop();
      }
      // console appenders keep their threshold: warnings (or everything with verbose)
      List<Appender> consoles = new ArrayList<>();
      for (Map.Entry<String, Appender> e : root.getAppenders().entrySet()) {
        consoles.add(e.getValue());
      }
      for (Appender a : consoles) {
        root.removeAppender(a.getName());
        root.addAppender(a, verbose ? Level.INFO : Level.WARN, null);
      }
      FileAppender fa =
          FileAppender.newBuilder()
              .setName(NAME)
              .withFileName(file.toString())
              .withAppend(true)
              .setLayout(
                  PatternLayout.newBuilder()
                      .withPattern("%d{ISO8601}{UTC}Z %p %c{1}: %m%n%ex")
                      .withConfiguration(cfg)
                      .build())
              .setConfiguration(cfg)
              .build();
      fa.start();
      cfg.addAppender(fa);
      root.addAppender(fa, Level.INFO, null);
      root.setLevel(Level.INFO);
      ctx.updateLoggers();
      return true;
    } catch (IOException | RuntimeException | NoClassDefFoundError e) {
      System.err.println("warning: no job log file " + file + ": " + e.getMessage());
      return false;
    }
  }
}
