package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.spark.Sparks;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Checks the Spark setup: runs a small job and prints where its tasks ran (process id, host, JVM
 * main class), so a user can see the work reached the cluster's executors rather than staying in
 * the driver.
 *
 * <pre>
 * scripts/spark-submit --master spark://127.0.0.1:7077 spark-jobs/target/ids-spark-jobs.jar doctor
 * driver pid=4242 host=myhost master=spark://127.0.0.1:7077 spark=4.2.0
 * task pid=4310 host=myhost main=org.apache.spark.executor.CoarseGrainedExecutorBackend partitions=4
 * </pre>
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = "Runs a tiny job and reports where its tasks ran (driver vs executor processes).")
public final class DoctorJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Tasks to run (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Override
  public Integer call() throws Exception {
    common.config(); // a bad config file fails here, before Spark starts
    SparkSession spark = Sparks.session("doctor", common.verbose());
    String driver = whereAmI();
    List<String> tasks =
        spark
            .range(0, partitions, 1, partitions)
            .mapPartitions(
                (MapPartitionsFunction<Long, String>)
                    it -> {
                      List<String> one = new ArrayList<>();
                      if (it.hasNext()) {
                        one.add(whereAmI());
                      }
                      Iterator<String> out = one.iterator();
                      return out;
                    },
                Encoders.STRING())
            .collectAsList();
    System.out.println(
        "driver "
            + driver
            + " master="
            + spark.sparkContext().master()
            + " spark="
            + spark.version());
    tasks.stream()
        .distinct()
        .sorted()
        .forEach(
            t ->
                System.out.println(
                    "task " + t + " partitions=" + tasks.stream().filter(t::equals).count()));
    return 0;
  }

  static String whereAmI() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown";
    }
    String cmd = System.getProperty("sun.java.command", "?");
    String main = cmd.split(" ")[0];
    return "pid="
        + ProcessHandle.current().pid()
        + " host="
        + host
        + " main="
        + main
        + " jvm="
        + ManagementFactory.getRuntimeMXBean().getName();
  }
}
