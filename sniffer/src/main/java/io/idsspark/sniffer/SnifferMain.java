package io.idsspark.sniffer;

import io.idsspark.cli.Cli;
import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
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
 * scripts/sniffer --iface eth0 --bpf "tcp or udp" --minutes 5 --label 0
 * </pre>
 */
@Command(
    name = "sniffer",
    mixinStandardHelpOptions = true,
    version = "ids-sniffer 0.1.0",
    sortOptions = false,
    description = "Turns packets into flow files (pcap/pcapng files or a live interface).")
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
      description = "attack_type for labelled flows.")
  String attackType;

  @Override
  public Integer call() {
    throw UserException.usage("the sniffer is not built yet");
  }

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
