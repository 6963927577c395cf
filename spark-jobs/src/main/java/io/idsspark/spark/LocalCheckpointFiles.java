package io.idsspark.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.execution.streaming.checkpointing.FileSystemBasedCheckpointFileManager;

/**
 * Spark's checkpoint file manager, writing and renaming files on a local checkpoint with {@code
 * java.nio} instead of Hadoop's local file system. Without Hadoop's native library, Hadoop sets the
 * permissions of every file it creates by starting a {@code chmod} process, and resolves links on a
 * rename by starting {@code readlink}: a streaming query writes about 15 such files per micro-batch
 * (offsets, commits, one state changelog per operator and partition), and on 2 cores those
 * processes cost 0.2-0.5 s per micro-batch (docs/benchmarks.md). The files are the same (same
 * names, same bytes, same atomic rename), so a checkpoint stays readable by Spark's own manager.
 * Paths on other file systems (HDFS, object stores) go to Spark's code unchanged.
 *
 * <p>Used by setting {@link #CONF} to this class's name before a stream starts ({@link #use}).
 */
public final class LocalCheckpointFiles extends FileSystemBasedCheckpointFileManager {
  /** The Spark setting that names the checkpoint file manager class. */
  public static final String CONF = "spark.sql.streaming.checkpointFileManagerClass";

  public LocalCheckpointFiles(Path path, Configuration conf) {
    super(path, conf);
  }

  /** Makes streams started from now on in this session use this manager for their checkpoints. */
  public static void use(org.apache.spark.sql.SparkSession spark) {
    spark.conf().set(CONF, LocalCheckpointFiles.class.getName());
  }

  @Override
  public FSDataOutputStream createTempFile(Path path) {
    if (!isLocal()) {
      return super.createTempFile(path);
    }
    try {
      java.nio.file.Path p = local(path);
      Files.createDirectories(p.getParent());
      return new FSDataOutputStream(
          Files.newOutputStream(
              p,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE),
          null);
    } catch (IOException e) {
      throw rethrow(e);
    }
  }

  @Override
  public void renameTempFile(Path src, Path dst, boolean overwriteIfPossible) {
    if (!isLocal()) {
      super.renameTempFile(src, dst, overwriteIfPossible);
      return;
    }
    java.nio.file.Path from = local(src);
    java.nio.file.Path to = local(dst);
    try {
      if (!overwriteIfPossible && Files.exists(to)) {
        throw new FileAlreadyExistsException("Failed to rename as " + dst + " already exists");
      }
      // a checksum file Hadoop left beside an older version of the file would no longer match
      Files.deleteIfExists(to.resolveSibling("." + to.getFileName() + ".crc"));
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw rethrow(e);
    }
  }

  @Override
  public void mkdirs(Path path) {
    if (!isLocal()) {
      super.mkdirs(path);
      return;
    }
    try {
      Files.createDirectories(local(path));
    } catch (IOException e) {
      throw rethrow(e);
    }
  }

  /**
   * Throws an I/O error as Spark's own manager does (Scala declares no checked exceptions), so
   * callers that catch {@link FileAlreadyExistsException} or {@link IOException} still see them.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException rethrow(Throwable e) throws E {
    throw (E) e;
  }

  private java.nio.file.Path local(Path p) {
    return java.nio.file.Path.of(fs().makeQualified(p).toUri());
  }
}
