package io.idsspark.forest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.idsspark.errors.IdsException;
import io.idsspark.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code params} object of model.json, bound with Jackson databind: same names, strict. */
class ForestParamsTest {
  private static final ForestParams P =
      new ForestParams(100, 256, 1.0, false, 7L, 0.02, true, 3, false);

  @Test
  void writesTheModelJsonNamesInTheirOrderAndReadsThemBack() {
    ObjectNode o = P.toJson();
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of(
            "num_trees",
            "max_samples",
            "max_features",
            "bootstrap",
            "seed",
            "contamination",
            "extended",
            "extension_level"),
        names);
    assertEquals(P, ForestParams.fromJson(o, "model.json"));
    // range_aware: written when true only (older models keep their bytes), read back either way
    ForestParams ranged = new ForestParams(100, 256, 1.0, false, 7L, 0.02, false, -1, true);
    ObjectNode r = ranged.toJson();
    assertTrue(r.get("range_aware").asBoolean());
    assertTrue(ForestParams.fromJson(r, "model.json").withRanges());
    assertTrue(!ForestParams.fromJson(o, "model.json").withRanges());
  }

  @Test
  void aDamagedFieldIsAModelErrorNamingItInOneLine() {
    for (String[] bad :
        new String[][] {
          {"num_trees", "\"100\""},
          {"max_samples", "2.5"},
          {"seed", "null"},
        }) {
      ObjectNode o = P.toJson();
      o.set(bad[0], Json.parse(bad[1], "test"));
      IdsException e =
          assertThrows(IdsException.class, () -> ForestParams.fromJson(o, "v1/model.json"));
      assertEquals(IdsException.Kind.MODEL, e.kind());
      assertTrue(
          e.getMessage().startsWith("v1/model.json: params: '" + bad[0] + "'"), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
    ObjectNode missing = P.toJson();
    missing.remove("extension_level");
    IdsException e =
        assertThrows(IdsException.class, () -> ForestParams.fromJson(missing, "v1/model.json"));
    assertTrue(e.getMessage().contains("extension_level"), e.getMessage());
    ObjectNode extra = P.toJson();
    extra.put("num_tress", 3);
    assertThrows(IdsException.class, () -> ForestParams.fromJson(extra, "v1/model.json"));
  }
}
