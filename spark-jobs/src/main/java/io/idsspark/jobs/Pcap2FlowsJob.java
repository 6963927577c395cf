package io.idsspark.jobs;

import io.idsspark.cli.CommonOptions;
import io.idsspark.cli.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pcap2flows}: Turns many pcap files into a flow table in parallel (one task per file). */
@Command(
    name = "pcap2flows",
    mixinStandardHelpOptions = true,
    description = "Turns many pcap files into a flow table in parallel (one task per file).")
public final class Pcap2FlowsJob implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    throw UserException.usage("pcap2flows is not built yet");
  }
}
