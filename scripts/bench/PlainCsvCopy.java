// The reference of the benchmarks ("plain copy" in CONTRACTS.md): a plain Spark read of a CSV file (header, every
// column as text, no parsing beyond Spark's CSV reader) written back in the job's own output format: Parquet for
// prepare-cic (scripts/bench/datasets.sh), CSV with a header for score (scripts/bench/score.sh). Run as a
// single-file Java program on the Spark jars:  java -cp "$SPARK_HOME/jars/*" PlainCsvCopy.java IN OUT [parquet|csv]
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

public class PlainCsvCopy {
  public static void main(String[] args) {
    String format = args.length > 2 ? args[2] : "parquet";
    SparkSession spark =
        SparkSession.builder()
            .appName("plain-csv-copy")
            .master(System.getProperty("master", "local[2]"))
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    long t0 = System.nanoTime();
    Dataset<Row> in = spark.read().option("header", "true").csv(args[0]);
    if (format.equals("csv")) {
      in.write().mode(SaveMode.Overwrite).option("header", "true").csv(args[1]);
    } else {
      in.write().mode(SaveMode.Overwrite).parquet(args[1]);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long rows =
        format.equals("csv")
            ? spark.read().option("header", "true").csv(args[1]).count()
            : spark.read().parquet(args[1]).count();
    System.out.printf("plain-copy rows=%d seconds=%.2f rows_per_s=%.0f%n", rows, secs, rows / secs);
    spark.stop();
  }
}
