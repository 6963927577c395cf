package io.idsspark.jobs;

import io.idsspark.cic.CicRaw2018;
import io.idsspark.cli.CommonOptions;
import io.idsspark.context.HostContext;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.Format;
import io.idsspark.spark.Progress;
import io.idsspark.spark.Sparks;
import io.idsspark.spark.TableOutput;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generate}: labelled synthetic flows (benign mixes and attacks) in the flow schema.
 *
 * <pre>
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar generate --rows 100000 --out data/train.csv
 * scripts/spark-submit spark-jobs/target/ids-spark-jobs.jar generate --benign 1000 --syn-flood 200 \
 *     --port-scan 200 --out flows.parquet --seed 7
 * # timestamp,src_ip,dst_ip,src_port,dst_port,protocol,flow_duration,tot_fwd_pkts,...,label,attack_type,end_reason
 * # 2025-03-05T13:20:41.118024Z,192.168.1.57,104.18.9.12,41822,443,6,0.412,9,...,0,benign,fin
 * </pre>
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generates labelled synthetic flows (benign mixes and attacks) in the flow schema.",
      "Either --rows N [--attack-fraction F] [--attacks LIST], or exact counts per kind",
      "(--benign, --syn-flood, --port-scan, --udp-flood, --slow-http, --brute-force).",
      "Same --seed, same rows. An --out ending in .csv/.parquet is one file, else a folder."
    })
public final class GenerateJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--rows", paramLabel = "N", description = "Total number of flows.")
  Long rows;

  @Option(
      names = "--attack-fraction",
      paramLabel = "F",
      defaultValue = "0.1",
      description = "Share of attack flows with --rows (default: ${DEFAULT-VALUE}).")
  double attackFraction;

  @Option(
      names = "--attacks",
      split = ",",
      paramLabel = "LIST",
      description =
          "Attacks to mix in with --rows (default: all): syn_flood,port_scan,udp_flood,slow_http,brute_force.")
  List<String> attacks;

  @Option(names = "--benign", paramLabel = "N", description = "Benign flows (count form).")
  Long benign;

  @Option(names = "--syn-flood", paramLabel = "N", description = "SYN-flood flows.")
  Long synFlood;

  @Option(names = "--port-scan", paramLabel = "N", description = "Port-scan flows.")
  Long portScan;

  @Option(names = "--udp-flood", paramLabel = "N", description = "UDP-flood flows.")
  Long udpFlood;

  @Option(names = "--slow-http", paramLabel = "N", description = "Slow-HTTP (Slowloris) flows.")
  Long slowHttp;

  @Option(names = "--brute-force", paramLabel = "N", description = "SSH/FTP brute-force flows.")
  Long bruteForce;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "Output file or folder.")
  String out;

  @Option(
      names = "--format",
      paramLabel = "csv|parquet|cic2018",
      description = {
        "Output format (default: from --out's extension, else csv). cic2018 writes the flows as",
        "raw CSE-CIC-IDS2018 CSV (80 columns, with the tool's quirks) for testing prepare-cic."
      })
  Format format;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--partitions",
      paramLabel = "P",
      description = "Spark partitions = output part files (default: max(cores, rows / 1M)).")
  Integer partitions;

  @Option(
      names = "--start",
      paramLabel = "ISO",
      defaultValue = "2025-03-03T13:00:00Z",
      description = "Earliest flow start, ISO-8601 UTC (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(
      names = "--pcap-out",
      paramLabel = "FILE",
      description = {
        "Also write the simulated packets as a classic pcap (headers only, in time order), on",
        "the driver's file system. The sniffer on this file gives the same flow records."
      })
  Path pcapOut;

  @Option(
      names = "--context",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = {
        "Add the host-context columns (docs/schema.md), computed over the generated flows in the"
            + " context order, as score and train compute them (default: on; --no-context for the"
            + " flow columns only). Not with --format cic2018."
      })
  boolean context;

  @Override
  public Integer call() {
    GenerationPlan plan = plan();
    Format fmt =
        format != null
            ? Format.require(format, "--format", Format.CSV, Format.PARQUET, Format.CIC2018)
            : TableOutput.formatOf(out, Format.CSV);
    SparkSession spark = Sparks.session("generate", common.verbose(), common.logFile("generate"));
    try (Progress progress = Progress.attach(spark, "generate").expectRowsWritten(plan.total())) {
      int parts =
          partitions != null
              ? partitions
              : (int) Math.max(spark.sparkContext().defaultParallelism(), plan.total() / 1_000_000);
      if (parts < 1) {
        throw IdsException.usage("--partitions must be >= 1");
      }
      System.err.printf(
          "generate: %d flows in %d partitions -> %s (%s)%n", plan.total(), parts, out, fmt);
      long t0 = System.nanoTime();
      Dataset<Row> df = SyntheticFlows.generate(spark, plan, parts);
      if (context && fmt != Format.CIC2018) {
        df = HostContext.add(df);
      }
      if (fmt == Format.CIC2018) {
        TableOutput.writeText(CicRaw2018.render(df), out);
      } else {
        TableOutput.write(df, out, fmt);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      if (pcapOut != null) {
        writePcap(spark, plan, parts);
      }
      for (FlowKind k : FlowKind.values()) {
        if (plan.count(k) > 0) {
          System.out.printf("  %-12s %,d%n", k.attackType(), plan.count(k));
        }
      }
      System.out.printf(
          "wrote %,d flows to %s in %.1f s (%,.0f rows/s)%n",
          plan.total(), out, secs, plan.total() / secs);
      return 0;
    }
  }

  private void writePcap(SparkSession spark, GenerationPlan plan, int parts) {
    Path target = pcapOut.toAbsolutePath();
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      long packets;
      try (OutputStream os = Files.newOutputStream(tmp)) {
        packets = SyntheticFlows.writePcap(spark, plan, parts, os);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      System.out.printf("wrote %,d packets to %s%n", packets, target);
    } catch (IOException e) {
      throw IdsException.permission("--pcap-out: cannot write " + target + ": " + e.getMessage());
    }
  }

  /** The plan from the options (count form or --rows form, not both). */
  GenerationPlan plan() {
    Instant startAt;
    try {
      startAt = Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw IdsException.usage("--start: not an ISO-8601 UTC instant: " + start);
    }
    Map<FlowKind, Long> counts = new EnumMap<>(FlowKind.class);
    put(counts, FlowKind.BENIGN, benign);
    put(counts, FlowKind.SYN_FLOOD, synFlood);
    put(counts, FlowKind.PORT_SCAN, portScan);
    put(counts, FlowKind.UDP_FLOOD, udpFlood);
    put(counts, FlowKind.SLOW_HTTP, slowHttp);
    put(counts, FlowKind.BRUTE_FORCE, bruteForce);
    try {
      if (!counts.isEmpty()) {
        if (rows != null || attacks != null) {
          throw IdsException.usage("give either --rows [--attacks] or per-kind counts, not both");
        }
        return GenerationPlan.ofCounts(counts, seed, startAt);
      }
      if (rows == null) {
        throw IdsException.usage("give --rows N or per-kind counts such as --benign 1000");
      }
      List<FlowKind> kinds = new ArrayList<>();
      if (attacks == null) {
        kinds.addAll(FlowKind.attacks());
      } else {
        for (String a : attacks) {
          if (!a.isBlank()) {
            FlowKind k = FlowKind.parse(a);
            if (!k.isAttack()) {
              throw IdsException.usage("--attacks: benign is not an attack");
            }
            kinds.add(k);
          }
        }
      }
      return GenerationPlan.ofRows(rows, attackFraction, kinds, seed, startAt);
    } catch (IllegalArgumentException e) {
      throw IdsException.usage(e.getMessage());
    }
  }

  private static void put(Map<FlowKind, Long> m, FlowKind k, Long v) {
    if (v != null) {
      if (v < 0) {
        throw IdsException.usage("--" + k.attackType().replace('_', '-') + " must be >= 0");
      }
      m.put(k, v);
    }
  }
}
