package io.idsspark.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FlowSchemaTest {

  /**
   * CSE-CIC-IDS2018 column name -> our name: lower case, runs of non-alphanumerics become one
   * underscore.
   */
  static String snake(String cic) {
    return cic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  @Test
  void featureNamesAreTheSnakeCaseOfTheCic2018Names() {
    int checked = 0;
    for (FlowColumn c : FlowSchema.columns()) {
      if (c.isFeature() && c.cic2018Name() != null) {
        assertEquals(snake(c.cic2018Name()), c.name(), "column " + c.name());
        checked++;
      }
    }
    assertTrue(checked >= 60, "most features come from CIC: " + checked);
    assertEquals("tot_fwd_pkts", snake("Tot Fwd Pkts"));
    assertEquals("flow_byts_s", snake("Flow Byts/s"));
  }

  @Test
  void identityColumnsComeFirstInAlertOrder() {
    List<String> names = FlowSchema.allColumnNames();
    assertEquals(FlowSchema.IDENTITY_COLUMNS, names.subList(0, 6));
    assertEquals(
        List.of("timestamp", "src_ip", "dst_ip", "src_port", "dst_port", "protocol"),
        FlowSchema.IDENTITY_COLUMNS);
  }

  @Test
  void minimalIsASubsetOfExtendedAndNeitherHoldsIdentifiers() {
    List<String> minimal = FeatureSet.MINIMAL.featureNames();
    List<String> extended = FeatureSet.EXTENDED.featureNames();
    assertTrue(extended.containsAll(minimal));
    assertTrue(minimal.size() >= 8 && extended.size() > minimal.size());
    for (String id :
        List.of("timestamp", "src_ip", "dst_ip", "src_port", "dst_port", "protocol", "label")) {
      assertFalse(extended.contains(id), id);
    }
  }

  @Test
  void everyTimeIsInSecondsAndEveryFeatureIsNumeric() {
    for (FlowColumn c : FlowSchema.columns()) {
      if (c.isFeature()) {
        assertTrue(
            c.type() == FlowColumn.ColumnType.LONG || c.type() == FlowColumn.ColumnType.DOUBLE,
            c.name());
        assertFalse(c.unit().contains("us") || c.unit().contains("micro"), c.name());
      }
      if (c.name().contains("iat")
          || c.name().contains("duration")
          || c.name().startsWith("idle")) {
        assertEquals("s", c.unit(), c.name());
      }
    }
  }

  @Test
  void flowFilesOmitOnlyTheLabelColumns() {
    List<String> flow = FlowSchema.flowColumnNames();
    assertFalse(flow.contains("label"));
    assertFalse(flow.contains("attack_type"));
    assertEquals(FlowSchema.allColumnNames().size() - 2, flow.size());
  }

  @Test
  void featureSetsParseFromConfigNames() {
    assertEquals(FeatureSet.MINIMAL, FeatureSet.parse("minimal"));
    assertEquals(FeatureSet.EXTENDED, FeatureSet.parse(" Extended "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeatureSet.parse("full"));
    assertEquals("unknown feature set 'full' (valid: minimal, extended)", e.getMessage());
  }

  @Test
  void theTableIsTheSourceAndABadLineNamesItsPlace() {
    assertEquals(FlowSchema.columns(), FlowSchema.read(FlowSchema.TABLE));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> FlowSchema.parse("x\tlong\tminimal\tbytes\t\ttrue", "flow-schema.tsv line 9"));
    assertTrue(e.getMessage().startsWith("flow-schema.tsv line 9: expected 9"), e.getMessage());
    IllegalStateException t =
        assertThrows(
            IllegalStateException.class,
            () ->
                FlowSchema.parse(
                    "x\tquad\tminimal\tbytes\t\t\t\ttrue\td", "flow-schema.tsv line 3"));
    assertTrue(
        t.getMessage().contains("line 3") && t.getMessage().contains("QUAD"), t.getMessage());
    FlowColumn c = FlowSchema.parse("x\tlong\tminimal\tbytes\t\t\tX Bytes\tfalse\tsome bytes", "w");
    assertEquals(null, c.cic2018Name());
    assertEquals(null, c.cic2017Name());
    assertEquals("X Bytes", c.improvedName());
    assertEquals(FlowColumn.Role.MINIMAL, c.role());
  }
}
