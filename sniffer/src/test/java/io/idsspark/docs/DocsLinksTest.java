package io.idsspark.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every link in README.md and docs/*.md that points into the project leads somewhere: the file
 * exists, and a {@code #fragment} names a heading of that file (GitHub's anchor rules). The README
 * stays short: at most 250 lines, the rest lives in docs/.
 */
class DocsLinksTest {
  private static final Path ROOT = Path.of(System.getProperty("ids.project.root", ".."));
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *$", Pattern.MULTILINE);

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
  static String anchor(String heading) {
    String h = heading.replaceAll("`", "").toLowerCase(Locale.ROOT);
    return h.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  private static Set<String> anchors(Path doc) throws IOException {
    Set<String> out = new HashSet<>();
    Matcher m = HEADING.matcher(Files.readString(doc));
    while (m.find()) {
      out.add(anchor(m.group(1)));
    }
    return out;
  }

  @Test
  void everyLinkIntoTheProjectResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : documents()) {
      Matcher m = LINK.matcher(Files.readString(doc));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // http(s), mailto: outside the project
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path to = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(to)) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(to).contains(target.substring(hash + 1))) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading)");
        }
      }
    }
    assertEquals(List.of(), broken);
    assertTrue(checked >= 20, "only " + checked + " links found: is the pattern still right?");
  }

  @Test
  void anchorsFollowGithubRules() {
    assertEquals("prepare-cic", anchor("prepare-cic"));
    assertEquals("scriptsdemo-no-root-no-docker", anchor("`scripts/demo` (no root, no Docker)"));
  }

  @Test
  void readmeStaysShort() throws IOException {
    long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
    assertTrue(lines <= 250, "README.md has " + lines + " lines; move detail into docs/");
  }
}
