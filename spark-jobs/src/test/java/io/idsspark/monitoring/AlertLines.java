package io.idsspark.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Alert lines for the monitoring checks, in the alerts.jsonl layout of CONTRACTS.md. */
final class AlertLines {
  private AlertLines() {}

  /** Lines written by hand to the contract (a red and a yellow alert). */
  static List<String> sample() throws IOException {
    try (InputStream in =
        AlertLines.class.getResourceAsStream("/monitoring/alerts-contract-sample.jsonl")) {
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
          .filter(l -> !l.isBlank())
          .toList();
    }
  }
}
