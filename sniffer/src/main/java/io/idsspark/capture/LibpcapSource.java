package io.idsspark.capture;

import io.idsspark.errors.Messages;
import java.io.EOFException;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;

/**
 * Packets through libpcap (pcap4j), raw bytes only: used for live capture and as the fallback for
 * files the pure-Java readers do not recognise. One native call per packet, so several times slower
 * than {@link ClassicPcapReader}.
 */
final class LibpcapSource implements PacketSource {
  private final PcapHandle handle;
  private final boolean live;
  private final int linkType;

  LibpcapSource(PcapHandle handle, boolean live) {
    this.handle = handle;
    this.live = live;
    this.linkType = handle.getDlt().value();
  }

  /** Opens a capture file with libpcap; the exception carries libpcap's own message. */
  static LibpcapSource openFile(String path) throws CaptureFormatException {
    try {
      return new LibpcapSource(Pcaps.openOffline(path, PcapHandle.TimestampPrecision.NANO), false);
    } catch (PcapNativeException e) {
      throw new CaptureFormatException(
          "libpcap cannot read it: " + Messages.oneLine(e.getMessage()), e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new CaptureFormatException(
          "libpcap is not installed (apt-get install -y libpcap0.8): "
              + Messages.oneLine(e.getMessage()));
    }
  }

  PcapHandle handle() {
    return handle;
  }

  @Override
  public long capturedDrops() {
    if (!live) {
      return -1;
    }
    try {
      return handle.getStats().getNumPacketsDropped();
    } catch (Exception | UnsatisfiedLinkError e) {
      return -1;
    }
  }

  @Override
  public boolean next(RawPacket p) throws IOException {
    try {
      byte[] bytes = live ? handle.getNextRawPacket() : handle.getNextRawPacketEx();
      if (bytes == null) {
        return false; // live: read timeout without a packet
      }
      Timestamp ts = handle.getTimestamp();
      long micros = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000L + ts.getNanos() / 1000;
      Integer orig = handle.getOriginalLength();
      p.set(micros, bytes, 0, bytes.length, orig == null ? bytes.length : orig, linkType);
      return true;
    } catch (EOFException e) {
      return false;
    } catch (TimeoutException e) {
      return false;
    } catch (PcapNativeException e) {
      throw new CaptureFormatException("libpcap: " + Messages.oneLine(e.getMessage()), e);
    } catch (NotOpenException e) {
      throw new IOException("capture handle closed", e);
    }
  }

  @Override
  public void close() {
    if (handle.isOpen()) {
      handle.close();
    }
  }
}
