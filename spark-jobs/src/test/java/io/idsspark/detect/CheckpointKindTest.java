package io.idsspark.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.idsspark.errors.IdsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint keeps how its stream was built (host context or not, CSV lines or typed rows); a
 * later start that would build another plan is refused with a one-line reason, before Spark reads
 * the checkpoint.
 */
class CheckpointKindTest {
  @TempDir Path tmp;

  @Test
  void aCheckpointKeepsItsKindAndRefusesAnother() throws Exception {
    CheckpointFacts.requireSameContext(tmp, true, true);
    assertEquals(
        CheckpointFacts.CONTEXT_LINES,
        Files.readString(tmp.resolve(CheckpointFacts.CONTEXT_FILE)).trim());
    CheckpointFacts.requireSameContext(tmp, true, true); // the same again: fine

    IdsException rows =
        assertThrows(
            IdsException.class, () -> CheckpointFacts.requireSameContext(tmp, true, false));
    assertTrue(rows.getMessage().contains("reading CSV flow files as lines"), rows.getMessage());
    IdsException off =
        assertThrows(
            IdsException.class, () -> CheckpointFacts.requireSameContext(tmp, false, false));
    assertTrue(off.getMessage().contains("host context on"), off.getMessage());
    assertTrue(off.getMessage().contains("new --checkpoint"), off.getMessage());
  }

  @Test
  void aCheckpointOfTheTypedContextStreamIsNotReadAsLines() throws Exception {
    // what detect wrote before it read CSV files as lines
    Files.writeString(
        tmp.resolve(CheckpointFacts.CONTEXT_FILE), CheckpointFacts.CONTEXT_ROWS + "\n");
    IdsException e =
        assertThrows(IdsException.class, () -> CheckpointFacts.requireSameContext(tmp, true, true));
    assertTrue(e.getMessage().startsWith(tmp.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("as typed rows"), e.getMessage());
    CheckpointFacts.requireSameContext(tmp, true, false); // as jsonl it still continues
  }

  @Test
  void aCheckpointWhoseStateHadATimeToLiveIsRefusedWithAReason() throws Exception {
    // what detect wrote before the state lost its TTL: Spark would refuse its state schema
    for (String old : new String[] {CheckpointFacts.OLD_TTL_LINES, CheckpointFacts.OLD_TTL_ROWS}) {
      Files.writeString(tmp.resolve(CheckpointFacts.CONTEXT_FILE), old + "\n");
      IdsException e =
          assertThrows(
              IdsException.class, () -> CheckpointFacts.requireSameContext(tmp, true, true));
      assertTrue(e.getMessage().contains("time to live"), e.getMessage());
      assertTrue(e.getMessage().contains("new --checkpoint"), e.getMessage());
    }
  }
}
