package io.idsspark.capture;

import java.io.Closeable;
import java.io.IOException;

/** A stream of captured records: a capture file or a live interface. */
public interface PacketSource extends Closeable {
  /**
   * Reads the next record into {@code p}.
   *
   * @return false at the end of the capture (or, live, when no packet arrived within the read
   *     timeout: see {@link LiveCapture})
   * @throws CaptureFormatException when the file cannot be read on (the message says why)
   */
  boolean next(RawPacket p) throws IOException;

  /** Records the reader had to drop itself (cut at the end of the file): 0 or 1 for files. */
  default long truncatedRecords() {
    return 0;
  }

  /**
   * Packets the capture lost before we read them (libpcap's count of packets dropped because its
   * buffer was full), or -1 when the source does not know (a file, a platform without it).
   */
  default long capturedDrops() {
    return -1;
  }
}
