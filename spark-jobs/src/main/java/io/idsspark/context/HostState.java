package io.idsspark.context;

import java.nio.ByteBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * What one host (a source address, or a service: destination address + port + protocol) has done
 * lately, updated one flow at a time in the context order ({@link ContextOrder}). The one
 * implementation of the context statistics: the batch path runs it over each host's flows sorted by
 * the order, the stream keeps it between micro-batches, so the two give the same values.
 *
 * <p>Memory is bounded per host: ten damped sums, the last answer and, per distinct-count
 * dimension, two HLL sketches (small exact lists until they grow; at most about 1 KB each).
 *
 * <p>Time rules (seconds, the flow's context time): a flow more than {@link #EXPIRY_SECONDS} after
 * the last starts the host afresh (what is left of the damped sums is under 1%, and the distinct
 * epochs are gone); a flow slightly older than the last (out of order within the expiry) is counted
 * without decay; a flow more than the expiry <em>older</em> than the last is a clock jump: the host
 * starts afresh from it, so one wrong timestamp cannot freeze the host's clock in the future or the
 * past.
 */
public final class HostState {
  /** Time constant of the short damped count. */
  public static final double SHORT_TAU_SECONDS = 2.0;

  /** Time constant of the long damped sums. */
  public static final double LONG_TAU_SECONDS = 60.0;

  /** Length of one distinct-count epoch; a distinct count covers the current and the previous. */
  public static final double EPOCH_SECONDS = 30.0;

  /** Silence after which a host's state is forgotten (the longest window, 5 time constants). */
  public static final double EXPIRY_SECONDS = 300.0;

  static final int LG_K = 10;

  /** Pseudo-flows with a coefficient of variation of 1 that the bytes' spread starts from. */
  static final double CV_PRIOR_FLOWS = 2.0;

  private double lastT = Double.NaN;
  private double wShort;
  private double wLong;
  private double unanswered;
  private double rst;
  private double fwdPkts;
  private double fwdBytes;
  private double fwdBytesSq;
  private double bwdBytes;
  private double bwdBytesSq;
  private double lastAnswer = Double.NaN;
  private double sameAnswers;
  private long epoch = Long.MIN_VALUE;
  private final HllSketch[] current;
  private final HllSketch[] window;

  /**
   * @param dimensions how many distinct counts this host keeps (2 for a source: destination
   *     addresses and ports; 1 for a service: source addresses)
   */
  public HostState(int dimensions) {
    current = new HllSketch[dimensions];
    window = new HllSketch[dimensions];
    for (int i = 0; i < dimensions; i++) {
      current[i] = new HllSketch(LG_K, TgtHllType.HLL_8);
      window[i] = new HllSketch(LG_K, TgtHllType.HLL_8);
    }
  }

  /** Whether the state holds nothing (new, or just reset). */
  public boolean isEmpty() {
    return Double.isNaN(lastT);
  }

  /** Context time of the last flow counted, NaN when empty. */
  public double lastTime() {
    return lastT;
  }

  private void reset() {
    lastT = Double.NaN;
    wShort = wLong = unanswered = rst = fwdPkts = fwdBytes = fwdBytesSq = bwdBytes = bwdBytesSq = 0;
    lastAnswer = Double.NaN;
    sameAnswers = 0;
    epoch = Long.MIN_VALUE;
    for (int i = 0; i < current.length; i++) {
      current[i].reset();
      window[i].reset();
    }
  }

  /**
   * Counts one flow and writes the host's context, this flow included, to {@code out}: flows over 2
   * s, flows over 60 s, one distinct count per dimension, unanswered share, RST share, mean forward
   * packets, mean forward bytes, spread of forward bytes, spread of backward bytes, same answers in
   * a row (the order of {@link ContextColumn#of}).
   *
   * @param t the flow's context time in seconds (finite)
   * @param answer what the flow's answer was ({@link #answer}), NaN for a flow that does not count
   *     towards same answers in a row (not TCP, or no answer bytes)
   * @param peers one value per dimension (an address as text, a port as a number), null if unknown
   * @return true when the flow reset the state (expiry or clock jump), for counting
   */
  public boolean add(
      double t,
      boolean answered,
      boolean withRst,
      double fwdPackets,
      double fwdPayloadBytes,
      double bwdPayloadBytes,
      double answer,
      Object[] peers,
      double[] out,
      int offset) {
    boolean reset = false;
    if (!isEmpty() && (t - lastT > EXPIRY_SECONDS || lastT - t > EXPIRY_SECONDS)) {
      reset();
      reset = true;
    }
    if (isEmpty()) {
      lastT = t;
    }
    double dt = t - lastT;
    if (dt > 0) {
      double s = Math.exp(-dt / SHORT_TAU_SECONDS);
      double l = Math.exp(-dt / LONG_TAU_SECONDS);
      wShort *= s;
      sameAnswers *= s;
      wLong *= l;
      unanswered *= l;
      rst *= l;
      fwdPkts *= l;
      fwdBytes *= l;
      fwdBytesSq *= l;
      bwdBytes *= l;
      bwdBytesSq *= l;
      lastT = t;
    }
    wShort += 1;
    wLong += 1;
    unanswered += answered ? 0 : 1;
    rst += withRst ? 1 : 0;
    fwdPkts += fwdPackets;
    fwdBytes += fwdPayloadBytes;
    fwdBytesSq += fwdPayloadBytes * fwdPayloadBytes;
    bwdBytes += bwdPayloadBytes;
    bwdBytesSq += bwdPayloadBytes * bwdPayloadBytes;
    if (!Double.isNaN(answer)) {
      // a run: one different answer ends it (a client fetching a site's pages rarely gets the same
      // page twice in a row; a login loop gets the same refusal every time); flows that do not
      // count (its DNS lookups between attempts) leave it as it is
      sameAnswers = answer == lastAnswer ? sameAnswers + 1 : 1;
      lastAnswer = answer;
    }
    long e = (long) Math.floor(t / EPOCH_SECONDS);
    if (e > epoch) {
      for (int i = 0; i < current.length; i++) {
        if (e == epoch + 1) {
          // the window becomes the epoch just ended; the current epoch starts empty
          HllSketch ended = current[i];
          current[i] = window[i];
          current[i].reset();
          window[i] = ended;
        } else {
          current[i].reset();
          window[i].reset();
        }
      }
      epoch = e;
    }
    int k = offset;
    out[k++] = wShort;
    out[k++] = wLong;
    for (int i = 0; i < current.length; i++) {
      Object p = peers[i];
      if (p instanceof String str) {
        current[i].update(str);
        window[i].update(str);
      } else if (p instanceof Number n) {
        current[i].update(n.longValue());
        window[i].update(n.longValue());
      }
      out[k++] = Math.round(window[i].getEstimate());
    }
    out[k++] = unanswered / wLong;
    out[k++] = rst / wLong;
    out[k++] = fwdPkts / wLong;
    out[k++] = fwdBytes / wLong;
    out[k++] = spread(fwdBytes, fwdBytesSq);
    // the answers' spread: a login loop gets the same refusal every time, a client browsing or
    // polling pages gets pages of many sizes
    out[k++] = spread(bwdBytes, bwdBytesSq);
    out[k] = sameAnswers;
    return reset;
  }

  /**
   * What a flow's answer was, for same answers in a row: its destination port and backward payload
   * bytes as one number; NaN when the flow does not count (not TCP, or no answer bytes). Only TCP
   * counts: a UDP request and its answer (DNS, NTP) are the same every time by the protocol's
   * nature, a TCP session that carries the same answer again and again is a tool repeating itself.
   */
  static double answer(double protocol, double dstPort, double bwdPayloadBytes) {
    if (protocol != TCP || !(bwdPayloadBytes > 0) || !(dstPort >= 0)) {
      return Double.NaN;
    }
    return dstPort * 4_294_967_296.0 + Math.min(bwdPayloadBytes, 4_294_967_295.0);
  }

  private static final double TCP = 6;

  /**
   * Coefficient of variation of damped byte counts: near 0 when many flows carry the same bytes (a
   * tool repeating itself: floods, scans, login loops), high for people's heavy-tailed traffic.
   * Shrunk towards 1 by {@link #CV_PRIOR_FLOWS} pseudo-flows, so that one or two flows (whose
   * spread says nothing) do not look like a repeating tool: 0.82 for a single flow, 0.1 after a few
   * hundred identical ones; near 0 too when many flows carry no bytes at all (a flood).
   */
  private double spread(double sum, double sumSq) {
    double mean = sum / wLong;
    double relVar = mean > 0 ? Math.max(0, sumSq / wLong - mean * mean) / (mean * mean) : 0;
    return Math.sqrt((wLong * relVar + CV_PRIOR_FLOWS) / (wLong + CV_PRIOR_FLOWS));
  }

  /** Format of {@link #toBytes}; bump when the layout changes (old state then starts afresh). */
  static final byte BYTES_VERSION = 4;

  /**
   * The state as bytes, for a streaming state store (plain data: numbers and the sketches' own
   * compact form; no Java serialization).
   */
  public byte[] toBytes() {
    byte[][] sk = new byte[2 * current.length][];
    int size = 1 + 1 + 12 * 8 + 8;
    for (int i = 0; i < current.length; i++) {
      sk[2 * i] = current[i].toCompactByteArray();
      sk[2 * i + 1] = window[i].toCompactByteArray();
      size += 8 + sk[2 * i].length + sk[2 * i + 1].length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(BYTES_VERSION).put((byte) current.length);
    b.putDouble(lastT).putDouble(wShort).putDouble(wLong).putDouble(unanswered);
    b.putDouble(rst).putDouble(fwdPkts).putDouble(fwdBytes).putDouble(fwdBytesSq);
    b.putDouble(bwdBytes).putDouble(bwdBytesSq).putDouble(lastAnswer).putDouble(sameAnswers);
    b.putLong(epoch);
    for (byte[] s : sk) {
      b.putInt(s.length).put(s);
    }
    return b.array();
  }

  /**
   * Reads {@link #toBytes}; a state of another version or shape gives a fresh state (the host's
   * context then restarts, which is what an expiry does too).
   */
  public static HostState fromBytes(byte[] bytes, int dimensions) {
    HostState h = new HostState(dimensions);
    if (bytes == null || bytes.length < 2 || bytes[0] != BYTES_VERSION || bytes[1] != dimensions) {
      return h;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
    h.lastT = b.getDouble();
    h.wShort = b.getDouble();
    h.wLong = b.getDouble();
    h.unanswered = b.getDouble();
    h.rst = b.getDouble();
    h.fwdPkts = b.getDouble();
    h.fwdBytes = b.getDouble();
    h.fwdBytesSq = b.getDouble();
    h.bwdBytes = b.getDouble();
    h.bwdBytesSq = b.getDouble();
    h.lastAnswer = b.getDouble();
    h.sameAnswers = b.getDouble();
    h.epoch = b.getLong();
    for (int i = 0; i < dimensions; i++) {
      h.current[i] = sketch(b);
      h.window[i] = sketch(b);
    }
    return h;
  }

  private static HllSketch sketch(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    // heapify gives the sketch's own type back; copyAs keeps the one updatable type we use
    return HllSketch.heapify(s).copyAs(TgtHllType.HLL_8);
  }
}
