package io.idsspark.sniffer;

import io.idsspark.cli.Cli;
import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.ExitCodes;
import io.idsspark.config.ConfigKeys;
import io.idsspark.config.IdsConfig;
import io.idsspark.errors.IdsException;
import io.idsspark.flow.CaptureStats;
import io.idsspark.flow.FlowSettings;
import io.idsspark.flow.FlowWriters;
import io.idsspark.flow.Format;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scripts/sniffer}: packets to flow files, from pcap/pcapng files or a live interface.
 *
 * <pre>
 * scripts/sniffer --pcap capture.pcap --out data/flows
 * scripts/sniffer --pcap captures/ --format jsonl
 * scripts/sniffer --iface eth0 --bpf "tcp or udp" --minutes 5 --label 0
 * </pre>
 *
 * <p>Output: {@code flows-20200610T091954Z-p4242-000001.csv} files (header = the flow schema's
 * columns, plus {@code label,attack_type} with {@code --label}), each renamed into place when
 * complete. Statistics go to stderr at the end (and every 10 s when live), e.g. {@code sniffer:
 * packets read=54 parsed=54 skipped=0 flows=2 (fin=1 eof=1) files read=1 failed=0 written=1}.
 */
@Command(
    name = "sniffer",
    mixinStandardHelpOptions = true,
    version = "ids-sniffer 0.1.0",
    sortOptions = false,
    description = "Turns packets into flow files (pcap/pcapng files or a live interface).",
    footer = {
      "",
      "Exit codes: 0 ok (bad packets are skipped and counted), 2 bad options, 3 no readable",
      "capture, 5 missing CAP_NET_RAW/CAP_NET_ADMIN for live capture, 130 interrupted."
    })
public final class SnifferMain implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--pcap",
      paramLabel = "FILE|DIR",
      description = "Read a pcap/pcapng file, or every capture in a folder.")
  Path pcap;

  @Option(names = "--iface", paramLabel = "NAME", description = "Capture live on this interface.")
  String iface;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: flows_dir).")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "csv|jsonl",
      description = "Flow file format (default: flow_format).")
  String format;

  @Option(names = "--bpf", paramLabel = "FILTER", description = "BPF filter (default: bpf_filter).")
  String bpf;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      description = "Stop a live capture after M minutes.")
  Double minutes;

  @Option(names = "--label", paramLabel = "0|1", description = "Label every flow (training data).")
  Integer label;

  @Option(
      names = "--attack-type",
      paramLabel = "T",
      description = "attack_type for labelled flows (default with --label 0: benign).")
  String attackType;

  @Option(
      names = "--libpcap",
      description = "Read files through libpcap instead of the built-in readers (slower).")
  boolean libpcap;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description =
          "Send flows to Kafka (e.g. localhost:9092) instead of files; flows it cannot deliver"
              + " go to the flow folder (--out).")
  String kafka;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "flows",
      description = "Kafka topic for --kafka (default: flows).")
  String topic;

  PrintStream err = System.err;

  @Override
  public Integer call() throws IOException {
    if ((pcap == null) == (iface == null)) {
      throw IdsException.usage("give exactly one of --pcap FILE|DIR or --iface NAME");
    }
    IdsConfig config = common.config();
    FlowSettings settings = FlowSettings.from(config);
    Format fmt =
        format != null
            ? Format.parse(format, "--format", Format.CSV, Format.JSONL)
            : Format.parse(
                config.get(ConfigKeys.FLOW_FORMAT), "flow_format", Format.CSV, Format.JSONL);
    FlowWriters.Label flowLabel = label();
    Path dir = outputDir(config);
    CaptureStats stats = new CaptureStats();
    long windowMicros = config.get(ConfigKeys.WINDOW_SECONDS) * 1_000_000L;
    int maxPerFile = config.get(ConfigKeys.MAX_FLOWS_PER_FILE);
    KafkaFlowSink[] kafkaSink = {null};
    java.util.function.Function<java.util.function.LongSupplier, FlowSink> sinks =
        clock -> {
          FlowFileWriter files =
              new FlowFileWriter(dir, fmt, flowLabel, maxPerFile, windowMicros, clock, stats);
          if (kafka == null) {
            return files;
          }
          kafkaSink[0] = new KafkaFlowSink(kafka, topic, flowLabel, files, err);
          if (iface != null) {
            // a live capture ends on a signal: the counts are printed when the sink closes
            kafkaSink[0].onClose(k -> err.println("sniffer: " + where(dir, k)));
          }
          return kafkaSink[0];
        };
    if (pcap != null) {
      int code = new PcapRun(settings, stats, err, libpcap).run(pcap, sinks);
      err.println(
          "sniffer: " + stats.summary() + " -> " + where(dir, kafkaSink[0]) + Memory.peakSuffix());
      err.flush();
      return code;
    } else {
      if (minutes != null && minutes <= 0) {
        throw IdsException.usage("--minutes must be > 0");
      }
      String filter = bpf != null ? bpf : config.get(ConfigKeys.BPF_FILTER);
      err.println(
          "sniffer: writing flows to "
              + (kafka == null
                  ? dir
                  : "Kafka " + kafka + " topic " + topic + " (spill: " + dir + ")"));
      return new LiveRun(settings, stats, err)
          .withHealthFile(config.writableDir(ConfigKeys.LOGS_DIR).resolve(CaptureStats.HEALTH_FILE))
          .run(iface, filter, minutes, sinks);
    }
  }

  /** Where the flows went: the folder, or the topic with what was spilled to the folder. */
  private String where(Path dir, KafkaFlowSink k) {
    if (k == null) {
      return dir.toString();
    }
    return "Kafka "
        + kafka
        + " topic "
        + topic
        + ": "
        + k.sent()
        + " flows sent, "
        + k.spilled()
        + " spilled to "
        + dir;
  }

  private FlowWriters.Label label() {
    if (label == null) {
      if (attackType != null) {
        throw IdsException.usage("--attack-type needs --label 0|1");
      }
      return null;
    }
    if (label != 0 && label != 1) {
      throw IdsException.usage("--label must be 0 (benign) or 1 (attack), not " + label);
    }
    if (label == 1 && (attackType == null || attackType.isBlank())) {
      throw IdsException.usage("--label 1 needs --attack-type T (e.g. --attack-type portscan)");
    }
    return new FlowWriters.Label(label, attackType == null ? "benign" : attackType.trim());
  }

  private Path outputDir(IdsConfig config) {
    if (out == null) {
      return config.writableDir(ConfigKeys.FLOWS_DIR);
    }
    try {
      Files.createDirectories(out);
      Path probe = Files.createTempFile(out, ".write-probe", ".tmp");
      Files.delete(probe);
      return out.toAbsolutePath().normalize();
    } catch (IOException | SecurityException e) {
      throw IdsException.input(
          "--out " + out + ": folder is not writable (" + e.getMessage() + ")");
    }
  }

  /** Exit code when nothing could be read. */
  static final int NO_INPUT = ExitCodes.INPUT;

  public static void main(String[] args) {
    System.setProperty(
        "org.slf4j.simpleLogger.defaultLogLevel",
        java.util.Arrays.asList(args).contains("--verbose")
                || java.util.Arrays.asList(args).contains("-v")
            ? "info"
            : "warn");
    CommandLine cl = Cli.commandLine(new SnifferMain());
    System.exit(Cli.run(cl, args));
  }
}
