package io.idsspark.incidents;

import io.idsspark.alerts.Alert;
import io.idsspark.alerts.Numbers;
import java.time.Duration;
import java.time.Instant;
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

  static IncidentRecord withSummary(
      IncidentRecord r, List<Map.Entry<String, Long>> services, long otherServiceAlerts) {
    return new IncidentRecord(
        r.incidentId(),
        r.status(),
        r.start(),
        r.end(),
        r.keyKind(),
        r.key(),
        r.severity(),
        r.alerts(),
        r.redAlerts(),
        r.sources(),
        r.destinations(),
        r.destinationPorts(),
        r.bytes(),
        r.packets(),
        r.maxScore(),
        r.topFeatures(),
        r.firstAlertIds(),
        sentence(r, services, otherServiceAlerts));
  }

  static String sentence(
      IncidentRecord r, List<Map.Entry<String, Long>> services, long otherServiceAlerts) {
    StringBuilder b = new StringBuilder(160);
    if (Alert.BY_SERVICE.equals(r.keyKind())) {
      b.append(count(r.sources())).append(r.sources() == 1 ? " source -> " : " sources -> ");
      b.append(r.key());
    } else {
      b.append(r.key()).append(" -> ");
      b.append(count(r.destinations())).append(r.destinations() == 1 ? " host, " : " hosts, ");
      b.append(count(r.destinationPorts())).append(r.destinationPorts() == 1 ? " port" : " ports");
    }
    b.append(": ").append(count(r.alerts())).append(r.alerts() == 1 ? " alert" : " alerts");
    if (r.redAlerts() > 0) {
      b.append(" (").append(count(r.redAlerts())).append(" red)");
    }
    b.append(" in ").append(span(r.start(), r.end()));
    if (!Alert.BY_SERVICE.equals(r.keyKind()) && services.size() > 1) {
      // what it hit: the services with the most alerts
      String s = "; ";
      long named = 0;
      for (Map.Entry<String, Long> e : services) {
        b.append(s).append(e.getKey()).append(' ').append(count(e.getValue()));
        named += e.getValue();
        s = ", ";
      }
      long rest = r.alerts() - named;
      if (rest > 0) {
        b.append(" and ").append(count(rest)).append(" to other services");
      }
    }
    String sep = "; ";
    for (FeatureTally t : r.topFeatures()) {
      b.append(sep).append(t.name());
      if (t.direction() != null) {
        b.append(' ').append(t.direction());
      }
      long share = Math.round(100.0 * t.alerts() / Math.max(1, r.alerts()));
      b.append(" in ").append(share).append("% (mean ").append(Numbers.compact(t.mean()));
      b.append(", typical ").append(Numbers.compact(t.typicalLow())).append("..");
      b.append(Numbers.compact(t.typicalHigh())).append(')');
      sep = ", ";
    }
    return b.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String span(String start, String end) {
    double s = Duration.between(Instant.parse(start), Instant.parse(end)).toMillis() / 1000.0;
    if (s < 10) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    return s < 3600
        ? String.format(Locale.ROOT, "%.0f s", s)
        : String.format(Locale.ROOT, "%.1f h", s / 3600);
  }
}
