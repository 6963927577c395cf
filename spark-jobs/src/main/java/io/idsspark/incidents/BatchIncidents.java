package io.idsspark.incidents;

import static org.apache.spark.sql.functions.col;

import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertFormats;
import io.idsspark.errors.IdsException;
import io.idsspark.spark.Inputs;
import io.idsspark.spark.TableOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The batch path of incidents ({@code spark-submit incidents}, {@code score --incidents}): alerts
 * read back from their files, partitioned by incident key, each key's alerts in time order (then
 * alert id) through the same {@link IncidentGrouper} as the stream; only closed records, one per
 * incident. Nothing is collected to the driver: lines are parsed where they are read, and the
 * records are written as one file each ({@code incidents.csv}, {@code incidents.jsonl}). A line
 * that is not an alert is quarantined with its file and line number ({@code quarantined.jsonl}).
 */
public final class BatchIncidents {
  private static final StructType PARSED =
      new StructType()
          .add("kind", DataTypes.StringType)
          .add("key", DataTypes.StringType)
          .add("micros", DataTypes.LongType)
          .add("alert_id", DataTypes.StringType)
          .add("alert", DataTypes.StringType)
          .add("file", DataTypes.StringType)
          .add("line", DataTypes.LongType)
          .add("reason", DataTypes.StringType);

  private static final StructType RECORDS =
      new StructType()
          .add("start_us", DataTypes.LongType)
          .add("kind", DataTypes.StringType)
          .add("key", DataTypes.StringType)
          .add("csv", DataTypes.StringType)
          .add("json", DataTypes.StringType);

  private BatchIncidents() {}

  /** What a run read and wrote. */
  public record Result(long alerts, long incidents, long quarantined, long unknownKeyAlerts) {
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%,d alerts -> %,d incidents (%.0f alerts per incident); %,d lines quarantined;"
              + " %,d alerts without the address their key needs (key 'unknown')",
          alerts,
          incidents,
          incidents == 0 ? 0.0 : (double) alerts / incidents,
          quarantined,
          unknownKeyAlerts);
    }
  }

  /**
   * Groups the alerts in {@code inputs} (alerts.csv / alerts.jsonl files, or score's CSV output:
   * files or folders) into closed incidents written to {@code outDir}.
   *
   * @param modelVersion model version for rows that do not name theirs (score output), for their
   *     alert ids
   * @throws IdsException (exit 3) when an input is Parquet or missing
   */
  public static Result run(
      SparkSession spark, List<String> inputs, String outDir, int gapSeconds, String modelVersion) {
    List<String> files = Inputs.expand(spark, inputs);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<JavaRDD<Row>> parts = new ArrayList<>();
    for (String f : files) {
      String lower = f.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".parquet")) {
        throw IdsException.input(
            f + ": incidents reads CSV or JSON lines; write score's output with --format csv");
      }
      boolean jsonl = lower.endsWith(".jsonl") || lower.endsWith(".json");
      List<String> header = jsonl ? null : Inputs.csvHeader(spark, f);
      AlertInput input = new AlertInput(header, modelVersion);
      parts.add(
          sc.textFile(f)
              .zipWithIndex()
              .mapPartitions(
                  it -> {
                    List<Row> out = new ArrayList<>();
                    while (it.hasNext()) {
                      var t = it.next();
                      long line = t._2() + 1;
                      if (line == 1 && !jsonl) {
                        continue; // the header
                      }
                      AlertInput.Parsed p = input.parse(t._1());
                      if (p.alert() != null) {
                        Alert a = p.alert();
                        IncidentKey k = IncidentKey.of(a);
                        out.add(
                            RowFactory.create(
                                k.kind(),
                                k.key(),
                                IncidentGrouper.micros(a.timestamp(), 0),
                                a.alertId(),
                                AlertFormats.jsonLine(a, Instant.EPOCH),
                                f,
                                line,
                                null));
                      } else if (p.reason() != null) {
                        out.add(
                            RowFactory.create(null, null, null, null, t._1(), f, line, p.reason()));
                      }
                    }
                    return out.iterator();
                  }));
    }
    JavaRDD<Row> all = parts.size() == 1 ? parts.get(0) : sc.union(parts.toArray(new JavaRDD[0]));
    Dataset<Row> parsed =
        spark.createDataFrame(all, PARSED).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> bad = parsed.filter(col("reason").isNotNull());
      long quarantined = bad.count();
      if (quarantined > 0) {
        TableOutput.writeSingleText(
            bad.select(
                    org.apache.spark.sql.functions.to_json(
                        org.apache.spark.sql.functions.struct(
                            col("file"), col("line"), col("reason"), col("alert").as("text"))))
                .as(Encoders.STRING()),
            outDir + "/quarantined.jsonl");
      }
      Dataset<Row> alerts = parsed.filter(col("reason").isNull());
      long alertCount = alerts.count();
      long unknown = alerts.filter(col("key").equalTo(IncidentKey.UNKNOWN)).count();
      Instant created = Instant.now();
      Dataset<Row> records =
          spark
              .createDataFrame(
                  alerts
                      .repartition(col("kind"), col("key"))
                      .sortWithinPartitions("kind", "key", "micros", "alert_id")
                      .toJavaRDD()
                      .mapPartitions(it -> group(it, gapSeconds, created)),
                  RECORDS)
              .persist(StorageLevel.MEMORY_AND_DISK());
      long incidents = records.count();
      write(records, "csv", IncidentFormats.csvHeader().strip(), outDir + "/incidents.csv");
      write(records, "json", null, outDir + "/incidents.jsonl");
      records.unpersist();
      return new Result(alertCount, incidents, quarantined, unknown);
    } finally {
      parsed.unpersist();
    }
  }

  /** One partition's alerts (sorted by key, then time): each key's closed incidents. */
  private static Iterator<Row> group(Iterator<Row> it, int gapSeconds, Instant created) {
    List<Row> out = new ArrayList<>();
    AlertInput reader = new AlertInput(null, null);
    IncidentGrouper g = new IncidentGrouper(gapSeconds, 0, false);
    String kind = null;
    String key = null;
    while (it.hasNext()) {
      Row r = it.next();
      if (key != null && !(r.getString(0).equals(kind) && r.getString(1).equals(key))) {
        emit(g.closeAll(), created, out);
      }
      kind = r.getString(0);
      key = r.getString(1);
      emit(g.add(reader.parse(r.getString(4)).alert()), created, out);
    }
    emit(g.closeAll(), created, out);
    return out.iterator();
  }

  private static void emit(List<IncidentRecord> rs, Instant created, List<Row> out) {
    for (IncidentRecord r : rs) {
      out.add(
          RowFactory.create(
              IncidentGrouper.micros(r.start(), 0),
              r.keyKind(),
              r.key(),
              IncidentFormats.csvLine(r).stripTrailing(),
              IncidentFormats.jsonLine(r, created).stripTrailing()));
    }
  }

  /** One file of records in start-time order (then key), with a header line when given. */
  private static void write(Dataset<Row> records, String column, String header, String path) {
    SparkSession spark = records.sparkSession();
    Dataset<Row> lines = records.select(col("start_us"), col("kind"), col("key"), col(column));
    if (header != null) {
      // sorts first
      lines =
          lines.union(
              spark.createDataFrame(
                  List.of(RowFactory.create(Long.MIN_VALUE, "", "", header)), lines.schema()));
    }
    TableOutput.writeSingleText(
        lines
            .coalesce(1)
            .sortWithinPartitions("start_us", "kind", "key")
            .select(col(column))
            .as(Encoders.STRING()),
        path);
  }
}
