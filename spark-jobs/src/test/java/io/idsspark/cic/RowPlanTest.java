package io.idsspark.cic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.idsspark.flow.FlowSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowPlanTest {
  private static Object[] parse(String file, int line) throws RowPlan.Reject {
    List<String> lines = CicResources.lines(file);
    RowPlan plan = new RowPlan(CicLayout.detect(lines.get(0)), lines.get(0));
    Object[] row = new Object[FlowSchema.allColumnNames().size()];
    plan.parse(lines.get(line - 1), row);
    return row;
  }

  private static Object get(Object[] row, String col) {
    return row[FlowSchema.allColumnNames().indexOf(col)];
  }

  private static String reject(String file, int line) {
    return assertThrows(RowPlan.Reject.class, () -> parse(file, line)).category;
  }

  @Test
  void original2018RowInSchemaUnits() throws Exception {
    // 3389,6,01/03/2018 09:56:59,4046191,14,7,1386,392,... flags 0,0,1,1,0,0,0,1 ... 8192,62614 ...
    // Benign
    Object[] r = parse(CicResources.ORIGINAL_2018, 2);
    assertEquals("2018-03-01T13:56:59Z", get(r, "timestamp"));
    assertNull(get(r, "src_ip"));
    assertEquals(3389, get(r, "dst_port"));
    assertEquals(6, get(r, "protocol"));
    assertEquals(4.046191, (Double) get(r, "flow_duration"), 1e-12);
    assertEquals(14L, get(r, "tot_fwd_pkts"));
    assertEquals(1.235902, (Double) get(r, "fwd_iat_max"), 1e-12);
    assertEquals(439.4256228, get(r, "flow_byts_s"));
    // payload bytes / packets; CIC's 80.818 counted the first packet twice
    assertEquals(1778 / 21.0, (Double) get(r, "pkt_len_mean"), 1e-9);
    // labelled RST, PSH, CWE=... read in keySet order: SYN + ECE + CWR, a Windows ECN SYN
    assertEquals(1L, get(r, "first_syn_flag"));
    assertEquals(1L, get(r, "first_ece_flag"));
    assertEquals(1L, get(r, "first_cwr_flag"));
    assertEquals(0L, get(r, "first_rst_flag"));
    assertEquals(0L, get(r, "first_psh_flag"));
    assertNull(get(r, "syn_flag_cnt"));
    assertNull(get(r, "fwd_psh_flags"));
    assertEquals(8192L, get(r, "init_fwd_win_byts"));
    assertEquals(0, get(r, "label"));
    assertEquals("benign", get(r, "attack_type"));
    assertNull(get(r, "end_reason"));
  }

  @Test
  void nanAndInfinityRatesAtZeroDurationBecomeZeroAndMinusOneWindowsNull() throws Exception {
    // 50657,6,...,0,2,0,...,NaN,Infinity,... 4816,-1
    Object[] r = parse(CicResources.ORIGINAL_2018, 4);
    assertEquals(0.0, get(r, "flow_duration"));
    assertEquals(0.0, get(r, "flow_byts_s"));
    assertEquals(0.0, get(r, "flow_pkts_s"));
    assertEquals(4816L, get(r, "init_fwd_win_byts"));
    assertNull(get(r, "init_bwd_win_byts"));
  }

  @Test
  void udpRowAndInfilterationLabel() throws Exception {
    Object[] r = parse(CicResources.ORIGINAL_2018, 8);
    assertEquals(17, get(r, "protocol"));
    assertNull(get(r, "init_fwd_win_byts"));
    assertEquals(1, get(r, "label"));
    assertEquals("infiltration", get(r, "attack_type"));
  }

  @Test
  void tabSeparatedCopyWithProtocolZero() throws Exception {
    Object[] r = parse(CicResources.TSV_2018, 2);
    assertEquals(0, get(r, "protocol"));
    assertEquals(112.641719, (Double) get(r, "flow_duration"), 1e-12);
    assertEquals("2018-02-14T12:31:01Z", get(r, "timestamp"));
  }

  @Test
  void ml2017HasNoTimestampOrProtocolAndMinusOneIatIsNull() throws Exception {
    List<String> lines = CicResources.lines(CicResources.ML_2017);
    int infinityLine = -1;
    int iatLine = -1;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (lines.get(i).contains("Infinity") && infinityLine < 0) {
        infinityLine = i + 1;
      }
      if (f[19].equals("-1") && iatLine < 0) {
        iatLine = i + 1;
      }
    }
    Object[] r = parse(CicResources.ML_2017, 2);
    assertNull(get(r, "timestamp"));
    assertNull(get(r, "protocol"));
    assertEquals(54865, get(r, "dst_port"));
    assertEquals(40L, get(r, "fwd_header_len")); // the first of the two "Fwd Header Length"
    assertEquals("benign", get(r, "attack_type"));
    Object[] inf = parse(CicResources.ML_2017, infinityLine);
    double dur = (Double) get(inf, "flow_duration");
    double rate = (Double) get(inf, "flow_pkts_s");
    assertEquals(
        dur == 0 ? 0 : ((Long) get(inf, "tot_fwd_pkts") + (Long) get(inf, "tot_bwd_pkts")) / dur,
        rate,
        1e-6);
    assertNull(get(parse(CicResources.ML_2017, iatLine), "flow_iat_min"));
  }

  @Test
  void trafficLabelling2017HasAddresses() throws Exception {
    Object[] r = parse(CicResources.TL_2017, 2);
    assertEquals("104.16.207.165", get(r, "src_ip"));
    assertEquals("192.168.10.5", get(r, "dst_ip"));
    assertEquals(443, get(r, "src_port"));
    assertEquals("2017-07-07T18:30:00Z", get(r, "timestamp"));
    assertEquals(3e-6, (Double) get(r, "flow_duration"), 1e-15);
  }

  @Test
  void improvedRowHasEveryPacketFlagCounts() throws Exception {
    // 4916749,...,172.31.67.9,51146,23.36.34.146,443,6,2018-03-02
    // 16:46:12.972385,115723579,24,27,...
    Object[] r = parse(CicResources.IMPROVED, 2);
    assertEquals("2018-03-02T16:46:12.972385Z", get(r, "timestamp"));
    assertEquals("172.31.67.9", get(r, "src_ip"));
    assertEquals(51146, get(r, "src_port"));
    assertEquals(115.723579, (Double) get(r, "flow_duration"), 1e-12);
    assertEquals(24L, get(r, "tot_fwd_pkts"));
    assertEquals(2L, get(r, "syn_flag_cnt"));
    assertEquals(50L, get(r, "ack_flag_cnt"));
    assertEquals(1L, get(r, "fwd_rst_flags"));
    assertEquals(4L, get(r, "fwd_psh_flags"));
    assertNull(get(r, "first_syn_flag"));
    assertEquals(8192L, get(r, "init_fwd_win_byts"));
  }

  @Test
  void quirksAreRejectedWithAReason() throws Exception {
    String q = CicResources.QUIRKS;
    Object[] ok = parse(q, 2);
    assertEquals("2018-02-14T18:24:07Z", get(ok, "timestamp"));
    assertEquals("brute_force", get(ok, "attack_type"));
    assertEquals("repeated_header", reject(q, 3));
    assertEquals("timestamp_before_2000", reject(q, 4));
    assertEquals("negative_time", reject(q, 5));
    assertEquals(0.0, get(parse(q, 6), "flow_byts_s"));
    assertEquals("wrong_field_count", reject(q, 7));
    assertEquals("bad_number", reject(q, 8));
    assertEquals("unknown_label", reject(q, 9));
    assertEquals("ddos", get(parse(q, 11), "attack_type"));
    assertEquals("2018-02-28T16:30:00Z", get(parse(q, 12), "timestamp"));
  }

  @Test
  void file84ColumnsKeepsAddresses() throws Exception {
    Object[] r = parse(CicResources.COLS84, 2);
    assertEquals("18.219.211.138", get(r, "src_ip"));
    assertEquals(54286, get(r, "src_port"));
    assertEquals(443, get(r, "dst_port"));
    assertEquals("ddos", get(r, "attack_type"));
  }
}
