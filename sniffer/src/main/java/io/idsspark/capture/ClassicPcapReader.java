package io.idsspark.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * Pure-Java reader of the classic libpcap file format: both byte orders, micro- and nanosecond
 * magic. Reads records in place from a large buffer, far faster than a libpcap call per packet.
 */
final class ClassicPcapReader implements PacketSource {
  static final long MAGIC_MICRO = 0xa1b2c3d4L;
  static final long MAGIC_NANO = 0xa1b23c4dL;

  /** Larger than any real snap length (libpcap's maximum is 262144): a bigger record is garbage. */
  private static final int MAX_RECORD = 1 << 20;

  private final InputStream stream;
  private final ByteInput in;
  private final boolean bigEndian;
  private final boolean nanos;
  private final int linkType;
  private long truncated;

  ClassicPcapReader(InputStream stream) throws IOException {
    this.stream = stream;
    this.in = new ByteInput(stream);
    if (!in.ensure(24)) {
      throw new CaptureFormatException("pcap file header cut short (" + in.available() + " bytes)");
    }
    long be = in.u32(0, true);
    if (be == MAGIC_MICRO || be == MAGIC_NANO) {
      bigEndian = true;
      nanos = be == MAGIC_NANO;
    } else {
      long le = in.u32(0, false);
      if (le != MAGIC_MICRO && le != MAGIC_NANO) {
        throw new CaptureFormatException(String.format("not a pcap file (magic 0x%08x)", be));
      }
      bigEndian = false;
      nanos = le == MAGIC_NANO;
    }
    int major = in.u16(4, bigEndian);
    int minor = in.u16(6, bigEndian);
    if (major != 2) {
      throw new CaptureFormatException(
          "unsupported pcap version " + major + "." + minor + " (only 2.x is defined)");
    }
    // the upper bits of the link-type field may carry FCS information: keep the low 16 bits
    linkType = (int) (in.u32(20, bigEndian) & 0xffff);
    in.pos = 24;
  }

  int linkType() {
    return linkType;
  }

  @Override
  public boolean next(RawPacket p) throws IOException {
    if (!in.ensure(16)) {
      if (in.available() > 0) {
        truncated++;
        in.pos = in.limit;
      }
      return false;
    }
    int h = in.pos;
    long sec = in.u32(h, bigEndian);
    long frac = in.u32(h + 4, bigEndian);
    long capLen = in.u32(h + 8, bigEndian);
    long wireLen = in.u32(h + 12, bigEndian);
    if (capLen > MAX_RECORD) {
      throw new CaptureFormatException(
          "record at byte "
              + in.position()
              + " claims "
              + capLen
              + " captured bytes; file corrupt");
    }
    int n = (int) capLen;
    if (!in.ensure(16 + n)) {
      truncated++;
      in.pos = in.limit;
      return false;
    }
    h = in.pos;
    boolean badTs = frac >= (nanos ? 1_000_000_000L : 1_000_000L);
    long micros = sec * 1_000_000L + (nanos ? frac / 1000 : frac);
    p.set(micros, in.buf, h + 16, n, (int) Math.min(wireLen, Integer.MAX_VALUE), linkType);
    p.badTimestamp = badTs;
    in.pos = h + 16 + n;
    return true;
  }

  @Override
  public long truncatedRecords() {
    return truncated;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
