package io.idsspark.cic;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Flow-start timestamps of the CIC layouts to ISO-8601 UTC with {@code Z}.
 *
 * <p>Original CSE-CIC-IDS2018 and CIC-IDS2017 files print the capture machine's local time, 12-hour
 * clock, no AM/PM ({@code 14/02/2018 02:24:07}; 2017 {@code 7/7/2017 3:30}, day first). Rule: hours
 * 1-7 are afternoon (+12), 8-12 stay as they are, because the captures ran in working hours (about
 * 8:00-19:59); then local time in {@code America/Halifax} (Atlantic time, UTC-4 in Feb/Mar 2018,
 * UTC-3 in July 2017) to UTC. Evidence: the improved re-extraction of the same 2018 days writes
 * UTC, and its SSH-BruteForce rows (18:03-19:28Z on 14 Feb) match the original's {@code
 * 02:24-03:31} under this rule (14:24-15:31 AST = 18:24-19:31Z), as do its first benign flows
 * (12:29Z vs the original's {@code 08:31}). The improved (Engelen) files already print UTC with
 * microseconds ({@code 2018-03-02 16:46:12.972385}).
 */
final class CicTimestamps {
  /** First hour read as morning; 1..(this-1) are read as afternoon. */
  static final int FIRST_MORNING_HOUR = 8;

  static final ZoneId CIC_ZONE = ZoneId.of("America/Halifax");

  private CicTimestamps() {}

  /** {@code d/M/yyyy h:mm[:ss]} local 12-hour without AM/PM, to ISO UTC; null when malformed. */
  static String parseLocal12h(String s) {
    int[] v = new int[6];
    int field = 0;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        v[field] = v[field] * 10 + (c - '0');
        digits++;
      } else if ((c == '/' && field < 2) || (c == ' ' && field == 2) || (c == ':' && field >= 3)) {
        if (digits == 0 || ++field > 5) {
          return null;
        }
        digits = 0;
      } else {
        return null;
      }
    }
    if (digits == 0 || field < 4) {
      return null;
    }
    int hour = v[3];
    if (hour > 12 || v[4] > 59 || v[5] > 59) {
      return hour <= 23 && hour > 12 && v[4] <= 59 && v[5] <= 59 ? toUtc(v, hour) : null;
    }
    if (hour >= 1 && hour < FIRST_MORNING_HOUR) {
      hour += 12;
    }
    return toUtc(v, hour);
  }

  private static String toUtc(int[] v, int hour) {
    try {
      LocalDateTime t = LocalDateTime.of(v[2], v[1], v[0], hour, v[4], v[5]);
      return t.atZone(CIC_ZONE).toInstant().toString();
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** {@code yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC (improved layout) to ISO; null when malformed. */
  static String parseIsoUtc(String s) {
    if (s.length() < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':') {
      return null;
    }
    char sep = s.charAt(10);
    if (sep != ' ' && sep != 'T') {
      return null;
    }
    try {
      return Instant.parse(s.substring(0, 10) + 'T' + s.substring(11) + 'Z').toString();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
