package io.idsspark.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
