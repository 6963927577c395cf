package io.idsspark.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.flow.FlowSchema;
import io.idsspark.testing.TestSpark;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticFlowsTest {
  private static final Instant START = Instant.parse("2025-03-03T13:00:00Z");
  private static GenerationPlan plan;
  private static List<Row> rows;

  @BeforeAll
  static void generate() {
    Map<FlowKind, Long> counts = new EnumMap<>(FlowKind.class);
    counts.put(FlowKind.BENIGN, 3000L);
    for (FlowKind k : FlowKind.attacks()) {
      counts.put(k, 400L);
    }
    plan = GenerationPlan.ofCounts(counts, 11, START);
    rows = SyntheticFlows.generate(TestSpark.session(), plan, 3).collectAsList();
  }

  private static double d(Row r, String c) {
    return ((Number) r.getAs(c)).doubleValue();
  }

  private static long l(Row r, String c) {
    return ((Number) r.getAs(c)).longValue();
  }

  @Test
  void columnsAreTheFlowSchemaInOrder() {
    var df = SyntheticFlows.generate(TestSpark.session(), plan, 2);
    assertEquals(FlowSchema.allColumnNames(), Arrays.asList(df.columns()));
  }

  @Test
  void sameSeedSameRowsWhateverThePartitioning() {
    List<Row> again = SyntheticFlows.generate(TestSpark.session(), plan, 5).collectAsList();
    assertEquals(rows, again);
    Map<FlowKind, Long> counts = new EnumMap<>(FlowKind.class);
    counts.put(FlowKind.BENIGN, 3000L);
    for (FlowKind k : FlowKind.attacks()) {
      counts.put(k, 400L);
    }
    GenerationPlan other = GenerationPlan.ofCounts(counts, 12, START);
    List<Row> different = SyntheticFlows.generate(TestSpark.session(), other, 3).collectAsList();
    assertTrue(!rows.equals(different), "another seed gives other rows");
  }

  @Test
  void exactCountsPerKindAndLabels() {
    Map<String, Integer> byType = new HashMap<>();
    for (Row r : rows) {
      String type = r.getAs("attack_type");
      byType.merge(type, 1, Integer::sum);
      assertEquals("benign".equals(type) ? 0 : 1, (int) r.<Integer>getAs("label"));
    }
    assertEquals(3000, byType.get("benign"));
    for (FlowKind k : FlowKind.attacks()) {
      assertEquals(400, byType.get(k.attackType()), k.attackType());
    }
  }

  @Test
  void rowsFormEvenSplitsTheAttackFraction() {
    GenerationPlan p =
        GenerationPlan.ofRows(
            1000,
            0.25,
            List.of(FlowKind.SYN_FLOOD, FlowKind.PORT_SCAN, FlowKind.UDP_FLOOD),
            1,
            START);
    assertEquals(750, p.count(FlowKind.BENIGN));
    assertEquals(84, p.count(FlowKind.SYN_FLOOD));
    assertEquals(83, p.count(FlowKind.PORT_SCAN));
    assertEquals(83, p.count(FlowKind.UDP_FLOOD));
    assertEquals(0, p.count(FlowKind.SLOW_HTTP));
  }

  @Test
  void everyRowIsInternallyConsistent() {
    for (Row r : rows) {
      String where = r.getAs("attack_type") + " " + r;
      double dur = d(r, "flow_duration");
      long nf = l(r, "tot_fwd_pkts"), nb = l(r, "tot_bwd_pkts"), n = nf + nb;
      long bytes = l(r, "totlen_fwd_pkts") + l(r, "totlen_bwd_pkts");
      assertTrue(nf >= 1 && dur >= 0, where);
      assertTrue(dur <= 120.0, where);
      assertEquals(
          dur == 0 ? 0 : bytes / dur, d(r, "flow_byts_s"), 1e-6 * (1 + d(r, "flow_byts_s")), where);
      assertEquals(
          dur == 0 ? 0 : n / dur, d(r, "flow_pkts_s"), 1e-6 * (1 + d(r, "flow_pkts_s")), where);
      assertEquals(
          dur == 0 ? 0 : nf / dur, d(r, "fwd_pkts_s"), 1e-6 * (1 + d(r, "fwd_pkts_s")), where);
      assertEquals(
          dur == 0 ? 0 : nb / dur, d(r, "bwd_pkts_s"), 1e-6 * (1 + d(r, "bwd_pkts_s")), where);
      assertEquals(
          l(r, "totlen_fwd_pkts"), d(r, "fwd_pkt_len_mean") * nf, 1e-6 * (1 + bytes), where);
      assertEquals(bytes / (double) n, d(r, "pkt_size_avg"), 1e-9, where);
      assertEquals(
          d(r, "pkt_len_std") * d(r, "pkt_len_std"),
          d(r, "pkt_len_var"),
          1e-6 * (1 + d(r, "pkt_len_var")),
          where);
      assertTrue(
          d(r, "pkt_len_min") <= d(r, "pkt_len_mean")
              && d(r, "pkt_len_mean") <= d(r, "pkt_len_max"),
          where);
      assertEquals(n > 1 ? dur / (n - 1) : 0, d(r, "flow_iat_mean"), 1e-9, where);
      assertTrue(d(r, "flow_iat_max") <= dur + 1e-9 && d(r, "fwd_iat_tot") <= dur + 1e-9, where);
      assertEquals(nb / nf, (long) d(r, "down_up_ratio"), where);
      assertEquals(l(r, "psh_flag_cnt"), l(r, "fwd_psh_flags") + l(r, "bwd_psh_flags"), where);
      assertEquals(l(r, "rst_flag_cnt"), l(r, "fwd_rst_flags") + l(r, "bwd_rst_flags"), where);
      for (String f : List.of("fin", "syn", "rst", "psh", "ack", "urg", "ece")) {
        assertTrue(l(r, f + "_flag_cnt") <= n, where);
        assertTrue(l(r, "first_" + f + "_flag") <= l(r, f + "_flag_cnt"), where);
      }
      int proto = r.getAs("protocol");
      if (proto != 6) {
        assertNull(r.getAs("init_fwd_win_byts"), where);
        assertNull(r.getAs("init_bwd_win_byts"), where);
        for (String f : List.of("fin", "syn", "rst", "psh", "ack", "urg", "ece")) {
          assertEquals(0L, l(r, f + "_flag_cnt"), where);
        }
        assertEquals(0L, l(r, "cwe_flag_count"), where);
      } else {
        assertTrue(r.getAs("init_fwd_win_byts") != null, where);
        assertTrue(l(r, "fwd_seg_size_min") >= 20, where);
      }
      assertTrue(Instant.parse(r.getAs("timestamp")).isAfter(START.minusSeconds(1)), where);
      assertTrue(((String) r.getAs("timestamp")).endsWith("Z"), where);
      assertTrue(
          Set.of("fin", "rst", "idle", "active").contains(r.<String>getAs("end_reason")), where);
    }
  }

  private List<Row> ofType(String type) {
    return rows.stream().filter(r -> type.equals(r.getAs("attack_type"))).toList();
  }

  @Test
  void everySetOf12000BenignFlowsHasABusyWebClientWhateverTheSeed() {
    // a model trained without one flagged a real busy client (docs/quality.md, real tools)
    for (long seed : new long[] {1, 2, 3}) {
      GenerationPlan p =
          GenerationPlan.ofCounts(new EnumMap<>(Map.of(FlowKind.BENIGN, 12_000L)), seed, START);
      Map<String, Integer> perPair = new HashMap<>();
      Map<String, Set<Long>> answers = new HashMap<>();
      for (Row r : SyntheticFlows.generate(TestSpark.session(), p, 2).collectAsList()) {
        String pair = r.getAs("src_ip") + ">" + r.getAs("dst_ip") + ":" + r.getAs("dst_port");
        perPair.merge(pair, 1, Integer::sum);
        answers.computeIfAbsent(pair, k -> new HashSet<>()).add(l(r, "totlen_bwd_pkts"));
      }
      var busiest = perPair.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      assertEquals(BusyTraffic.CAMPAIGN, busiest.getValue(), "seed " + seed + ": " + busiest);
      assertTrue(busiest.getKey().endsWith(":443"), "seed " + seed + ": " + busiest.getKey());
      // one request per connection for one of the site's 5-30 pages (0: cut before the answer)
      int sizes = answers.get(busiest.getKey()).size();
      assertTrue(sizes >= 3 && sizes <= 31, "seed " + seed + ": " + sizes + " answer sizes");
    }
  }

  @Test
  void synFloodIsBareSynsSpoofedOrAnsweredByTheVictim() {
    int spoofed = 0;
    int open = 0;
    int closed = 0;
    for (Row r : ofType("syn_flood")) {
      assertEquals(0L, l(r, "totlen_fwd_pkts") + l(r, "totlen_bwd_pkts"));
      assertTrue(d(r, "flow_duration") < 0.01);
      assertEquals(6, (int) r.getAs("protocol"));
      assertEquals(1L, l(r, "first_syn_flag"));
      if (l(r, "tot_bwd_pkts") == 0) {
        assertEquals(l(r, "tot_fwd_pkts"), l(r, "syn_flag_cnt"));
        spoofed++;
      } else if (l(r, "fwd_rst_flags") == 1) {
        assertEquals(2L, l(r, "syn_flag_cnt")); // SYN, SYN-ACK, then the attacker's RST
        open++;
      } else {
        assertEquals(1L, l(r, "bwd_rst_flags")); // closed port: the victim resets
        closed++;
      }
    }
    // one campaign here (400 flows): one of the three shapes, and every flow of it alike
    assertEquals(1, (spoofed > 0 ? 1 : 0) + (open > 0 ? 1 : 0) + (closed > 0 ? 1 : 0));
  }

  @Test
  void portScanIsOneSourceManyPortsAnsweredByRstOrNothing() {
    Map<String, Set<Integer>> portsPerPair = new HashMap<>();
    for (Row r : ofType("port_scan")) {
      portsPerPair
          .computeIfAbsent(r.getAs("src_ip") + ">" + r.getAs("dst_ip"), k -> new HashSet<>())
          .add(r.getAs("dst_port"));
      assertEquals(1L, l(r, "first_syn_flag"));
      assertTrue(l(r, "tot_fwd_pkts") <= 2 && l(r, "tot_bwd_pkts") <= 1);
      assertEquals(0L, l(r, "totlen_fwd_pkts") + l(r, "totlen_bwd_pkts"));
      boolean answeredByRst = l(r, "bwd_rst_flags") == 1;
      boolean open = l(r, "fwd_rst_flags") == 1;
      boolean silent = l(r, "tot_bwd_pkts") == 0;
      assertTrue(answeredByRst || open || silent, r.toString());
    }
    assertTrue(
        portsPerPair.values().stream().allMatch(s -> s.size() >= 100), portsPerPair.toString());
  }

  @Test
  void udpFloodIsOneWayUdp() {
    for (Row r : ofType("udp_flood")) {
      assertEquals(17, (int) r.getAs("protocol"));
      assertEquals(0L, l(r, "tot_bwd_pkts"));
      assertEquals(d(r, "fwd_pkt_len_max"), d(r, "fwd_pkt_len_min"));
    }
  }

  @Test
  void slowHttpIsLongWithFewTinyPackets() {
    for (Row r : ofType("slow_http")) {
      assertEquals(80, (int) r.getAs("dst_port"));
      assertTrue(d(r, "flow_duration") > 30, r.toString());
      assertTrue(l(r, "tot_fwd_pkts") < 20);
      assertTrue(d(r, "fwd_pkt_len_mean") < 60);
      assertTrue(d(r, "idle_max") > 5, "gaps longer than the activity timeout");
    }
  }

  @Test
  void bruteForceIsManyShortSimilarSessionsPerAttacker() {
    List<Row> bf = ofType("brute_force");
    Map<String, Integer> perAttacker = new HashMap<>();
    for (Row r : bf) {
      assertTrue(Set.of(21, 22).contains(r.<Integer>getAs("dst_port")));
      assertTrue(d(r, "flow_duration") < 10, r.toString());
      assertEquals("fin", r.getAs("end_reason"));
      perAttacker.merge(r.getAs("src_ip"), 1, Integer::sum);
    }
    assertTrue(perAttacker.values().stream().allMatch(c -> c >= 50), perAttacker.toString());
  }

  @Test
  void benignIsAHeavyTailedMix() {
    List<Row> b = ofType("benign");
    Set<Integer> ports = new HashSet<>();
    b.forEach(r -> ports.add(r.getAs("dst_port")));
    assertTrue(ports.containsAll(Set.of(443, 80, 53, 22, 445, 123)), ports.toString());
    double[] bytes =
        b.stream()
            .mapToDouble(r -> l(r, "totlen_fwd_pkts") + l(r, "totlen_bwd_pkts"))
            .sorted()
            .toArray();
    double median = bytes[bytes.length / 2];
    double p99 = bytes[(int) (bytes.length * 0.99)];
    assertTrue(p99 > 20 * median, "heavy tail: median " + median + ", p99 " + p99);
    long udp = b.stream().filter(r -> (int) r.getAs("protocol") == 17).count();
    assertTrue(udp > 300 && udp < 1500, "DNS/NTP share " + udp);
  }

  @Test
  void noNullsOutsideWindows() {
    List<String> names = FlowSchema.allColumnNames();
    for (Row r : rows) {
      for (int i = 0; i < names.size(); i++) {
        if (!names.get(i).startsWith("init_")) {
          assertTrue(!r.isNullAt(i), names.get(i) + " in " + r);
        }
      }
    }
  }
}
