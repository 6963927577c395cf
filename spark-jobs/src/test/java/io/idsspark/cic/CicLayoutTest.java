package io.idsspark.cic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CicLayoutTest {
  private static String header(String file) {
    return CicResources.lines(file).get(0);
  }

  @Test
  void layoutIsDetectedFromTheHeader() {
    assertEquals(CicLayout.CIC2018, CicLayout.detect(header(CicResources.ORIGINAL_2018)));
    assertEquals(CicLayout.CIC2018_84, CicLayout.detect(header(CicResources.COLS84)));
    assertEquals(CicLayout.CIC2018_TSV, CicLayout.detect(header(CicResources.TSV_2018)));
    assertEquals(CicLayout.CIC2017_ML, CicLayout.detect(header(CicResources.ML_2017)));
    assertEquals(CicLayout.CIC2017_TL, CicLayout.detect(header(CicResources.TL_2017)));
    assertEquals(CicLayout.IMPROVED, CicLayout.detect(header(CicResources.IMPROVED)));
    assertNull(CicLayout.detect("a,b,c"));
  }

  /** Header columns a layout does not map: each is a CIC column the schema has no place for. */
  private static Set<String> unmapped(String file) {
    String h = header(file);
    CicLayout layout = CicLayout.detect(h);
    RowPlan plan = new RowPlan(layout, h);
    Set<String> mappedCic = new HashSet<>();
    List<String> mapped = plan.mappedColumns();
    Set<String> out = new HashSet<>();
    for (String raw : RowPlan.split(h, layout.separator())) {
      String name = raw.trim();
      String canon = layout.canonicalName(name);
      boolean known =
          mapped.stream()
                  .anyMatch(
                      c ->
                          canon.equals(
                                  FlowSchema.column(c).map(FlowColumn::cic2018Name).orElse(null))
                              || canon.equals(c))
              || CicLayout.PERMUTED_FLAGS.containsKey(canon)
                  && layout.flags == CicLayout.Flags.FIRST_PACKET_PERMUTED
              || Set.of("Timestamp", "Label", "Pkt Len Mean").contains(canon);
      if (!known) {
        out.add(name);
      }
      mappedCic.add(canon);
    }
    return out;
  }

  private static final Set<String> NO_SCHEMA_PLACE_2018 =
      Set.of(
          "Fwd Byts/b Avg",
          "Fwd Pkts/b Avg",
          "Fwd Blk Rate Avg",
          "Bwd Byts/b Avg",
          "Bwd Pkts/b Avg",
          "Bwd Blk Rate Avg",
          "Subflow Fwd Pkts",
          "Subflow Fwd Byts",
          "Subflow Bwd Pkts",
          "Subflow Bwd Byts",
          "Fwd PSH Flags",
          "Bwd PSH Flags",
          "Fwd URG Flags",
          "Bwd URG Flags");

  @Test
  void every2018ColumnIsMappedOrKnownToHaveNoPlace() {
    assertEquals(NO_SCHEMA_PLACE_2018, unmapped(CicResources.ORIGINAL_2018));
    assertEquals(NO_SCHEMA_PLACE_2018, unmapped(CicResources.TSV_2018));
    Set<String> with84 = new HashSet<>(NO_SCHEMA_PLACE_2018);
    with84.add("Flow ID");
    assertEquals(with84, unmapped(CicResources.COLS84));
  }

  @Test
  void every2017ColumnIsMappedOrKnownToHaveNoPlace() {
    Set<String> ml = unmapped(CicResources.ML_2017);
    assertEquals(
        Set.of(
            "Fwd Avg Bytes/Bulk",
            "Fwd Avg Packets/Bulk",
            "Fwd Avg Bulk Rate",
            "Bwd Avg Bytes/Bulk",
            "Bwd Avg Packets/Bulk",
            "Bwd Avg Bulk Rate",
            "Subflow Fwd Packets",
            "Subflow Fwd Bytes",
            "Subflow Bwd Packets",
            "Subflow Bwd Bytes",
            "Fwd PSH Flags",
            "Bwd PSH Flags",
            "Fwd URG Flags",
            "Bwd URG Flags"),
        ml);
    Set<String> tl = unmapped(CicResources.TL_2017);
    tl.removeAll(ml);
    assertEquals(Set.of("Flow ID"), tl);
  }

  @Test
  void everyImprovedColumnIsMappedOrKnownToHaveNoPlace() {
    Set<String> u = unmapped(CicResources.IMPROVED);
    assertEquals(
        Set.of(
            "id",
            "Flow ID",
            "Fwd Bytes/Bulk Avg",
            "Fwd Packet/Bulk Avg",
            "Fwd Bulk Rate Avg",
            "Bwd Bytes/Bulk Avg",
            "Bwd Packet/Bulk Avg",
            "Bwd Bulk Rate Avg",
            "Subflow Fwd Packets",
            "Subflow Fwd Bytes",
            "Subflow Bwd Packets",
            "Subflow Bwd Bytes",
            "ICMP Code",
            "ICMP Type",
            "Total TCP Flow Time",
            "Attempted Category"),
        u);
  }

  @Test
  void flagColumnsFollowTheLayoutsMeaning() {
    List<String> orig =
        new RowPlan(CicLayout.CIC2018, header(CicResources.ORIGINAL_2018)).mappedColumns();
    assertTrue(orig.containsAll(List.of("first_syn_flag", "first_cwr_flag", "first_rst_flag")));
    assertFalse(orig.contains("syn_flag_cnt"));
    assertFalse(orig.contains("fwd_psh_flags"));
    List<String> imp =
        new RowPlan(CicLayout.IMPROVED, header(CicResources.IMPROVED)).mappedColumns();
    assertTrue(
        imp.containsAll(
            List.of("syn_flag_cnt", "cwe_flag_count", "fwd_psh_flags", "fwd_rst_flags")));
    assertFalse(imp.contains("first_syn_flag"));
    assertTrue(imp.containsAll(List.of("src_ip", "dst_ip", "src_port")));
  }
}
