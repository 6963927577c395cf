package io.idsspark.capture;

import java.io.IOException;

/** A capture file that is not (or no longer) a readable pcap/pcapng; the message says why. */
public final class CaptureFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public CaptureFormatException(String message) {
    super(message);
  }

  public CaptureFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
