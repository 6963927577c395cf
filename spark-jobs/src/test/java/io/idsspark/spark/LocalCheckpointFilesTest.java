package io.idsspark.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.spark.sql.execution.streaming.checkpointing.CheckpointFileManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint file manager detect uses keeps Spark's promises on a local folder: a file appears
 * whole or not at all, an existing file is kept unless overwriting is allowed, a cancelled write
 * leaves nothing, and what it writes reads back through Hadoop (as Spark reads checkpoints).
 */
class LocalCheckpointFilesTest {
  @TempDir Path tmp;

  private LocalCheckpointFiles manager() {
    return new LocalCheckpointFiles(
        new org.apache.hadoop.fs.Path(tmp.toUri()), new Configuration());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aFileAppearsWholeOnCloseAndReadsBackThroughHadoop() throws Exception {
    LocalCheckpointFiles m = manager();
    assertTrue(m.isLocal());
    org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(tmp.resolve("offsets/7").toUri());
    CheckpointFileManager.CancellableFSDataOutputStream out = m.createAtomic(f, false);
    out.write(bytes("v1\n{\"batch\":7}\n"));
    // not there while being written: only a hidden temporary file in the same folder
    assertFalse(Files.exists(tmp.resolve("offsets/7")));
    out.close();
    assertEquals("v1\n{\"batch\":7}\n", Files.readString(tmp.resolve("offsets/7")));
    try (var s = Files.list(tmp.resolve("offsets"))) {
      assertEquals(List.of("7"), s.map(p -> p.getFileName().toString()).toList());
    }
    assertTrue(m.exists(f));
    try (FSDataInputStream in = m.open(f)) {
      assertArrayEquals(bytes("v1\n{\"batch\":7}\n"), in.readAllBytes());
    }
  }

  @Test
  void anExistingFileIsKeptUnlessOverwritingIsAllowed() throws Exception {
    LocalCheckpointFiles m = manager();
    Path p = tmp.resolve("commits/3");
    org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(p.toUri());
    try (FSDataOutputStream out = m.createAtomic(f, false)) {
      out.write(bytes("first"));
    }
    CheckpointFileManager.CancellableFSDataOutputStream again = m.createAtomic(f, false);
    again.write(bytes("second"));
    assertThrows(FileAlreadyExistsException.class, again::close);
    assertEquals("first", Files.readString(p));

    // overwriting: the new bytes, and a checksum Hadoop left for the old ones goes with them
    Path crc = p.resolveSibling(".3.crc");
    Files.writeString(crc, "stale");
    try (FSDataOutputStream out = m.createAtomic(f, true)) {
      out.write(bytes("third"));
    }
    assertEquals("third", Files.readString(p));
    assertFalse(Files.exists(crc));
    try (FSDataInputStream in = m.open(f)) {
      assertArrayEquals(bytes("third"), in.readAllBytes());
    }
  }

  @Test
  void aCancelledWriteLeavesNothing() throws Exception {
    LocalCheckpointFiles m = manager();
    org.apache.hadoop.fs.Path f =
        new org.apache.hadoop.fs.Path(tmp.resolve("state/0/1/9.changelog").toUri());
    CheckpointFileManager.CancellableFSDataOutputStream out = m.createAtomic(f, true);
    out.write(bytes("half a changelog"));
    out.cancel();
    try (var s = Files.walk(tmp)) {
      assertEquals(List.of(), s.filter(Files::isRegularFile).toList());
    }
  }
}
