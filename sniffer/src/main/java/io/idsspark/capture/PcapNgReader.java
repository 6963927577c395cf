package io.idsspark.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure-Java reader of pcapng: sections in either byte order, interfaces with their own link types
 * and timestamp resolutions ({@code if_tsresol}, {@code if_tsoffset}), enhanced, simple and
 * obsolete packet blocks. Other blocks are skipped. Unlike libpcap it accepts interfaces of
 * different link types in one file.
 *
 * <p>Simple packet blocks carry no timestamp: they get the previous packet's time.
 */
final class PcapNgReader implements PacketSource {
  static final long SHB = 0x0A0D0D0AL;
  private static final long BOM = 0x1A2B3C4DL;
  private static final int IDB = 1;
  private static final int OPB = 2;
  private static final int SPB = 3;
  private static final int EPB = 6;
  private static final int MAX_BLOCK = 16 << 20;

  private final InputStream stream;
  private final ByteInput in;
  private boolean bigEndian;
  private final List<Iface> ifaces = new ArrayList<>();
  private long lastMicros;
  private long truncated;
  private boolean sawPacket;

  private record Iface(int linkType, int snapLen, long unitsPerSecond, long offsetSeconds) {}

  PcapNgReader(InputStream stream) throws IOException {
    this.stream = stream;
    this.in = new ByteInput(stream);
    if (!in.ensure(12) || in.u32(0, true) != SHB) {
      throw new CaptureFormatException("not a pcapng file (no section header block at the start)");
    }
  }

  @Override
  public boolean next(RawPacket p) throws IOException {
    while (true) {
      if (!in.ensure(12)) {
        if (in.available() > 0) {
          truncated++;
          in.pos = in.limit;
        }
        return false;
      }
      int h = in.pos;
      long type = in.u32(h, bigEndian);
      if (type == SHB) {
        readSectionHeader();
        continue;
      }
      long total = in.u32(h + 4, bigEndian);
      if (total < 12 || total % 4 != 0 || total > MAX_BLOCK) {
        throw new CaptureFormatException(
            "block at byte " + in.position() + " has an impossible length " + total);
      }
      if (!in.ensure((int) total)) {
        truncated++;
        in.pos = in.limit;
        return false;
      }
      h = in.pos;
      int body = h + 8;
      int bodyLen = (int) total - 12;
      in.pos = h + (int) total;
      switch ((int) type) {
        case IDB -> readInterface(body, bodyLen);
        case EPB -> {
          if (bodyLen < 20) {
            throw new CaptureFormatException("enhanced packet block too short at byte " + h);
          }
          int id = (int) in.u32(body, bigEndian);
          long ts = in.u32(body + 4, bigEndian) << 32 | in.u32(body + 8, bigEndian);
          long cap = in.u32(body + 12, bigEndian);
          long wire = in.u32(body + 16, bigEndian);
          if (packet(p, id, ts, cap, wire, body + 20, bodyLen - 20)) {
            return true;
          }
        }
        case OPB -> {
          if (bodyLen < 20) {
            throw new CaptureFormatException("packet block too short at byte " + h);
          }
          int id = in.u16(body, bigEndian);
          long ts = in.u32(body + 4, bigEndian) << 32 | in.u32(body + 8, bigEndian);
          long cap = in.u32(body + 12, bigEndian);
          long wire = in.u32(body + 16, bigEndian);
          if (packet(p, id, ts, cap, wire, body + 20, bodyLen - 20)) {
            return true;
          }
        }
        case SPB -> {
          if (bodyLen < 4) {
            throw new CaptureFormatException("simple packet block too short at byte " + h);
          }
          long wire = in.u32(body, bigEndian);
          long cap = Math.min(wire, bodyLen - 4);
          if (!ifaces.isEmpty() && ifaces.get(0).snapLen() > 0) {
            cap = Math.min(cap, ifaces.get(0).snapLen());
          }
          p.set(lastMicros, in.buf, body + 4, (int) cap, (int) wire, linkOf(0));
          if (ifaces.isEmpty()) {
            p.linkType = -1;
          }
          sawPacket = true;
          return true;
        }
        default -> {
          // name resolution, statistics, custom and unknown blocks carry no packets
        }
      }
    }
  }

  private int linkOf(int id) {
    return id < ifaces.size() ? ifaces.get(id).linkType() : -1;
  }

  /** Fills {@code p} from a packet block; false if the block is unusable (counted by caller). */
  private boolean packet(
      RawPacket p, int id, long ts, long cap, long wire, int data, int dataRoom) {
    if (cap > dataRoom) {
      cap = dataRoom; // a block claiming more bytes than it holds: take what is there
    }
    if (id < 0 || id >= ifaces.size()) {
      p.set(lastMicros, in.buf, data, (int) cap, (int) Math.min(wire, Integer.MAX_VALUE), -2);
      sawPacket = true;
      return true;
    }
    Iface f = ifaces.get(id);
    long micros = toMicros(ts, f.unitsPerSecond()) + f.offsetSeconds() * 1_000_000L;
    lastMicros = micros;
    p.set(micros, in.buf, data, (int) cap, (int) Math.min(wire, Integer.MAX_VALUE), f.linkType());
    sawPacket = true;
    return true;
  }

  static long toMicros(long ts, long unitsPerSecond) {
    if (unitsPerSecond == 1_000_000L) {
      return ts;
    }
    long sec = Long.divideUnsigned(ts, unitsPerSecond);
    long frac = Long.remainderUnsigned(ts, unitsPerSecond);
    return sec * 1_000_000L + (long) (frac * (1_000_000.0 / unitsPerSecond));
  }

  private void readSectionHeader() throws IOException {
    if (!in.ensure(28)) {
      throw new CaptureFormatException("section header block cut short");
    }
    int h = in.pos;
    long bomBe = in.u32(h + 8, true);
    if (bomBe == BOM) {
      bigEndian = true;
    } else if (in.u32(h + 8, false) == BOM) {
      bigEndian = false;
    } else {
      throw new CaptureFormatException(
          "section header at byte " + in.position() + " has no byte-order mark");
    }
    int major = in.u16(h + 12, bigEndian);
    int minor = in.u16(h + 14, bigEndian);
    if (major != 1) {
      throw new CaptureFormatException(
          "unsupported pcapng section version "
              + major
              + "."
              + minor
              + " at byte "
              + in.position()
              + (sawPacket ? " (packets before it were read)" : ""));
    }
    long total = in.u32(h + 4, bigEndian);
    if (total < 28 || total % 4 != 0 || total > MAX_BLOCK) {
      throw new CaptureFormatException("section header with an impossible length " + total);
    }
    if (!in.ensure((int) total)) {
      throw new CaptureFormatException("section header block cut short");
    }
    in.pos += (int) total;
    ifaces.clear();
  }

  private void readInterface(int body, int bodyLen) throws CaptureFormatException {
    if (bodyLen < 8) {
      throw new CaptureFormatException("interface description block too short");
    }
    int link = in.u16(body, bigEndian);
    int snap = (int) Math.min(in.u32(body + 4, bigEndian), Integer.MAX_VALUE);
    long units = 1_000_000L;
    long offset = 0;
    int o = body + 8;
    int end = body + bodyLen;
    while (o + 4 <= end) {
      int code = in.u16(o, bigEndian);
      int len = in.u16(o + 2, bigEndian);
      if (code == 0 || o + 4 + len > end) {
        break;
      }
      if (code == 9 && len >= 1) {
        int r = in.buf[o + 4] & 0xff;
        int exp = r & 0x7f;
        if ((r & 0x80) == 0 && exp <= 18) {
          units = pow(10, exp);
        } else if ((r & 0x80) != 0 && exp <= 62) {
          units = 1L << exp;
        }
      } else if (code == 14 && len >= 8) {
        offset = in.u32(o + 4, bigEndian) << 32 | in.u32(o + 8, bigEndian);
        if (!bigEndian) {
          offset = in.u32(o + 8, false) << 32 | in.u32(o + 4, false);
        }
      }
      o += 4 + ((len + 3) & ~3);
    }
    ifaces.add(new Iface(link, snap, Math.max(1, units), offset));
  }

  private static long pow(long base, int exp) {
    long r = 1;
    for (int i = 0; i < exp; i++) {
      r *= base;
    }
    return r;
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
