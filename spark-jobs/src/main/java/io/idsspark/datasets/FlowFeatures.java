package io.idsspark.datasets;

import static io.idsspark.datasets.FlowRow.idx;
import static io.idsspark.datasets.FlowRow.num;

/**
 * Computes every feature column of the flow schema from a packet list, with CICFlowMeter's
 * definitions (payload bytes for lengths, transport-header bytes, sample standard deviations, 5-s
 * activity timeout, flags counted on every packet) and the schema's units and rules (seconds; rates
 * 0 when the duration is 0; windows null when the flow has no TCP packet in that direction). The
 * generator's only feature code: every synthetic row comes from here, so rates always agree with
 * counts and durations.
 */
final class FlowFeatures {
  static final long ACTIVITY_TIMEOUT_MICROS = 5_000_000L;
  private static final double S = 1e6;

  private static final int DURATION = idx("flow_duration");
  private static final int TOT_FWD = idx("tot_fwd_pkts");
  private static final int TOT_BWD = idx("tot_bwd_pkts");
  private static final int LEN_FWD = idx("totlen_fwd_pkts");
  private static final int LEN_BWD = idx("totlen_bwd_pkts");
  private static final int FWD_MEAN = idx("fwd_pkt_len_mean");
  private static final int BWD_MEAN = idx("bwd_pkt_len_mean");
  private static final int BYTS_S = idx("flow_byts_s");
  private static final int PKTS_S = idx("flow_pkts_s");
  private static final int IAT_MEAN = idx("flow_iat_mean");
  private static final int PKT_MEAN = idx("pkt_len_mean");
  private static final int FWD_MAX = idx("fwd_pkt_len_max");
  private static final int FWD_MIN = idx("fwd_pkt_len_min");
  private static final int FWD_STD = idx("fwd_pkt_len_std");
  private static final int BWD_MAX = idx("bwd_pkt_len_max");
  private static final int BWD_MIN = idx("bwd_pkt_len_min");
  private static final int BWD_STD = idx("bwd_pkt_len_std");
  private static final int PKT_MIN = idx("pkt_len_min");
  private static final int PKT_MAX = idx("pkt_len_max");
  private static final int PKT_STD = idx("pkt_len_std");
  private static final int PKT_VAR = idx("pkt_len_var");
  private static final int SIZE_AVG = idx("pkt_size_avg");
  private static final int FWD_SEG_AVG = idx("fwd_seg_size_avg");
  private static final int BWD_SEG_AVG = idx("bwd_seg_size_avg");
  private static final int FWD_SEG_MIN = idx("fwd_seg_size_min");
  private static final int FWD_HDR = idx("fwd_header_len");
  private static final int BWD_HDR = idx("bwd_header_len");
  private static final int ACT_DATA = idx("fwd_act_data_pkts");
  private static final int DOWN_UP = idx("down_up_ratio");
  private static final int FWD_PKTS_S = idx("fwd_pkts_s");
  private static final int BWD_PKTS_S = idx("bwd_pkts_s");
  private static final int[] FLOW_IAT = group("flow_iat_", "std", "max", "min");
  private static final int[] FWD_IAT = group("fwd_iat_", "tot", "mean", "std", "max", "min");
  private static final int[] BWD_IAT = group("bwd_iat_", "tot", "mean", "std", "max", "min");
  private static final int[] ACTIVE = group("active_", "mean", "std", "max", "min");
  private static final int[] IDLE = group("idle_", "mean", "std", "max", "min");
  private static final int INIT_FWD_WIN = idx("init_fwd_win_byts");
  private static final int INIT_BWD_WIN = idx("init_bwd_win_byts");
  private static final int[] FLAG_CNT =
      group(
          "",
          "fin_flag_cnt",
          "syn_flag_cnt",
          "rst_flag_cnt",
          "psh_flag_cnt",
          "ack_flag_cnt",
          "urg_flag_cnt",
          "ece_flag_cnt",
          "cwe_flag_count");
  private static final int[] FIRST_FLAG =
      group(
          "first_",
          "fin_flag",
          "syn_flag",
          "rst_flag",
          "psh_flag",
          "ack_flag",
          "urg_flag",
          "ece_flag",
          "cwr_flag");
  private static final int FWD_PSH = idx("fwd_psh_flags");
  private static final int BWD_PSH = idx("bwd_psh_flags");
  private static final int FWD_URG = idx("fwd_urg_flags");
  private static final int BWD_URG = idx("bwd_urg_flags");
  private static final int FWD_RST = idx("fwd_rst_flags");
  private static final int BWD_RST = idx("bwd_rst_flags");

  /** Flag bits in the order of {@link #FLAG_CNT} and {@link #FIRST_FLAG}. */
  private static final int[] FLAG_BITS = {
    PacketTrace.FIN,
    PacketTrace.SYN,
    PacketTrace.RST,
    PacketTrace.PSH,
    PacketTrace.ACK,
    PacketTrace.URG,
    PacketTrace.ECE,
    PacketTrace.CWR
  };

  private final Stats fwd = new Stats();
  private final Stats bwd = new Stats();
  private final Stats all = new Stats();
  private final Stats flowIat = new Stats();
  private final Stats fwdIat = new Stats();
  private final Stats bwdIat = new Stats();
  private final Stats active = new Stats();
  private final Stats idle = new Stats();

  private static int[] group(String prefix, String... names) {
    int[] out = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = idx(prefix + names[i]);
    }
    return out;
  }

  /** Fills every feature column of {@code row} from the trace (which must hold >= 1 packet). */
  void compute(PacketTrace t, Object[] row) {
    if (t.size == 0) {
      throw new IllegalArgumentException("a flow needs at least one packet");
    }
    for (Stats s : new Stats[] {fwd, bwd, all, flowIat, fwdIat, bwdIat, active, idle}) {
      s.reset();
    }
    long[] flagCnt = new long[8];
    long fwdPsh = 0, bwdPsh = 0, fwdUrg = 0, bwdUrg = 0, fwdRst = 0, bwdRst = 0;
    long fwdHdr = 0, bwdHdr = 0, actData = 0;
    long fwdSegMin = Long.MAX_VALUE;
    long initFwdWin = -1, initBwdWin = -1;
    long lastFwd = -1, lastBwd = -1;
    long t0 = t.timeMicros[0];
    long startActive = t0, endActive = t0;
    for (int i = 0; i < t.size; i++) {
      long tm = t.timeMicros[i];
      int len = t.payloadBytes[i];
      int fl = t.flags[i];
      all.add(len);
      if (i > 0) {
        flowIat.add(tm - t.timeMicros[i - 1]);
        if (tm - endActive > ACTIVITY_TIMEOUT_MICROS) {
          if (endActive - startActive > 0) {
            active.add(endActive - startActive);
          }
          idle.add(tm - endActive);
          startActive = tm;
        }
        endActive = tm;
      }
      for (int b = 0; b < 8; b++) {
        if ((fl & FLAG_BITS[b]) != 0) {
          flagCnt[b]++;
        }
      }
      boolean psh = (fl & PacketTrace.PSH) != 0;
      boolean urg = (fl & PacketTrace.URG) != 0;
      boolean rst = (fl & PacketTrace.RST) != 0;
      if (t.forward[i]) {
        fwd.add(len);
        fwdHdr += t.headerBytes[i];
        fwdSegMin = Math.min(fwdSegMin, t.headerBytes[i]);
        if (i > 0 && len >= 1) {
          actData++;
        }
        if (lastFwd >= 0) {
          fwdIat.add(tm - lastFwd);
        }
        lastFwd = tm;
        if (initFwdWin < 0 && t.window[i] >= 0) {
          initFwdWin = t.window[i];
        }
        fwdPsh += psh ? 1 : 0;
        fwdUrg += urg ? 1 : 0;
        fwdRst += rst ? 1 : 0;
      } else {
        bwd.add(len);
        bwdHdr += t.headerBytes[i];
        if (lastBwd >= 0) {
          bwdIat.add(tm - lastBwd);
        }
        lastBwd = tm;
        if (initBwdWin < 0 && t.window[i] >= 0) {
          initBwdWin = t.window[i];
        }
        bwdPsh += psh ? 1 : 0;
        bwdUrg += urg ? 1 : 0;
        bwdRst += rst ? 1 : 0;
      }
    }
    long durMicros = t.timeMicros[t.size - 1] - t0;
    double dur = durMicros / S;
    long nf = fwd.count(), nb = bwd.count(), n = nf + nb;
    num(row, DURATION, dur);
    num(row, TOT_FWD, nf);
    num(row, TOT_BWD, nb);
    num(row, LEN_FWD, fwd.sum());
    num(row, LEN_BWD, bwd.sum());
    num(row, FWD_MEAN, fwd.mean());
    num(row, BWD_MEAN, bwd.mean());
    num(row, BYTS_S, durMicros == 0 ? 0 : (fwd.sum() + bwd.sum()) / dur);
    num(row, PKTS_S, durMicros == 0 ? 0 : n / dur);
    num(row, FWD_PKTS_S, durMicros == 0 ? 0 : nf / dur);
    num(row, BWD_PKTS_S, durMicros == 0 ? 0 : nb / dur);
    num(row, IAT_MEAN, flowIat.mean() / S);
    num(row, PKT_MEAN, all.mean());
    num(row, FWD_MAX, fwd.max());
    num(row, FWD_MIN, fwd.min());
    num(row, FWD_STD, fwd.std());
    num(row, BWD_MAX, bwd.max());
    num(row, BWD_MIN, bwd.min());
    num(row, BWD_STD, bwd.std());
    num(row, PKT_MIN, all.min());
    num(row, PKT_MAX, all.max());
    num(row, PKT_STD, all.std());
    num(row, PKT_VAR, all.variance());
    num(row, SIZE_AVG, all.sum() / n);
    num(row, FWD_SEG_AVG, fwd.mean());
    num(row, BWD_SEG_AVG, bwd.mean());
    num(row, FWD_SEG_MIN, nf == 0 ? 0 : fwdSegMin);
    num(row, FWD_HDR, fwdHdr);
    num(row, BWD_HDR, bwdHdr);
    num(row, ACT_DATA, actData);
    num(row, DOWN_UP, nf == 0 ? 0 : nb / nf);
    timeStats(row, FLOW_IAT, flowIat, false);
    timeStats(row, FWD_IAT, fwdIat, true);
    timeStats(row, BWD_IAT, bwdIat, true);
    timeStats(row, ACTIVE, active, false);
    timeStats(row, IDLE, idle, false);
    // Windows exist only on TCP; the first packet of a direction that carries one sets it.
    row[INIT_FWD_WIN] = t.isTcp() && initFwdWin >= 0 ? (Object) initFwdWin : null;
    row[INIT_BWD_WIN] = t.isTcp() && initBwdWin >= 0 ? (Object) initBwdWin : null;
    for (int b = 0; b < 8; b++) {
      num(row, FLAG_CNT[b], flagCnt[b]);
      num(row, FIRST_FLAG[b], (t.flags[0] & FLAG_BITS[b]) != 0 ? 1 : 0);
    }
    num(row, FWD_PSH, fwdPsh);
    num(row, BWD_PSH, bwdPsh);
    num(row, FWD_URG, fwdUrg);
    num(row, BWD_URG, bwdUrg);
    num(row, FWD_RST, fwdRst);
    num(row, BWD_RST, bwdRst);
  }

  /**
   * Writes [tot,] mean, std, max, min of a time statistic (micros) in seconds; "flow_iat_mean" is a
   * minimal feature written separately, so FLOW_IAT holds std, max, min only.
   */
  private static void timeStats(Object[] row, int[] cols, Stats s, boolean withTotal) {
    int k = 0;
    if (withTotal) {
      num(row, cols[k++], s.sum() / S);
    }
    if (cols.length - k == 4) {
      num(row, cols[k++], s.mean() / S);
    }
    num(row, cols[k++], s.std() / S);
    num(row, cols[k++], s.max() / S);
    num(row, cols[k], s.min() / S);
  }
}
