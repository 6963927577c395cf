package io.idsspark.context;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hosts of one hash bucket and their {@link HostState}s: what bounds the context's memory. Each
 * host (a source address, or a service) falls in one of {@link #BUCKETS} buckets by a hash of its
 * key; a bucket holds at most {@link #SLOTS} hosts. A new host in a full bucket takes the place of
 * the host whose last flow is the oldest (ties: the smaller key), so at most {@link #MAX_HOSTS}
 * hosts per key kind are tracked, whatever arrives (a spoofed flood from millions of addresses
 * included). The batch path and the stream run the same table over a bucket's flows in the context
 * order, so they evict alike; an eviction of a host still within its expiry loses that host's
 * context and is counted.
 */
final class HostTable {
  /** Hosts per bucket. */
  static final int SLOTS = 16;

  /** Buckets per key kind. */
  static final int BUCKETS = 1 << 16;

  /** Hosts tracked per key kind at most: {@link #BUCKETS} x {@link #SLOTS}. */
  static final long MAX_HOSTS = (long) BUCKETS * SLOTS;

  /** Layout of {@link #toBytes}; a state of another version starts afresh. */
  static final byte BYTES_VERSION = 1;

  private final int dimensions;
  private final int slots;
  private final Map<String, HostState> hosts = new LinkedHashMap<>();
  private boolean lostLiveHost;

  /**
   * @param dimensions distinct-count dimensions of each host ({@link HostState})
   * @param slots hosts the bucket holds at most (tests use a few; {@link #SLOTS} otherwise)
   */
  HostTable(int dimensions, int slots) {
    this.dimensions = dimensions;
    this.slots = slots;
  }

  /**
   * The state of host {@code key} for a flow at context time {@code t}: its own, or a new one,
   * evicting the host seen longest ago when the bucket is full. {@link #evictedLive} then says
   * whether that host was still within its expiry.
   */
  HostState stateOf(String key, double t) {
    lostLiveHost = false;
    HostState h = hosts.get(key);
    if (h != null) {
      return h;
    }
    if (hosts.size() >= slots) {
      evictOldest(t);
    }
    h = new HostState(dimensions);
    hosts.put(key, h);
    return h;
  }

  /** Whether the last {@link #stateOf} evicted a host whose context was still live. */
  boolean evictedLive() {
    return lostLiveHost;
  }

  /** Each host's last context time (hosts that have counted a flow). */
  Map<String, Double> lastTimes() {
    Map<String, Double> m = new java.util.HashMap<>();
    hosts.forEach(
        (k, h) -> {
          if (!h.isEmpty()) {
            m.put(k, h.lastTime());
          }
        });
    return m;
  }

  /**
   * Drops the hosts whose last flow is more than {@code ageSeconds} older than the newest host's
   * (and hosts that never counted one).
   */
  void dropStale(double ageSeconds) {
    double newest = Double.NEGATIVE_INFINITY;
    for (HostState h : hosts.values()) {
      if (!h.isEmpty()) {
        newest = Math.max(newest, h.lastTime());
      }
    }
    double limit = newest - ageSeconds;
    hosts.values().removeIf(h -> h.isEmpty() || h.lastTime() < limit);
  }

  /** Hosts held. */
  int size() {
    return hosts.size();
  }

  private void evictOldest(double t) {
    String victim = null;
    double oldest = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, HostState> e : hosts.entrySet()) {
      double last = e.getValue().isEmpty() ? Double.NEGATIVE_INFINITY : e.getValue().lastTime();
      if (victim == null || last < oldest || (last == oldest && e.getKey().compareTo(victim) < 0)) {
        victim = e.getKey();
        oldest = last;
      }
    }
    hosts.remove(victim);
    lostLiveHost = Math.abs(t - oldest) <= HostState.EXPIRY_SECONDS;
  }

  /** The table as bytes for the state store: per host its key (UTF-8) and its state's bytes. */
  byte[] toBytes() {
    byte[][] keys = new byte[hosts.size()][];
    byte[][] states = new byte[hosts.size()][];
    int size = 1 + 4;
    int i = 0;
    for (Map.Entry<String, HostState> e : hosts.entrySet()) {
      keys[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
      states[i] = e.getValue().toBytes();
      size += 8 + keys[i].length + states[i].length;
      i++;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(BYTES_VERSION).putInt(keys.length);
    for (int k = 0; k < keys.length; k++) {
      b.putInt(keys[k].length).put(keys[k]).putInt(states[k].length).put(states[k]);
    }
    return b.array();
  }

  /** Reads {@link #toBytes}; null, another version or a damaged table gives an empty table. */
  static HostTable fromBytes(byte[] bytes, int dimensions, int slots) {
    HostTable t = new HostTable(dimensions, slots);
    if (bytes == null || bytes.length < 5 || bytes[0] != BYTES_VERSION) {
      return t;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    int n = b.getInt();
    for (int k = 0; k < n; k++) {
      byte[] key = new byte[b.getInt()];
      b.get(key);
      byte[] state = new byte[b.getInt()];
      b.get(state);
      t.hosts.put(new String(key, StandardCharsets.UTF_8), HostState.fromBytes(state, dimensions));
    }
    return t;
  }
}
