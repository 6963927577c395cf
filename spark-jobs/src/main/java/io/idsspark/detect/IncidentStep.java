package io.idsspark.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.idsspark.alerts.Alert;
import io.idsspark.alerts.AlertLog;
import io.idsspark.incidents.IncidentFormats;
import io.idsspark.incidents.IncidentGrouper;
import io.idsspark.incidents.IncidentRecord;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The batch's incident records, made under the alert log's lock from the committed state of the
 * grouping (so a replayed or retried batch starts from the same state and writes the same records),
 * with what it did for the log line.
 */
final class IncidentStep implements Function<JsonNode, AlertLog.IncidentTail> {
  private final List<Alert> batchAlerts;
  private final long newestFlowMicros;
  private final Instant created;
  private final int gapSeconds;
  private final int latenessSeconds;
  long opened;
  long updated;
  long closed;
  long openNow;
  long unknownKeyAlerts;

  IncidentStep(
      List<Alert> batchAlerts,
      long newestFlowMicros,
      Instant created,
      int gapSeconds,
      int latenessSeconds) {
    this.batchAlerts = batchAlerts;
    this.newestFlowMicros = newestFlowMicros;
    this.created = created;
    this.gapSeconds = gapSeconds;
    this.latenessSeconds = latenessSeconds;
  }

  @Override
  public AlertLog.IncidentTail apply(JsonNode committed) {
    IncidentGrouper g = new IncidentGrouper(gapSeconds, latenessSeconds, true);
    g.restore(committed);
    long unknownBefore = g.unknownKeyAlerts();
    StringBuilder csv = new StringBuilder();
    StringBuilder jsonl = new StringBuilder();
    for (IncidentRecord r : g.step(batchAlerts, newestFlowMicros)) {
      csv.append(IncidentFormats.csvLine(r));
      jsonl.append(IncidentFormats.jsonLine(r, created));
      switch (r.status()) {
        case IncidentRecord.OPEN -> opened++;
        case IncidentRecord.UPDATE -> updated++;
        default -> closed++;
      }
    }
    openNow = g.openCount();
    unknownKeyAlerts = g.unknownKeyAlerts() - unknownBefore;
    return new AlertLog.IncidentTail(csv.toString(), jsonl.toString(), g.toState());
  }
}
