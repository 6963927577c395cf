package io.idsspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {
  private final CsvLine l = new CsvLine();

  @Test
  void splitsPlainAndQuotedFieldsWithEmptyOnes() {
    assertTrue(l.split("a,\"b,c\",,\"say \"\"hi\"\"\",e,"));
    assertEquals(6, l.count());
    assertEquals("a", l.text(0));
    assertEquals("b,c", l.text(1));
    assertEquals("", l.text(2));
    assertEquals("say \"hi\"", l.text(3));
    assertEquals("e", l.text(4));
    assertEquals("", l.text(5), "a trailing comma is one more, empty field");
    assertTrue(l.split("only"));
    assertEquals(1, l.count());
    assertTrue(l.split(",")); // two empty fields
    assertEquals(2, l.count());
  }

  @Test
  void anUnclosedQuoteOrTextAfterAClosingQuoteIsRefused() {
    assertFalse(l.split("a,\"b,c"));
    assertFalse(l.split("a,\"b\"x,c"));
  }

  @Test
  void readsNumbersTheWayTheTypedReaderDoes() {
    assertTrue(l.split("443, 1.5 ,1e3,,Infinity,-inf,NaN,\"7\",-0.25"));
    assertEquals(443.0, l.number(0));
    assertEquals(1.5, l.number(1));
    assertEquals(1000.0, l.number(2));
    assertTrue(Double.isNaN(l.number(3)), "empty is missing");
    assertEquals(Double.POSITIVE_INFINITY, l.number(4));
    assertEquals(Double.NEGATIVE_INFINITY, l.number(5));
    assertTrue(Double.isNaN(l.number(6)));
    assertEquals(7.0, l.number(7));
    assertEquals(-0.25, l.number(8));
  }

  @Test
  void textThatJavaWouldStretchIntoANumberIsNotOne() {
    assertTrue(l.split("abc,1f,2d,0x10,1.2.3,infinite"));
    for (int i = 0; i < l.count(); i++) {
      int at = i;
      assertThrows(NumberFormatException.class, () -> l.number(at), l.text(at));
    }
  }

  @Test
  void thePlainDecimalFastPathGivesParseDoublesValueBitForBit() {
    java.util.Random r = new java.util.Random(7);
    CsvLine csv = new CsvLine();
    for (int k = 0; k < 200_000; k++) {
      // integers, decimals of every scale, leading and trailing zeros, up to 19 digits
      StringBuilder t = new StringBuilder(r.nextInt(4) == 0 ? "-" : "");
      int whole = r.nextInt(12);
      for (int d = 0; d < whole; d++) {
        t.append((char) ('0' + r.nextInt(10)));
      }
      if (whole == 0 || r.nextBoolean()) {
        t.append('.');
        int frac = 1 + r.nextInt(whole == 0 ? 19 : 19 - whole);
        for (int d = 0; d < frac; d++) {
          t.append((char) ('0' + r.nextInt(10)));
        }
      }
      String text = t.toString();
      assertTrue(csv.split("x," + text + ",y"));
      double want = Double.parseDouble(text);
      assertEquals(
          Double.doubleToRawLongBits(want),
          Double.doubleToRawLongBits(csv.number(1)),
          text + ": " + want + " vs " + csv.number(1));
    }
    // what the fast path leaves to the general one, and gets the same way
    for (String text :
        List.of("1e3", "+5", " 7 ", "-0", "1.", ".5", "12345678901234567890", "0.1")) {
      assertTrue(csv.split(text));
      assertEquals(Double.parseDouble(text.strip()), csv.number(0), text);
    }
  }

  @Test
  void aFieldIsANumberExactlyWhenNumberReadsIt() {
    String[] fields = {
      "443",
      "-0.25",
      "650.4065040650406",
      "12345678901234567890123",
      "1.",
      ".5",
      "-.5",
      "-",
      ".",
      "",
      " 7 ",
      "1e3",
      "1E-5",
      "Infinity",
      "-inf",
      "NaN",
      "\"7\"",
      "abc",
      "1f",
      "2d",
      "0x10",
      "1.2.3",
      "--1",
      "1-",
      "+3",
      "infinite",
      "١٢"
    };
    CsvLine csv = new CsvLine();
    assertTrue(csv.split(String.join(",", fields)));
    for (int i = 0; i < fields.length; i++) {
      boolean reads;
      try {
        csv.number(i);
        reads = true;
      } catch (NumberFormatException e) {
        reads = false;
      }
      assertEquals(reads, csv.isNumber(i), "field '" + fields[i] + "'");
    }
  }

  @Test
  void growsPastItsInitialFieldCount() {
    StringBuilder b = new StringBuilder("0");
    for (int i = 1; i < 300; i++) {
      b.append(',').append(i);
    }
    assertTrue(l.split(b.toString()));
    assertEquals(300, l.count());
    assertEquals(299.0, l.number(299));
  }
}
