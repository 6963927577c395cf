// The reference for prepare-cic's benchmark: a plain Spark CSV -> Parquet copy of the same input (header, every
// column as read, no parsing beyond Spark's CSV reader). Run by scripts/bench/datasets.sh as a single-file Java
// program on the Spark jars:  java -cp "$SPARK_HOME/jars/*" PlainCsvCopy.java IN OUT
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

public class PlainCsvCopy {
  public static void main(String[] args) {
    SparkSession spark =
        SparkSession.builder()
            .appName("plain-csv-copy")
            .master(System.getProperty("master", "local[2]"))
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    long t0 = System.nanoTime();
    spark.read().option("header", "true").csv(args[0]).write().mode(SaveMode.Overwrite).parquet(args[1]);
    double secs = (System.nanoTime() - t0) / 1e9;
    long rows = spark.read().parquet(args[1]).count();
    System.out.printf("plain-copy rows=%d seconds=%.2f rows_per_s=%.0f%n", rows, secs, rows / secs);
    spark.stop();
  }
}
