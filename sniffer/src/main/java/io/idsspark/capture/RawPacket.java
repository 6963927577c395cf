package io.idsspark.capture;

/**
 * One captured record as a view into a reader's buffer: valid only until the reader's next call.
 * Mutable and reused, so the hot path allocates nothing per packet.
 */
public final class RawPacket {
  /** Bytes of the record; the frame starts at {@link #offset}. */
  public byte[] data;

  public int offset;

  /** Bytes captured (may be less than {@link #wireLength} when the snap length cut the frame). */
  public int capturedLength;

  /** Bytes the frame had on the wire. */
  public int wireLength;

  /** Capture time, microseconds since the Unix epoch (UTC). */
  public long timestampMicros;

  /** LINKTYPE_* of this record (pcapng files may mix link types). */
  public int linkType;

  /** Set by a reader when the record's timestamp fraction was out of range. */
  public boolean badTimestamp;

  /** Sets every field; returns this. */
  public RawPacket set(
      long timestampMicros, byte[] data, int offset, int capturedLength, int wireLength, int link) {
    this.timestampMicros = timestampMicros;
    this.data = data;
    this.offset = offset;
    this.capturedLength = capturedLength;
    this.wireLength = wireLength;
    this.linkType = link;
    this.badTimestamp = false;
    return this;
  }
}
