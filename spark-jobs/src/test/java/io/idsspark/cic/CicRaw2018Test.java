package io.idsspark.cic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.flow.FlowSchema;
import io.idsspark.synthetic.FlowKind;
import io.idsspark.synthetic.GenerationPlan;
import io.idsspark.synthetic.SyntheticFlows;
import io.idsspark.testing.TestSpark;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Synthetic flows written as raw CIC 2018 lines read back by prepare-cic's parser. */
class CicRaw2018Test {
  @Test
  void rawLinesRoundTripThroughTheParser() throws Exception {
    Map<FlowKind, Long> counts = new EnumMap<>(FlowKind.class);
    counts.put(FlowKind.BENIGN, 300L);
    FlowKind.attacks().forEach(k -> counts.put(k, 40L));
    GenerationPlan plan = GenerationPlan.ofCounts(counts, 5, Instant.parse("2025-03-03T13:00:00Z"));
    Dataset<Row> flows = SyntheticFlows.generate(TestSpark.session(), plan, 1);
    List<Row> rows = flows.collectAsList();
    List<String> lines = CicRaw2018.render(flows).collectAsList();
    assertEquals(CicRaw2018.HEADER, lines.get(0));
    assertEquals(CicLayout.CIC2018, CicLayout.detect(lines.get(0)));
    RowPlan p = new RowPlan(CicLayout.CIC2018, lines.get(0));
    List<String> names = FlowSchema.allColumnNames();
    int zeroDuration = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row orig = rows.get(i);
      String line = lines.get(i + 1);
      Object[] back = new Object[names.size()];
      p.parse(line, back);
      String where = line;
      assertEquals(orig.getAs("attack_type"), back[names.indexOf("attack_type")], where);
      assertEquals(
          Instant.parse(orig.getAs("timestamp")).getEpochSecond(),
          Instant.parse((String) back[names.indexOf("timestamp")]).getEpochSecond(),
          where);
      for (String c :
          List.of(
              "flow_duration",
              "flow_iat_max",
              "idle_mean",
              "tot_fwd_pkts",
              "totlen_bwd_pkts",
              "fwd_pkt_len_std",
              "pkt_len_mean")) {
        double a = ((Number) orig.getAs(c)).doubleValue();
        double b = ((Number) back[names.indexOf(c)]).doubleValue();
        assertEquals(a, b, 1e-6 + 1e-9 * Math.abs(a), c + " " + where);
      }
      for (String f : List.of("fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr")) {
        assertEquals(
            orig.<Long>getAs("first_" + f + "_flag"),
            back[names.indexOf("first_" + f + "_flag")],
            f + " " + where);
      }
      assertEquals(
          orig.getAs("init_fwd_win_byts"), back[names.indexOf("init_fwd_win_byts")], where);
      if (orig.<Double>getAs("flow_duration") == 0) {
        zeroDuration++;
        assertTrue(line.contains("Infinity"), where);
        assertEquals(0.0, back[names.indexOf("flow_pkts_s")]);
      }
      assertNull(back[names.indexOf("syn_flag_cnt")]);
    }
    assertTrue(zeroDuration > 0, "some flows (single-packet floods) have duration 0");
  }
}
