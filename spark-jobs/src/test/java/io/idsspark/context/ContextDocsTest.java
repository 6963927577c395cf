package io.idsspark.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/schema.md's context-column table is {@link ContextColumn}, column for column. */
class ContextDocsTest {
  static String table() {
    StringBuilder sb = new StringBuilder("| column | unit | meaning |\n|---|---|---|\n");
    for (ContextColumn c : ContextColumn.values()) {
      sb.append("| `")
          .append(c.columnName())
          .append("` | ")
          .append(c.unit())
          .append(" | ")
          .append(c.description())
          .append(" |\n");
    }
    return sb.toString();
  }

  @Test
  void schemaDocListsEveryContextColumn() throws Exception {
    Path doc = Path.of(System.getProperty("ids.project.root", "..")).resolve("docs/schema.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    String start = "<!-- context-columns:start -->\n";
    String end = "<!-- context-columns:end -->";
    int a = text.indexOf(start);
    int b = text.indexOf(end);
    assertTrue(a >= 0 && b > a, "docs/schema.md lacks the context-columns markers");
    assertEquals(table(), text.substring(a + start.length(), b), "docs/schema.md context table");
  }
}
