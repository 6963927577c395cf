package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.ExitCodes;
import io.idsspark.context.ContextCoverage;
import io.idsspark.context.HostContext;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowIterator;
import io.idsspark.flow.FlowRecord;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.Format;
import io.idsspark.flow.PcapFlows;
import io.idsspark.spark.FlowSparkSchema;
import io.idsspark.spark.Progress;
import io.idsspark.spark.Sparks;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pcap2flows}: many capture files to one flow table, one Spark task per file, each running
 * the sniffer's flow assembler ({@link PcapFlows#iterator}) on the file's bytes from any Hadoop
 * file system.
 *
 * <pre>
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar pcap2flows \
 *     --in 'archive/2024-*.pcap' --out flows.parquet --format parquet
 * pcap2flows: 3 captures, 1 unreadable, packets read=4212 parsed=4210 ... flows=318 -> flows.parquet
 * </pre>
 *
 * <p>Output: the flow schema ({@link FlowSparkSchema#schema}(false)), CSV with a header or Parquet.
 * A file that cannot be read is one line naming it (the others go on); exit 3 only when no file
 * could be read.
 */
@Command(
    name = "pcap2flows",
    mixinStandardHelpOptions = true,
    description = "Turns many pcap files into a flow table in parallel (one task per file).")
public final class Pcap2FlowsJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "DIR|GLOB",
      description = "Capture files: a folder (its *.pcap/*.pcapng/*.cap), a file or a glob.")
  String in;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output folder.")
  String out;

  @Option(
      names = "--format",
      paramLabel = "csv|parquet",
      defaultValue = "csv",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--overwrite", description = "Replace PATH if it exists.")
  boolean overwrite;

  /** Counters the tasks report back (accumulators: retried tasks may count twice). */
  public static final class Counters implements Serializable {
    private static final long serialVersionUID = 1L;
    final LongAccumulator packetsRead;
    final LongAccumulator packetsParsed;
    final LongAccumulator flows;
    final LongAccumulator filesRead;
    final LongAccumulator filesFailed;
    final CollectionAccumulator<String> problems;

    Counters(SparkSession spark) {
      var sc = spark.sparkContext();
      packetsRead = sc.longAccumulator("pcap2flows.packetsRead");
      packetsParsed = sc.longAccumulator("pcap2flows.packetsParsed");
      flows = sc.longAccumulator("pcap2flows.flows");
      filesRead = sc.longAccumulator("pcap2flows.filesRead");
      filesFailed = sc.longAccumulator("pcap2flows.filesFailed");
      problems = sc.collectionAccumulator("pcap2flows.problems");
    }

    public long flows() {
      return flows.value();
    }

    public long filesRead() {
      return filesRead.value();
    }

    public long filesFailed() {
      return filesFailed.value();
    }

    public List<String> problems() {
      return problems.value();
    }

    String summary() {
      return "packets read="
          + packetsRead.value()
          + " parsed="
          + packetsParsed.value()
          + " flows="
          + flows.value()
          + " files read="
          + filesRead.value()
          + " failed="
          + filesFailed.value();
    }
  }

  @Override
  public Integer call() {
    Format.require(format, "--format", Format.CSV, Format.PARQUET);
    FlowSettings settings = FlowSettings.from(common.config());
    SparkSession spark =
        Sparks.session("pcap2flows", common.verbose(), common.logFile("pcap2flows"));
    try (Progress progress = Progress.attach(spark, "pcap2flows")) {
      List<String> files = captureFiles(spark, in);
      Counters counters = new Counters(spark);
      org.apache.spark.sql.Observation context = new org.apache.spark.sql.Observation("context");
      Dataset<Row> flows =
          ContextCoverage.observe(
              HostContext.addOrNull(flows(spark, files, settings, counters)), context);
      var writer = flows.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
      try {
        if (format == Format.CSV) {
          writer.option("header", "true").csv(out);
        } else {
          writer.parquet(out);
        }
      } catch (Exception e) {
        if (String.valueOf(e.getMessage()).contains("already exists")) {
          throw IdsException.usage("--out " + out + " already exists (use --overwrite)");
        }
        throw e;
      }
      for (String p : counters.problems()) {
        System.err.println(p);
      }
      System.err.println(
          "pcap2flows: " + files.size() + " captures, " + counters.summary() + " -> " + out);
      if (counters.filesRead() == 0) {
        throw IdsException.input("none of the " + files.size() + " captures could be read");
      }
      System.err.println("pcap2flows: " + ContextCoverage.of(Sparks.metrics(context)).describe());
      return ExitCodes.OK;
    }
  }

  /**
   * Flow rows of the given capture files, one partition (task) per file. Lazy: the files are read
   * when the result is computed; {@code counters} are filled then.
   */
  public static Dataset<Row> flows(
      SparkSession spark, List<String> files, FlowSettings settings, Counters counters) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    SerializableConfiguration conf =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    JavaRDD<String> paths = jsc.parallelize(files, Math.max(1, files.size()));
    JavaRDD<Row> rows = paths.mapPartitions(it -> readFiles(it, conf.value(), settings, counters));
    return spark.createDataFrame(rows, FlowSparkSchema.schema(false));
  }

  private static Iterator<Row> readFiles(
      Iterator<String> files, Configuration conf, FlowSettings settings, Counters counters) {
    List<Iterator<Row>> parts = new ArrayList<>();
    while (files.hasNext()) {
      parts.add(readFile(files.next(), conf, settings, counters));
    }
    return parts.size() == 1 ? parts.get(0) : concat(parts);
  }

  private static Iterator<Row> readFile(
      String file, Configuration conf, FlowSettings settings, Counters counters) {
    CaptureStats stats = new CaptureStats();
    FlowIterator flows;
    try {
      Path p = new Path(file);
      InputStream in = p.getFileSystem(conf).open(p, 1 << 20);
      flows = PcapFlows.iterator(in, file, settings, stats);
    } catch (IOException | IdsException e) {
      String msg = e instanceof IdsException ? e.getMessage() : file + ": " + e.getMessage();
      counters.problems.add("error: " + msg);
      counters.filesFailed.add(1);
      return Collections.emptyIterator();
    }
    return new Iterator<>() {
      private boolean reported;

      @Override
      public boolean hasNext() {
        boolean more;
        try {
          more = flows.hasNext();
        } catch (IdsException e) {
          more = false;
        }
        if (!more && !reported) {
          reported = true;
          counters.packetsRead.add(stats.packetsRead());
          counters.packetsParsed.add(stats.packetsParsed());
          counters.flows.add(stats.flowsEmitted());
          counters.filesRead.add(stats.filesRead());
          counters.filesFailed.add(stats.filesFailed());
          stats.problems().forEach(counters.problems::add);
        }
        return more;
      }

      @Override
      public Row next() {
        FlowRecord r = flows.next();
        return RowFactory.create(r.values().toArray());
      }
    };
  }

  private static <T> Iterator<T> concat(List<Iterator<T>> parts) {
    return parts.stream().flatMap(i -> toStream(i)).iterator();
  }

  private static <T> java.util.stream.Stream<T> toStream(Iterator<T> it) {
    return java.util.stream.StreamSupport.stream(
        java.util.Spliterators.spliteratorUnknownSize(it, 0), false);
  }

  /**
   * Expands {@code --in}: a folder lists its capture files (*.pcap, *.pcapng, *.cap, *.dmp), a glob
   * or file is taken as given; hidden files skipped.
   *
   * @throws IdsException (exit 3) naming the path when nothing matches
   */
  public static List<String> captureFiles(SparkSession spark, String in) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> out = new ArrayList<>();
    try {
      Path path = new Path(in);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw IdsException.input("--in " + in + ": no such file, folder or glob match");
      }
      for (FileStatus st : matches) {
        if (st.isDirectory()) {
          FileStatus[] children = fs.listStatus(st.getPath());
          Arrays.sort(children);
          for (FileStatus c : children) {
            String n = c.getPath().getName().toLowerCase(Locale.ROOT);
            if (c.isFile()
                && !n.startsWith(".")
                && (n.endsWith(".pcap")
                    || n.endsWith(".pcapng")
                    || n.endsWith(".cap")
                    || n.endsWith(".dmp"))) {
              out.add(c.getPath().toString());
            }
          }
        } else if (!st.getPath().getName().startsWith(".")) {
          out.add(st.getPath().toString());
        }
      }
    } catch (IOException e) {
      throw IdsException.input("--in " + in + ": cannot list: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw IdsException.input("--in " + in + ": no capture files (*.pcap, *.pcapng, *.cap)");
    }
    return out;
  }
}
