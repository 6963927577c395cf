package io.idsspark.cli;

import io.idsspark.errors.IdsException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs a picocli command with the project's error contract: a usage error is one line on stderr and
 * exit 2; an {@link IdsException} (config errors included) is one line and the exit code of its
 * kind; anything else is one line and exit 1 (with the stack trace only under {@code --verbose}).
 * The only place where problems become exit codes.
 */
public final class Cli {
  private Cli() {}

  /**
   * Builds the command line with the shared handlers; callers may add subcommands before {@link
   * #run}.
   */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Cli::onParameterError);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) ->
            onExecutionError(ex, commandLine, hasVerbose(parseResult)));
    return cl;
  }

  /** Parses and runs; returns the exit code. */
  public static int run(CommandLine cl, String... args) {
    return cl.execute(args);
  }

  private static boolean hasVerbose(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static int onParameterError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String msg =
        ex.getMessage() == null ? "bad arguments" : ex.getMessage().replaceAll("\\s+", " ").trim();
    if (ex instanceof UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      if (!suggestions.isEmpty()) {
        msg += " (did you mean " + String.join(" or ", suggestions) + "?)";
      }
    }
    err.println("error: " + cl.getCommandName() + ": " + msg + " (see --help)");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Maps an exception thrown by a command to a one-line message and an exit code. */
  public static int onExecutionError(Exception ex, CommandLine cl, boolean verbose) {
    PrintWriter err = cl.getErr();
    Throwable root = unwrap(ex);
    int code;
    String msg;
    if (root instanceof IdsException u) {
      code = ExitCodes.of(u.kind());
      msg = u.getMessage();
    } else {
      code = ExitCodes.FAILED;
      msg = root.getClass().getSimpleName() + ": " + root.getMessage();
    }
    err.println("error: " + (msg == null ? "" : msg.replaceAll("\\s+", " ").trim()));
    if (verbose || code == ExitCodes.FAILED && Boolean.getBoolean("ids.stacktraces")) {
      ex.printStackTrace(err);
    } else if (code == ExitCodes.FAILED) {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return code;
  }

  /** Finds an IdsException wrapped in other exceptions (Spark wraps task failures). */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    for (int i = 0; i < 20 && cur != null; i++) {
      if (cur instanceof IdsException) {
        return cur;
      }
      cur = cur.getCause();
    }
    return t;
  }
}
