package io.idsspark.flow;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns a {@link Flow} into values at the schema positions of the named columns (looked up once, so
 * the schema's column order can change without touching this class). Microseconds become seconds
 * here.
 */
final class RecordSlots {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final double US = 1_000_000.0;

  private static final int TIMESTAMP = FlowRecord.slot(FlowSchema.TIMESTAMP_COL);
  private static final int SRC_IP = FlowRecord.slot(FlowSchema.SRC_IP);
  private static final int DST_IP = FlowRecord.slot(FlowSchema.DST_IP);
  private static final int SRC_PORT = FlowRecord.slot(FlowSchema.SRC_PORT);
  private static final int DST_PORT = FlowRecord.slot(FlowSchema.DST_PORT);
  private static final int PROTOCOL = FlowRecord.slot(FlowSchema.PROTOCOL);
  private static final int END_REASON = FlowRecord.slot(FlowSchema.END_REASON);
  private static final int EXPORTED_AT = FlowRecord.slot(FlowSchema.EXPORTED_AT);

  private static final int DURATION = FlowRecord.slot("flow_duration");
  private static final int TOT_FWD = FlowRecord.slot("tot_fwd_pkts");
  private static final int TOT_BWD = FlowRecord.slot("tot_bwd_pkts");
  private static final int LEN_FWD = FlowRecord.slot("totlen_fwd_pkts");
  private static final int LEN_BWD = FlowRecord.slot("totlen_bwd_pkts");
  private static final int FWD_MEAN = FlowRecord.slot("fwd_pkt_len_mean");
  private static final int BWD_MEAN = FlowRecord.slot("bwd_pkt_len_mean");
  private static final int BYTS_S = FlowRecord.slot("flow_byts_s");
  private static final int PKTS_S = FlowRecord.slot("flow_pkts_s");
  private static final int IAT_MEAN = FlowRecord.slot("flow_iat_mean");
  private static final int PKT_MEAN = FlowRecord.slot("pkt_len_mean");
  private static final int FWD_MAX = FlowRecord.slot("fwd_pkt_len_max");
  private static final int FWD_MIN = FlowRecord.slot("fwd_pkt_len_min");
  private static final int FWD_STD = FlowRecord.slot("fwd_pkt_len_std");
  private static final int BWD_MAX = FlowRecord.slot("bwd_pkt_len_max");
  private static final int BWD_MIN = FlowRecord.slot("bwd_pkt_len_min");
  private static final int BWD_STD = FlowRecord.slot("bwd_pkt_len_std");
  private static final int PKT_MIN = FlowRecord.slot("pkt_len_min");
  private static final int PKT_MAX = FlowRecord.slot("pkt_len_max");
  private static final int PKT_STD = FlowRecord.slot("pkt_len_std");
  private static final int PKT_VAR = FlowRecord.slot("pkt_len_var");
  private static final int PKT_SIZE_AVG = FlowRecord.slot("pkt_size_avg");
  private static final int FWD_SEG_AVG = FlowRecord.slot("fwd_seg_size_avg");
  private static final int BWD_SEG_AVG = FlowRecord.slot("bwd_seg_size_avg");
  private static final int FWD_SEG_MIN = FlowRecord.slot("fwd_seg_size_min");
  private static final int FWD_HDR = FlowRecord.slot("fwd_header_len");
  private static final int BWD_HDR = FlowRecord.slot("bwd_header_len");
  private static final int FWD_ACT = FlowRecord.slot("fwd_act_data_pkts");
  private static final int DOWN_UP = FlowRecord.slot("down_up_ratio");
  private static final int FWD_PKTS_S = FlowRecord.slot("fwd_pkts_s");
  private static final int BWD_PKTS_S = FlowRecord.slot("bwd_pkts_s");
  private static final int[] FLOW_IAT = slots("flow_iat_std", "flow_iat_max", "flow_iat_min");
  private static final int[] FWD_IAT =
      slots("fwd_iat_tot", "fwd_iat_mean", "fwd_iat_std", "fwd_iat_max", "fwd_iat_min");
  private static final int[] BWD_IAT =
      slots("bwd_iat_tot", "bwd_iat_mean", "bwd_iat_std", "bwd_iat_max", "bwd_iat_min");
  private static final int[] ACTIVE =
      slots("active_mean", "active_std", "active_max", "active_min");
  private static final int[] IDLE = slots("idle_mean", "idle_std", "idle_max", "idle_min");
  private static final int INIT_FWD_WIN = FlowRecord.slot("init_fwd_win_byts");
  private static final int INIT_BWD_WIN = FlowRecord.slot("init_bwd_win_byts");
  private static final int[] FLAG_CNT =
      slots(
          "fin_flag_cnt",
          "syn_flag_cnt",
          "rst_flag_cnt",
          "psh_flag_cnt",
          "ack_flag_cnt",
          "urg_flag_cnt",
          "cwe_flag_count",
          "ece_flag_cnt");
  private static final int[] DIR_FLAGS =
      slots(
          "fwd_psh_flags",
          "bwd_psh_flags",
          "fwd_urg_flags",
          "bwd_urg_flags",
          "fwd_rst_flags",
          "bwd_rst_flags");
  // bit masks in the same order as FIRST_FLAG: FIN SYN RST PSH ACK URG CWR ECE
  private static final int[] FIRST_BITS = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x80, 0x40};
  private static final int[] FIRST_FLAG =
      slots(
          "first_fin_flag",
          "first_syn_flag",
          "first_rst_flag",
          "first_psh_flag",
          "first_ack_flag",
          "first_urg_flag",
          "first_cwr_flag",
          "first_ece_flag");

  private RecordSlots() {}

  private static int[] slots(String... names) {
    int[] out = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = FlowRecord.slot(names[i]);
    }
    return out;
  }

  static void fill(Flow f, String endReason, long exportedMicros, double[] v, String[] t) {
    FlowKey k = f.key;
    boolean a = f.fwdIsA;
    t[TIMESTAMP] = isoMicros(f.startMicros);
    t[SRC_IP] = Addresses.format(k.ipVersion, a ? k.aHi : k.bHi, a ? k.aLo : k.bLo);
    t[DST_IP] = Addresses.format(k.ipVersion, a ? k.bHi : k.aHi, a ? k.bLo : k.aLo);
    v[SRC_PORT] = a ? k.aPort : k.bPort;
    v[DST_PORT] = a ? k.bPort : k.aPort;
    v[PROTOCOL] = k.protocol;
    t[END_REASON] = endReason;
    t[EXPORTED_AT] = isoMicros(exportedMicros);

    Stats fl = f.fwdLen();
    Stats bl = f.bwdLen();
    long fwdPkts = fl.n;
    long bwdPkts = bl == null ? 0 : bl.n;
    long pkts = fwdPkts + bwdPkts;
    long bytes = fl.sum + (bl == null ? 0 : bl.sum);
    double dur = (f.lastMicros - f.startMicros) / US;
    v[DURATION] = dur;
    v[TOT_FWD] = fwdPkts;
    v[TOT_BWD] = bwdPkts;
    v[LEN_FWD] = fl.sum;
    v[LEN_BWD] = bl == null ? 0 : bl.sum;
    v[FWD_MEAN] = Stats.mean(fl);
    v[BWD_MEAN] = Stats.mean(bl);
    v[BYTS_S] = dur > 0 ? bytes / dur : 0.0;
    v[PKTS_S] = dur > 0 ? pkts / dur : 0.0;
    v[FWD_MAX] = Stats.max(fl);
    v[FWD_MIN] = Stats.min(fl);
    v[FWD_STD] = Stats.std(fl);
    v[BWD_MAX] = Stats.max(bl);
    v[BWD_MIN] = Stats.min(bl);
    v[BWD_STD] = Stats.std(bl);
    Stats all = bl == null ? fl : Stats.combine(fl, bl); // one small object per two-way flow
    v[PKT_MEAN] = Stats.mean(all);
    v[PKT_MIN] = Stats.min(all);
    v[PKT_MAX] = Stats.max(all);
    v[PKT_STD] = Stats.std(all);
    v[PKT_VAR] = Stats.variance(all);
    v[PKT_SIZE_AVG] = pkts == 0 ? 0.0 : (double) bytes / pkts;
    v[FWD_SEG_AVG] = Stats.mean(fl);
    v[BWD_SEG_AVG] = Stats.mean(bl);
    v[FWD_SEG_MIN] = f.fwdHeaderMin();
    v[FWD_HDR] = f.fwdHeaderBytes();
    v[BWD_HDR] = f.bwdHeaderBytes();
    v[FWD_ACT] = f.fwdActData();
    v[DOWN_UP] = fwdPkts == 0 ? 0.0 : (double) (bwdPkts / fwdPkts);
    v[FWD_PKTS_S] = dur > 0 ? fwdPkts / dur : 0.0;
    v[BWD_PKTS_S] = dur > 0 ? bwdPkts / dur : 0.0;

    Stats iat = f.flowIat();
    v[IAT_MEAN] = Stats.mean(iat) / US;
    v[FLOW_IAT[0]] = Stats.std(iat) / US;
    v[FLOW_IAT[1]] = Stats.max(iat) / US;
    v[FLOW_IAT[2]] = Stats.min(iat) / US;
    directional(f.fwdIat(), FWD_IAT, v);
    directional(f.bwdIat(), BWD_IAT, v);
    periods(f.active(), ACTIVE, v);
    periods(f.idle(), IDLE, v);

    boolean tcp = k.protocol == 6;
    v[INIT_FWD_WIN] = tcp && f.initFwdWin() >= 0 ? f.initFwdWin() : Double.NaN;
    v[INIT_BWD_WIN] = tcp && f.initBwdWin() >= 0 ? f.initBwdWin() : Double.NaN;
    int[] counts = f.flagCounts();
    for (int i = 0; i < FLAG_CNT.length; i++) {
      v[FLAG_CNT[i]] = counts[i];
    }
    int[] dir = f.directionFlags();
    for (int i = 0; i < DIR_FLAGS.length; i++) {
      v[DIR_FLAGS[i]] = dir[i];
    }
    int first = f.firstFlags();
    for (int i = 0; i < FIRST_FLAG.length; i++) {
      v[FIRST_FLAG[i]] = (first & FIRST_BITS[i]) != 0 ? 1 : 0;
    }
  }

  private static void directional(Stats s, int[] at, double[] v) {
    v[at[0]] = (s == null ? 0 : s.sum) / US;
    v[at[1]] = Stats.mean(s) / US;
    v[at[2]] = Stats.std(s) / US;
    v[at[3]] = Stats.max(s) / US;
    v[at[4]] = Stats.min(s) / US;
  }

  private static void periods(Stats s, int[] at, double[] v) {
    v[at[0]] = Stats.mean(s) / US;
    v[at[1]] = Stats.std(s) / US;
    v[at[2]] = Stats.max(s) / US;
    v[at[3]] = Stats.min(s) / US;
  }

  private static final ThreadLocal<Object[]> LAST_SECOND = new ThreadLocal<>();

  /** {@code 2020-06-10T09:19:54.740079Z}: always six fraction digits, UTC. */
  static String isoMicros(long micros) {
    long sec = Math.floorDiv(micros, 1_000_000L);
    long frac = Math.floorMod(micros, 1_000_000L);
    // flows end in bursts within the same second: format the date-time part once per second
    Object[] last = LAST_SECOND.get();
    String prefix;
    if (last != null && (Long) last[0] == sec) {
      prefix = (String) last[1];
    } else {
      prefix = ISO.format(Instant.ofEpochSecond(sec)).substring(0, 20); // up to the '.'
      LAST_SECOND.set(new Object[] {sec, prefix});
    }
    StringBuilder sb = new StringBuilder(27).append(prefix);
    String f = Long.toString(frac);
    for (int i = f.length(); i < 6; i++) {
      sb.append('0');
    }
    return sb.append(f).append('Z').toString();
  }

  static String isoMicrosSlow(long micros) {
    return ISO.format(
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L));
  }
}
