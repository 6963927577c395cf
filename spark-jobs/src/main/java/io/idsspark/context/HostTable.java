package io.idsspark.context;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The hosts of one hash bucket and their {@link HostState}s: what bounds the context's memory. Each
 * host (a source address, or a service) falls in one of {@link #BUCKETS} buckets by a hash of its
 * key; a bucket holds at most {@link #SLOTS} hosts. A new host in a full bucket takes the place of
 * the host whose last flow is the oldest (ties: the smaller key), so at most {@link #MAX_HOSTS}
 * hosts per key kind are tracked, whatever arrives (a spoofed flood from millions of addresses
 * included). The batch path and the stream run the same table over a bucket's flows in the context
 * order, so they evict alike; an eviction of a host still within its expiry loses that host's
 * context and is counted.
 *
 * <p>In the stream a bucket is stored as a small index (each host's key and last time, {@link
 * #indexBytes}) and one state entry per host, loaded only when the host has a flow: a bucket's
 * micro-batch rewrites the index and the hosts it touched, not the other hosts' states.
 */
final class HostTable {
  /** Hosts per bucket. */
  static final int SLOTS = 16;

  /** Buckets per key kind. */
  static final int BUCKETS = 1 << 16;

  /** Hosts tracked per key kind at most: {@link #BUCKETS} x {@link #SLOTS}. */
  static final long MAX_HOSTS = (long) BUCKETS * SLOTS;

  /** Layout of {@link #indexBytes}; an index of another version starts the bucket afresh. */
  static final byte INDEX_VERSION = 1;

  /** One host: its last context time, and its state once loaded (or made). */
  private static final class Slot {
    double lastTime;
    HostState state;
    boolean touched;

    double last() {
      return state != null && !state.isEmpty() ? state.lastTime() : lastTime;
    }
  }

  private final int dimensions;
  private final int slots;
  private final Function<String, byte[]> loader;
  private final Map<String, Slot> hosts = new LinkedHashMap<>();
  private final List<String> evicted = new ArrayList<>();
  private boolean lostLiveHost;

  /**
   * An empty table whose hosts live in memory (the batch path).
   *
   * @param dimensions distinct-count dimensions of each host ({@link HostState})
   * @param slots hosts the bucket holds at most (tests use a few; {@link #SLOTS} otherwise)
   */
  HostTable(int dimensions, int slots) {
    this(dimensions, slots, k -> null);
  }

  private HostTable(int dimensions, int slots, Function<String, byte[]> loader) {
    this.dimensions = dimensions;
    this.slots = slots;
    this.loader = loader;
  }

  /**
   * A stored bucket: its index ({@link #indexBytes}; null for a new bucket) and the loader of one
   * host's state bytes ({@link HostState#toBytes}; null when the store has lost it, e.g. by its
   * time to live: the host then starts afresh).
   */
  static HostTable fromIndex(
      byte[] index, int dimensions, int slots, Function<String, byte[]> loader) {
    HostTable t = new HostTable(dimensions, slots, loader);
    if (index == null || index.length < 5 || index[0] != INDEX_VERSION) {
      return t;
    }
    ByteBuffer b = ByteBuffer.wrap(index, 1, index.length - 1);
    int n = b.getInt();
    for (int k = 0; k < n; k++) {
      byte[] key = new byte[b.getInt()];
      b.get(key);
      Slot s = new Slot();
      s.lastTime = b.getDouble();
      t.hosts.put(new String(key, StandardCharsets.UTF_8), s);
    }
    return t;
  }

  /**
   * The state of host {@code key} for a flow at context time {@code t}: its own, or a new one,
   * evicting the host seen longest ago when the bucket is full. {@link #evictedLive} then says
   * whether that host was still within its expiry.
   */
  HostState stateOf(String key, double t) {
    lostLiveHost = false;
    Slot s = hosts.get(key);
    if (s == null) {
      if (hosts.size() >= slots) {
        evictOldest(t);
      }
      s = new Slot();
      s.lastTime = Double.NaN;
      s.state = new HostState(dimensions);
      hosts.put(key, s);
      evicted.remove(key); // evicted earlier in this round and back: stored afresh
    } else if (s.state == null) {
      byte[] stored = loader.apply(key);
      s.state =
          stored == null ? new HostState(dimensions) : HostState.fromBytes(stored, dimensions);
    }
    s.touched = true;
    return s.state;
  }

  /** Whether the last {@link #stateOf} evicted a host whose context was still live. */
  boolean evictedLive() {
    return lostLiveHost;
  }

  /** Hosts held. */
  int size() {
    return hosts.size();
  }

  /** Each host's last context time (hosts that have counted a flow). */
  Map<String, Double> lastTimes() {
    Map<String, Double> m = new java.util.HashMap<>();
    hosts.forEach(
        (k, s) -> {
          if (!Double.isNaN(s.last())) {
            m.put(k, s.last());
          }
        });
    return m;
  }

  private void evictOldest(double t) {
    String victim = null;
    double oldest = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, Slot> e : hosts.entrySet()) {
      double last =
          Double.isNaN(e.getValue().last()) ? Double.NEGATIVE_INFINITY : e.getValue().last();
      if (victim == null || last < oldest || (last == oldest && e.getKey().compareTo(victim) < 0)) {
        victim = e.getKey();
        oldest = last;
      }
    }
    hosts.remove(victim);
    evicted.add(victim);
    lostLiveHost = Math.abs(t - oldest) <= HostState.EXPIRY_SECONDS;
  }

  /** The bucket's index for the store: each host's key (UTF-8) and last context time. */
  byte[] indexBytes() {
    List<byte[]> keys = new ArrayList<>(hosts.size());
    int size = 1 + 4;
    for (String k : hosts.keySet()) {
      byte[] kb = k.getBytes(StandardCharsets.UTF_8);
      keys.add(kb);
      size += 4 + kb.length + 8;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(INDEX_VERSION).putInt(keys.size());
    int i = 0;
    for (Slot s : hosts.values()) {
      byte[] kb = keys.get(i++);
      b.putInt(kb.length).put(kb).putDouble(s.last());
    }
    return b.array();
  }

  /** The hosts whose state changed since the table was read, with their state's bytes. */
  Map<String, byte[]> touchedStates() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    hosts.forEach(
        (k, s) -> {
          if (s.touched && !s.state.isEmpty()) {
            m.put(k, s.state.toBytes());
          }
        });
    return m;
  }

  /** The hosts evicted since the table was read (their stored states are to be removed). */
  List<String> evictedKeys() {
    return List.copyOf(evicted);
  }
}
