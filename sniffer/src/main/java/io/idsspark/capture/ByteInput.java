package io.idsspark.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * A refillable window over an input stream: records are parsed in place in {@link #buf}, so reading
 * a packet copies its bytes once (stream to buffer) and allocates nothing.
 */
final class ByteInput {
  private static final int INITIAL = 1 << 20;

  private final InputStream in;
  byte[] buf = new byte[INITIAL];
  int pos;
  int limit;
  private boolean eof;
  private long consumedBefore;

  ByteInput(InputStream in) {
    this.in = in;
  }

  /**
   * Makes {@code n} bytes available from {@link #pos}.
   *
   * @return false if the stream ends first (then {@link #available()} tells how many there are)
   */
  boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      consumedBefore += pos;
      limit -= pos;
      pos = 0;
    }
    if (n > buf.length) {
      byte[] bigger = new byte[Math.max(n, buf.length * 2)];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
    }
    while (limit < n && !eof) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
      }
    }
    return limit - pos >= n;
  }

  int available() {
    return limit - pos;
  }

  /** Offset of {@link #pos} from the start of the stream. */
  long position() {
    return consumedBefore + pos;
  }

  int u16(int at, boolean bigEndian) {
    int a = buf[at] & 0xff;
    int b = buf[at + 1] & 0xff;
    return bigEndian ? a << 8 | b : b << 8 | a;
  }

  long u32(int at, boolean bigEndian) {
    long a = buf[at] & 0xffL;
    long b = buf[at + 1] & 0xffL;
    long c = buf[at + 2] & 0xffL;
    long d = buf[at + 3] & 0xffL;
    return bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a;
  }
}
