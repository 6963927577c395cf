package io.idsspark.spark;

import java.math.BigInteger;

/**
 * Writes a double as text the way {@link Double#toString(double)} lays it out ({@code 7.0}, {@code
 * 0.0625}, {@code 1.25E-5}, {@code 1.0E7}), with the shortest digits that read back as the same
 * double, several times faster than Java 17's {@code Double.toString}: the scored lines with host
 * context carry 20 doubles each, and their formatting was a tenth of {@code score}'s time.
 *
 * <p>The digits come from the Schubfach method (R. Giulietti, "The Schubfach way to render
 * doubles", 2020; also what Java 19 and later use): scale the value and the two ends of its
 * rounding interval by a power of ten chosen so that the interval holds one or two integers, with
 * 126-bit approximations of the powers of ten (built here once, from {@link BigInteger}), and pick
 * the shorter, then the closer one. Java 17's own algorithm is not always the shortest, so in rare
 * cases the digits differ from {@code Double.toString}'s; both read back as the same double.
 * Subnormal values go to {@code Double.toString}.
 */
public final class DoubleText {
  private DoubleText() {}

  private static final int K_MIN = -324;
  private static final int K_MAX = 292;
  private static final long C_MIN = 1L << 52;
  private static final long MASK_63 = (1L << 63) - 1;

  /** g(k) = floor(10^-k * 2^(125 - floor(log2(10^-k)))) + 1, split into 63-bit halves. */
  private static final long[] G = table();

  private static long[] table() {
    long[] g = new long[2 * (K_MAX - K_MIN + 1)];
    for (int k = K_MIN; k <= K_MAX; k++) {
      int e = -k;
      int shift = 125 - flog2pow10(e);
      BigInteger v;
      if (e >= 0) {
        BigInteger p = BigInteger.TEN.pow(e);
        v = shift >= 0 ? p.shiftLeft(shift) : p.shiftRight(-shift);
      } else {
        v = BigInteger.ONE.shiftLeft(shift).divide(BigInteger.TEN.pow(-e));
      }
      v = v.add(BigInteger.ONE);
      if (v.bitLength() != 126) {
        throw new IllegalStateException("power of ten 10^" + e + " out of range");
      }
      int i = 2 * (k - K_MIN);
      g[i] = v.shiftRight(63).longValue();
      g[i + 1] = v.longValue() & MASK_63;
    }
    return g;
  }

  /** floor(e * log10(2)), for |e| <= 5,000. */
  static int flog10pow2(int e) {
    return (int) (e * 661_971_961_083L >> 41);
  }

  /** floor(log10(3/4 * 2^e)), for |e| <= 5,000. */
  static int flog10threeQuartersPow2(int e) {
    return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
  }

  /** floor(e * log2(10)), for |e| <= 1,000. */
  static int flog2pow10(int e) {
    return (int) (e * 913_124_641_741L >> 38);
  }

  /** {@code v} as {@link Double#toString(double)} lays it out, with the shortest digits. */
  public static String of(double v) {
    return append(new StringBuilder(24), v).toString();
  }

  /** Appends {@code v} to {@code out} as {@link #of} writes it; returns {@code out}. */
  public static StringBuilder append(StringBuilder out, double v) {
    long bits = Double.doubleToRawLongBits(v);
    int bq = (int) (bits >>> 52) & 0x7FF;
    long t = bits & (C_MIN - 1);
    if (bq == 0x7FF || bq == 0) {
      // NaN, infinities, zeros and subnormals: rare here, left to the JDK
      return out.append(v);
    }
    if (bits < 0) {
      out.append('-');
    }
    int q = bq - 1075;
    long c = C_MIN | t;
    if (q <= 0 && q > -53) {
      long f = c >> -q;
      if (f << -q == c) {
        return chars(out, f, 0); // an integer below 2^53: its own digits
      }
    }
    int out1 = (int) c & 1;
    long cb = c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != C_MIN) {
      cbl = cb - 2;
      k = flog10pow2(q);
    } else {
      // at a power of two the interval below is half as wide
      cbl = cb - 1;
      k = flog10threeQuartersPow2(q);
    }
    int h = q + flog2pow10(-k) + 2;
    int i = 2 * (k - K_MIN);
    long g1 = G[i];
    long g0 = G[i + 1];
    long vb = rop(g1, g0, cb << h);
    long vbl = rop(g1, g0, cbl << h);
    long vbr = rop(g1, g0, cbr << h);
    long s = vb >> 2;
    if (s >= 100) {
      // one digit fewer, when exactly one multiple of ten lies in the interval
      long sp10 = s / 10 * 10;
      long tp10 = sp10 + 10;
      boolean upin = vbl + out1 <= sp10 << 2;
      boolean wpin = (tp10 << 2) + out1 <= vbr;
      if (upin != wpin) {
        return chars(out, upin ? sp10 : tp10, k);
      }
    }
    long u = s + 1;
    boolean uin = vbl + out1 <= s << 2;
    boolean win = (u << 2) + out1 <= vbr;
    if (uin != win) {
      return chars(out, uin ? s : u, k);
    }
    long cmp = vb - (s + u << 1);
    return chars(out, cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : u, k);
  }

  /** floor(g * cp / 2^127), rounded to odd (lowest bit set when anything was cut off). */
  private static long rop(long g1, long g0, long cp) {
    long x1 = Math.multiplyHigh(g0, cp);
    long y0 = g1 * cp;
    long y1 = Math.multiplyHigh(g1, cp);
    long z = (y0 >>> 1) + x1;
    long vbp = y1 + (z >>> 63);
    return vbp | (z & MASK_63) + MASK_63 >>> 63;
  }

  private static final long[] POW10 = powers();

  private static long[] powers() {
    long[] p = new long[19];
    p[0] = 1;
    for (int i = 1; i < p.length; i++) {
      p[i] = p[i - 1] * 10;
    }
    return p;
  }

  /** Appends the positive value f * 10^e in Double.toString's layout. */
  private static StringBuilder chars(StringBuilder out, long f, int e) {
    while (f % 10 == 0) {
      f /= 10;
      e++;
    }
    int len = 1;
    while (len < 19 && f >= POW10[len]) {
      len++;
    }
    int exp = len + e - 1; // the decimal exponent of the first digit
    if (exp >= -3 && exp < 7) {
      if (exp >= 0) {
        // integer part: the first exp + 1 digits, zeros when f has fewer
        int intDigits = exp + 1;
        if (len <= intDigits) {
          out.append(f);
          for (int z = len; z < intDigits; z++) {
            out.append('0');
          }
          return out.append(".0");
        }
        long p = POW10[len - intDigits];
        out.append(f / p).append('.');
        return fraction(out, f % p, len - intDigits);
      }
      out.append("0.");
      for (int z = -1; z > exp; z--) {
        out.append('0');
      }
      return out.append(f);
    }
    long p = POW10[len - 1];
    out.append(f / p).append('.');
    if (len == 1) {
      out.append('0');
    } else {
      fraction(out, f % p, len - 1);
    }
    return out.append('E').append(exp);
  }

  /** Appends {@code r} as exactly {@code digits} digits (leading zeros kept). */
  private static StringBuilder fraction(StringBuilder out, long r, int digits) {
    for (int d = digits - 1; d > 0 && r < POW10[d]; d--) {
      out.append('0');
    }
    return out.append(r);
  }
}
