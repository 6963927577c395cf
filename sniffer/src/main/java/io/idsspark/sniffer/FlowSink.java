package io.idsspark.sniffer;

import io.idsspark.flow.FlowRecord;
import java.io.Closeable;
import java.io.IOException;

/** Where the sniffer's flow records go: rotating files in a folder, or a Kafka topic. */
interface FlowSink extends Closeable {
  /** Takes one flow record. */
  void write(FlowRecord r);

  /** Called as the capture clock moves without a flow: lets a sink complete what is due. */
  void tick() throws IOException;

  /** The sink's own counters for the sniffer's health line (name, value); none by default. */
  default void counters(java.util.Map<String, Long> out) {}
}
