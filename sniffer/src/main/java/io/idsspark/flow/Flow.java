package io.idsspark.flow;

import static io.idsspark.capture.ParsedPacket.ACK;
import static io.idsspark.capture.ParsedPacket.CWR;
import static io.idsspark.capture.ParsedPacket.ECE;
import static io.idsspark.capture.ParsedPacket.FIN;
import static io.idsspark.capture.ParsedPacket.PSH;
import static io.idsspark.capture.ParsedPacket.RST;
import static io.idsspark.capture.ParsedPacket.SYN;
import static io.idsspark.capture.ParsedPacket.URG;

import io.idsspark.capture.ParsedPacket;

/**
 * One open flow's accumulated features (CICFlowMeter's definitions, times kept in microseconds
 * until the record is built). Statistics of the backward direction, gaps and activity periods are
 * allocated on first use, so a one-packet flow (a SYN-flood or scan packet) stays small.
 */
final class Flow {
  final FlowKey key;

  /** True if forward (the first packet's sender) is side A of the key. */
  final boolean fwdIsA;

  final long startMicros;
  long lastMicros;
  private long lastFwdMicros = -1;
  private long lastBwdMicros = -1;
  private long activeStartMicros;
  private long activeEndMicros;

  private final Stats fwdLen = new Stats();
  private Stats bwdLen;
  private Stats flowIat;
  private Stats fwdIat;
  private Stats bwdIat;
  private Stats active;
  private Stats idle;

  private long fwdHeaderBytes;
  private long bwdHeaderBytes;
  private long fwdHeaderMin = Long.MAX_VALUE;
  private long fwdActData;

  private int fin;
  private int syn;
  private int rst;
  private int psh;
  private int ack;
  private int urg;
  private int cwr;
  private int ece;
  private int fwdPsh;
  private int bwdPsh;
  private int fwdUrg;
  private int bwdUrg;
  private int fwdRst;
  private int bwdRst;
  private int firstFlags = -1;
  private int initFwdWin = -1;
  private int initBwdWin = -1;

  /** Bit 1: a forward FIN was seen; bit 2: a backward FIN. */
  int finMask;

  /**
   * Capture clock when the flow was put at the tail of the table's order (opened, or re-queued by
   * an idle sweep that found it still active): non-decreasing along the table's order.
   */
  long queuedMicros;

  Flow(FlowKey key, boolean fwdIsA, long startMicros) {
    this.key = key;
    this.fwdIsA = fwdIsA;
    this.startMicros = startMicros;
    this.lastMicros = startMicros;
    this.activeStartMicros = startMicros;
    this.activeEndMicros = startMicros;
  }

  long packets() {
    return fwdLen.n + (bwdLen == null ? 0 : bwdLen.n);
  }

  /**
   * Adds a packet. Timestamps older than the flow's last packet (reordered captures) count at the
   * last packet's time, so no duration or gap is ever negative.
   *
   * @return true if it went forward
   */
  boolean add(ParsedPacket p, boolean fromA) {
    long ts = Math.max(p.timestampMicros, lastMicros);
    boolean fwd = fromA == fwdIsA;
    boolean first = packets() == 0;
    if (!first) {
      long gap = ts - lastMicros;
      (flowIat == null ? flowIat = new Stats() : flowIat).add(gap);
      updateActiveIdle(ts);
    }
    int flags = p.tcpFlags;
    if (fwd) {
      if (lastFwdMicros >= 0) {
        (fwdIat == null ? fwdIat = new Stats() : fwdIat).add(ts - lastFwdMicros);
      }
      if (!first && p.payloadBytes >= 1) {
        fwdActData++;
      }
      lastFwdMicros = ts;
      fwdLen.add(p.payloadBytes);
      fwdHeaderBytes += p.headerBytes;
      if (!p.laterFragment && p.headerBytes < fwdHeaderMin) {
        fwdHeaderMin = p.headerBytes;
      }
      if (initFwdWin < 0 && p.tcpWindow >= 0) {
        initFwdWin = p.tcpWindow;
      }
    } else {
      if (lastBwdMicros >= 0) {
        (bwdIat == null ? bwdIat = new Stats() : bwdIat).add(ts - lastBwdMicros);
      }
      lastBwdMicros = ts;
      (bwdLen == null ? bwdLen = new Stats() : bwdLen).add(p.payloadBytes);
      bwdHeaderBytes += p.headerBytes;
      if (initBwdWin < 0 && p.tcpWindow >= 0) {
        initBwdWin = p.tcpWindow;
      }
    }
    if (first) {
      firstFlags = Math.max(flags, 0);
    }
    if (flags > 0) {
      countFlags(flags, fwd);
    }
    lastMicros = ts;
    return fwd;
  }

  private void countFlags(int flags, boolean fwd) {
    if ((flags & FIN) != 0) {
      fin++;
      finMask |= fwd ? 1 : 2;
    }
    if ((flags & SYN) != 0) {
      syn++;
    }
    if ((flags & RST) != 0) {
      rst++;
      if (fwd) {
        fwdRst++;
      } else {
        bwdRst++;
      }
    }
    if ((flags & PSH) != 0) {
      psh++;
      if (fwd) {
        fwdPsh++;
      } else {
        bwdPsh++;
      }
    }
    if ((flags & ACK) != 0) {
      ack++;
    }
    if ((flags & URG) != 0) {
      urg++;
      if (fwd) {
        fwdUrg++;
      } else {
        bwdUrg++;
      }
    }
    if ((flags & CWR) != 0) {
      cwr++;
    }
    if ((flags & ECE) != 0) {
      ece++;
    }
  }

  /** CICFlowMeter's activity bookkeeping: a gap over 5 s closes an active period. */
  private void updateActiveIdle(long ts) {
    if (ts - activeEndMicros > FlowSettings.ACTIVITY_TIMEOUT_MICROS) {
      long period = activeEndMicros - activeStartMicros;
      if (period > 0) {
        (active == null ? active = new Stats() : active).add(period);
      }
      (idle == null ? idle = new Stats() : idle).add(ts - activeEndMicros);
      activeStartMicros = ts;
    }
    activeEndMicros = ts;
  }

  /** The finished flow as a record in schema order. */
  FlowRecord toRecord(String endReason, long exportedMicros) {
    int n = FlowRecord.columns().size();
    double[] num = new double[n];
    String[] str = new String[n];
    RecordSlots.fill(this, endReason, exportedMicros, num, str);
    return new FlowRecord(num, str);
  }

  // accessors for RecordSlots (same package), kept as plain fields reads
  Stats fwdLen() {
    return fwdLen;
  }

  Stats bwdLen() {
    return bwdLen;
  }

  Stats flowIat() {
    return flowIat;
  }

  Stats fwdIat() {
    return fwdIat;
  }

  Stats bwdIat() {
    return bwdIat;
  }

  Stats active() {
    return active;
  }

  Stats idle() {
    return idle;
  }

  long fwdHeaderBytes() {
    return fwdHeaderBytes;
  }

  long bwdHeaderBytes() {
    return bwdHeaderBytes;
  }

  long fwdHeaderMin() {
    return fwdHeaderMin == Long.MAX_VALUE ? 0 : fwdHeaderMin;
  }

  long fwdActData() {
    return fwdActData;
  }

  int[] flagCounts() {
    return new int[] {fin, syn, rst, psh, ack, urg, cwr, ece};
  }

  int[] directionFlags() {
    return new int[] {fwdPsh, bwdPsh, fwdUrg, bwdUrg, fwdRst, bwdRst};
  }

  int firstFlags() {
    return Math.max(firstFlags, 0);
  }

  int initFwdWin() {
    return initFwdWin;
  }

  int initBwdWin() {
    return initBwdWin;
  }
}
