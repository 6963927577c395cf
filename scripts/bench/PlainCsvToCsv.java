// The reference for score's benchmark: a plain Spark CSV -> CSV copy of the same input (header, every column read
// as text, written back as CSV with a header). Run by scripts/bench/score.sh as a single-file Java program on the
// Spark jars:  java -cp "$SPARK_HOME/jars/*" PlainCsvToCsv.java IN OUT
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

public class PlainCsvToCsv {
  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .appName("plain-csv-to-csv")
            .master(System.getProperty("master", "local[2]"))
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    long t0 = System.nanoTime();
    spark.read().option("header", "true").csv(args[0])
        .write().mode(SaveMode.Overwrite).option("header", "true").csv(args[1]);
    double secs = (System.nanoTime() - t0) / 1e9;
    long rows = spark.read().option("header", "true").csv(args[1]).count();
    System.out.printf("plain-copy rows=%d seconds=%.2f rows_per_s=%.0f%n", rows, secs, rows / secs);
    spark.stop();
  }
}
