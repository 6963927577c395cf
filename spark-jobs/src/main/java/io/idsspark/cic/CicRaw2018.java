package io.idsspark.cic;

import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Writes flow rows back out as raw CSE-CIC-IDS2018 CSV lines in the original 80-column layout, with
 * the tool's quirks: microseconds, local 12-hour timestamps without AM/PM, permuted first-packet
 * flag columns, {@code Infinity}/{@code NaN} rates at duration 0, {@code -1} windows, subflows
 * equal to totals, a header at the start of every part (so concatenated parts repeat it mid-file),
 * and one row in 100,000 with a 1970 timestamp and a negative duration. For tests and benchmarks of
 * prepare-cic at any size ({@code generate --format cic2018}).
 */
public final class CicRaw2018 {
  /** The exact header of the CSE-CIC-IDS2018 day files. */
  public static final String HEADER =
      "Dst Port,Protocol,Timestamp,Flow Duration,Tot Fwd Pkts,Tot Bwd Pkts,TotLen Fwd Pkts,"
          + "TotLen Bwd Pkts,Fwd Pkt Len Max,Fwd Pkt Len Min,Fwd Pkt Len Mean,Fwd Pkt Len Std,"
          + "Bwd Pkt Len Max,Bwd Pkt Len Min,Bwd Pkt Len Mean,Bwd Pkt Len Std,Flow Byts/s,"
          + "Flow Pkts/s,Flow IAT Mean,Flow IAT Std,Flow IAT Max,Flow IAT Min,Fwd IAT Tot,"
          + "Fwd IAT Mean,Fwd IAT Std,Fwd IAT Max,Fwd IAT Min,Bwd IAT Tot,Bwd IAT Mean,"
          + "Bwd IAT Std,Bwd IAT Max,Bwd IAT Min,Fwd PSH Flags,Bwd PSH Flags,Fwd URG Flags,"
          + "Bwd URG Flags,Fwd Header Len,Bwd Header Len,Fwd Pkts/s,Bwd Pkts/s,Pkt Len Min,"
          + "Pkt Len Max,Pkt Len Mean,Pkt Len Std,Pkt Len Var,FIN Flag Cnt,SYN Flag Cnt,"
          + "RST Flag Cnt,PSH Flag Cnt,ACK Flag Cnt,URG Flag Cnt,CWE Flag Count,ECE Flag Cnt,"
          + "Down/Up Ratio,Pkt Size Avg,Fwd Seg Size Avg,Bwd Seg Size Avg,Fwd Byts/b Avg,"
          + "Fwd Pkts/b Avg,Fwd Blk Rate Avg,Bwd Byts/b Avg,Bwd Pkts/b Avg,Bwd Blk Rate Avg,"
          + "Subflow Fwd Pkts,Subflow Fwd Byts,Subflow Bwd Pkts,Subflow Bwd Byts,"
          + "Init Fwd Win Byts,Init Bwd Win Byts,Fwd Act Data Pkts,Fwd Seg Size Min,Active Mean,"
          + "Active Std,Active Max,Active Min,Idle Mean,Idle Std,Idle Max,Idle Min,Label";

  /** CIC 2018 spellings that {@link LabelFamilies} maps back to each generated family. */
  private static final Map<String, String> LABELS =
      Map.of(
          "benign", "Benign",
          "syn_flood", "DoS attacks-SYN",
          "port_scan", "PortScan",
          "udp_flood", "DDOS attack-LOIC-UDP",
          "slow_http", "DoS attacks-Slowloris",
          "brute_force", "SSH-Bruteforce");

  private CicRaw2018() {}

  /** How one output column is produced from a flow row. */
  private record Cell(int col, char kind) {}

  private static List<Cell> plan() {
    Map<String, String> flagSource = new HashMap<>();
    CicLayout.PERMUTED_FLAGS.forEach((cicName, first) -> flagSource.put(cicName, first));
    Map<String, String> special =
        Map.of(
            "Fwd PSH Flags", "first_psh_flag",
            "Fwd URG Flags", "first_urg_flag",
            "Subflow Fwd Pkts", "tot_fwd_pkts",
            "Subflow Fwd Byts", "totlen_fwd_pkts",
            "Subflow Bwd Pkts", "tot_bwd_pkts",
            "Subflow Bwd Byts", "totlen_bwd_pkts");
    List<String> names = FlowSchema.allColumnNames();
    List<Cell> cells = new ArrayList<>();
    for (String h : HEADER.split(",")) {
      String target = flagSource.getOrDefault(h, special.get(h));
      if (target == null) {
        target =
            FlowSchema.columns().stream()
                .filter(c -> h.equals(c.cic2018Name()) && c.role() != FlowColumn.Role.LABEL)
                .map(FlowColumn::name)
                .findFirst()
                .orElse(null);
      }
      if (h.equals("Label")) {
        cells.add(new Cell(names.indexOf(FlowSchema.ATTACK_TYPE), 'L'));
      } else if (h.equals("Timestamp")) {
        cells.add(new Cell(names.indexOf(FlowSchema.TIMESTAMP_COL), 'T'));
      } else if (target == null) {
        cells.add(new Cell(-1, '0')); // bulk columns: always 0 in the 2018 files
      } else {
        FlowColumn c = FlowSchema.column(target).orElseThrow();
        char kind =
            c.unit().equals("s")
                ? 'u'
                : c.name().startsWith("init_") ? 'w' : c.unit().endsWith("/s") ? 'r' : 'n';
        cells.add(new Cell(names.indexOf(target), kind));
      }
    }
    return cells;
  }

  /** The flows as CIC 2018 text lines, a header first in every partition. */
  public static Dataset<String> render(Dataset<Row> flows) {
    List<String> names = FlowSchema.allColumnNames();
    int dur = names.indexOf("flow_duration");
    int lf = names.indexOf("totlen_fwd_pkts");
    int lb = names.indexOf("totlen_bwd_pkts");
    MapPartitionsFunction<Row, String> fn =
        rows -> {
          List<Cell> cells = plan();
          return new Iterator<>() {
            boolean headerDone;
            long n;

            @Override
            public boolean hasNext() {
              return !headerDone || rows.hasNext();
            }

            @Override
            public String next() {
              if (!headerDone) {
                headerDone = true;
                return HEADER;
              }
              Row r = rows.next();
              boolean broken = ++n % 100_000 == 0; // the 1970 / negative-duration quirk
              StringBuilder b = new StringBuilder(512);
              double d = r.getDouble(dur);
              long bytes = r.getLong(lf) + r.getLong(lb);
              for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                  b.append(',');
                }
                Cell c = cells.get(i);
                Object v = c.col < 0 ? null : r.get(c.col);
                switch (c.kind) {
                  case 'L' -> b.append(LABELS.getOrDefault((String) v, "Benign"));
                  case 'T' -> b.append(local12h((String) v, broken));
                  case '0' -> b.append('0');
                  case 'w' -> b.append(v == null ? "-1" : v.toString());
                  case 'u' -> {
                    long micros = Math.round(((Number) v).doubleValue() * 1e6);
                    b.append(broken && c.col == dur ? -micros - 1 : micros);
                  }
                  case 'r' -> {
                    String name = names.get(c.col);
                    boolean unguarded = name.equals("flow_byts_s") || name.equals("flow_pkts_s");
                    if (d == 0 && unguarded) {
                      b.append(name.equals("flow_byts_s") && bytes == 0 ? "NaN" : "Infinity");
                    } else {
                      b.append(v);
                    }
                  }
                  default -> b.append(v);
                }
              }
              return b.toString();
            }
          };
        };
    return flows.mapPartitions(fn, Encoders.STRING());
  }

  private static final java.time.format.DateTimeFormatter LOCAL_12H =
      java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy hh:mm:ss");

  private static String local12h(String iso, boolean broken) {
    LocalDateTime t = LocalDateTime.ofInstant(Instant.parse(iso), CicTimestamps.CIC_ZONE);
    if (broken) {
      t = t.withYear(1970);
    }
    return LOCAL_12H.format(t);
  }
}
