package io.idsspark.cic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CIC test files in src/test/resources/cic (sources in NOTICE). */
final class CicResources {
  static final String ORIGINAL_2018 = "original_format_excerpt_Thursday-01-03-2018_7rows.csv";
  static final String TSV_2018 = "tsv_variant_Wednesday-14-02-2018_5rows.tsv";
  static final String ML_2017 =
      "MachineLearningCVE_Friday-WorkingHours-Afternoon-DDos_selected30rows.csv";
  static final String TL_2017 =
      "TrafficLabelling_Friday-WorkingHours-Afternoon-DDos_first20rows.csv";
  static final String IMPROVED = "improved_engelen_toy_first3perlabel.csv";
  static final String QUIRKS = "fixture_2018_quirks.csv";
  static final String COLS84 = "fixture_2018_84columns.csv";

  private CicResources() {}

  static Path path(String name) {
    try {
      return Path.of(CicResources.class.getResource("/cic/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lines without line terminators (CR stripped), as Hadoop's reader gives them. */
  static List<String> lines(String name) {
    try {
      return Files.readAllLines(path(name), StandardCharsets.ISO_8859_1).stream()
          .map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
