package io.idsspark.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.config.ConfigKey;
import io.idsspark.config.ConfigKeys;
import io.idsspark.flow.FlowColumn;
import io.idsspark.flow.FlowSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the flow-column table of docs/schema.md and the config-key table of docs/config.md equal to
 * the code that defines them. To regenerate after changing FlowSchema or ConfigKeys: {@code mvn -pl
 * sniffer test -Dtest=DocsAgreementTest -Dids.readme.update=true}.
 */
class DocsAgreementTest {
  private static final Path DOCS =
      Path.of(System.getProperty("ids.project.root", "..")).resolve("docs");

  static String flowColumnsTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "| column | type | unit | set | CIC column (2018; 2017 and improved layouts where they differ) | CIC-comparable | meaning |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (FlowColumn c : FlowSchema.columns()) {
      String set =
          switch (c.role()) {
            case IDENTITY -> "identity";
            case MINIMAL -> "minimal";
            case EXTENDED -> "extended";
            case LABEL -> "label";
            case META -> "sniffer";
          };
      sb.append("| `")
          .append(c.name())
          .append("` | ")
          .append(c.type().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(c.unit())
          .append(" | ")
          .append(set)
          .append(" | ")
          .append(cicNames(c))
          .append(" | ")
          .append(c.isFeature() ? (c.cicComparable() ? "yes" : "no") : "")
          .append(" | ")
          .append(c.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  /** The 2018 name, then the 2017 and improved-layout names where they differ. */
  private static String cicNames(io.idsspark.flow.FlowColumn c) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (c.cic2018Name() != null) {
      parts.add("`" + c.cic2018Name() + "`");
    }
    if (c.cic2017Name() != null) {
      parts.add("2017: `" + c.cic2017Name() + "`");
    }
    if (c.improvedName() != null) {
      parts.add("improved: `" + c.improvedName() + "`");
    }
    return String.join("; ", parts);
  }

  static String configKeysTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| key | default | valid values | meaning |\n|---|---|---|---|\n");
    for (ConfigKey<?> k : ConfigKeys.all().values()) {
      sb.append("| `")
          .append(k.name())
          .append("` | `")
          .append(k.defaultAsYaml())
          .append("` | ")
          .append(k.validHint())
          .append(" | ")
          .append(k.description())
          .append(" |\n");
    }
    return sb.toString();
  }

  private static void check(String file, String marker, String expected) throws IOException {
    Path doc = DOCS.resolve(file);
    String readme = Files.readString(doc);
    String start = "<!-- " + marker + ":start -->\n";
    String end = "<!-- " + marker + ":end -->";
    int a = readme.indexOf(start);
    int b = readme.indexOf(end);
    assertTrue(a >= 0 && b > a, doc + " lacks the " + marker + " markers");
    String actual = readme.substring(a + start.length(), b);
    if (!actual.equals(expected) && Boolean.getBoolean("ids.readme.update")) {
      Files.writeString(
          doc, readme.substring(0, a + start.length()) + expected + readme.substring(b));
      return;
    }
    assertEquals(
        expected,
        actual,
        doc
            + " table '"
            + marker
            + "' is out of date; regenerate: mvn -pl sniffer test -Dtest=DocsAgreementTest"
            + " -Dids.readme.update=true");
  }

  @Test
  void schemaDocDocumentsEveryFlowColumn() throws IOException {
    check("schema.md", "flow-columns", flowColumnsTable());
  }

  @Test
  void configDocDocumentsEveryConfigKey() throws IOException {
    check("config.md", "config-keys", configKeysTable());
  }
}
