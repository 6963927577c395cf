package io.idsspark.incidents;

import io.idsspark.alerts.Alert;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one sentence an incident record carries, built from its numbers and the directions of its
 * alerts' top features, e.g. {@code 10.0.0.5 -> 1 host, 1 port: 15,000 alerts (15,000 red) in 42 s;
 * src_unanswered_share_60s high in 100% (mean 0.99, typical 0..0.02)}; when a source hit several
 * services, the three with the most alerts are named with their counts.
 */
final class IncidentSummary {
  private IncidentSummary() {}

  /**
   * The sentence of incident {@code i}, whose distinct counts ({@code sources}, {@code
   * destinations}, {@code destinationPorts}) and top features the caller has computed already.
   */
  static String sentence(
      Incident i, long sources, long destinations, long destinationPorts, List<FeatureTally> top) {
    StringBuilder b = new StringBuilder(160);
    boolean byService = Alert.BY_SERVICE.equals(i.key.kind());
    if (byService) {
      b.append(count(sources)).append(sources == 1 ? " source -> " : " sources -> ");
      b.append(i.key.key());
    } else {
      b.append(i.key.key()).append(" -> ");
      b.append(count(destinations)).append(destinations == 1 ? " host, " : " hosts, ");
      b.append(count(destinationPorts)).append(destinationPorts == 1 ? " port" : " ports");
    }
    b.append(": ").append(count(i.alerts)).append(i.alerts == 1 ? " alert" : " alerts");
    if (i.red > 0) {
      b.append(" (").append(count(i.red)).append(" red)");
    }
    b.append(" in ").append(span(i.endMicros - i.startMicros));
    List<Map.Entry<String, Long>> services = i.topServices();
    if (!byService && services.size() > 1) {
      // what it hit: the services with the most alerts
      String s = "; ";
      long named = 0;
      for (Map.Entry<String, Long> e : services) {
        b.append(s).append(e.getKey()).append(' ').append(count(e.getValue()));
        named += e.getValue();
        s = ", ";
      }
      long rest = i.alerts - named;
      if (rest > 0) {
        b.append(" and ").append(count(rest)).append(" to other services");
      }
    }
    String sep = "; ";
    for (FeatureTally t : top) {
      long share = Math.round(100.0 * t.alerts() / Math.max(1, i.alerts));
      b.append(sep).append(t.phrase(share + "%"));
      sep = ", ";
    }
    return b.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String span(long micros) {
    double s = micros / 1000 / 1000.0;
    if (s < 10) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    return s < 3600
        ? String.format(Locale.ROOT, "%.0f s", s)
        : String.format(Locale.ROOT, "%.1f h", s / 3600);
  }
}
