package io.idsspark.capture;

import io.idsspark.errors.IdsException;
import io.idsspark.errors.Messages;
import java.util.Locale;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * Opens a live interface through libpcap, non-blocking: {@link PacketSource#next} returns false at
 * once when no packet is waiting (the caller sleeps briefly, expires idle flows, rotates files).
 */
public final class LiveCapture {
  /** Large enough for any Ethernet/jumbo frame. */
  public static final int SNAPLEN = 65_535;

  /** How long a read waits for a packet before returning control. */
  public static final int READ_TIMEOUT_MILLIS = 200;

  private LiveCapture() {}

  /**
   * Opens {@code iface} in promiscuous mode with an optional BPF filter.
   *
   * @throws IdsException exit 5 naming CAP_NET_RAW/CAP_NET_ADMIN without the capability, exit 3 for
   *     an unknown interface, exit 2 for a filter libpcap cannot compile
   */
  public static PacketSource open(String iface, String bpf) {
    PcapHandle handle;
    try {
      handle =
          new PcapHandle.Builder(iface)
              .snaplen(SNAPLEN)
              .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
              .timeoutMillis(READ_TIMEOUT_MILLIS)
              .immediateMode(true)
              .build();
    } catch (PcapNativeException e) {
      throw mapOpenError(iface, Messages.oneLine(e.getMessage()));
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw IdsException.failed(
          "live capture needs libpcap (apt-get install -y libpcap0.8): " + e.getMessage(), e);
    }
    try {
      // pcap_next can block forever on an idle interface whatever the read timeout (seen with
      // libpcap 1.10 on Linux); non-blocking reads let the caller expire flows, stop at the
      // deadline and react to Ctrl-C
      handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
    } catch (PcapNativeException | NotOpenException e) {
      handle.close();
      throw IdsException.input("cannot capture on " + iface + ": " + e.getMessage());
    }
    if (bpf != null && !bpf.isBlank()) {
      try {
        handle.setFilter(bpf, BpfProgram.BpfCompileMode.OPTIMIZE);
      } catch (PcapNativeException | NotOpenException e) {
        handle.close();
        throw IdsException.usage(
            "--bpf \""
                + bpf
                + "\": libpcap cannot compile it: "
                + Messages.oneLine(e.getMessage()));
      }
    }
    return new LibpcapSource(handle, true);
  }

  /** libpcap's activation error to the user's problem. */
  static IdsException mapOpenError(String iface, String msg) {
    String m = msg.toLowerCase(Locale.ROOT);
    if (m.contains("permission") || m.contains("not permitted") || m.contains("eperm")) {
      return IdsException.permission(
          "live capture on "
              + iface
              + " needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities: run as root, or grant them"
              + " (setcap cap_net_raw,cap_net_admin=eip <java binary>); libpcap said: "
              + msg);
    }
    if (m.contains("no such device") || m.contains("doesn't exist") || m.contains("no such")) {
      return IdsException.input("no such network interface '" + iface + "' (libpcap: " + msg + ")");
    }
    return IdsException.input("cannot capture on " + iface + ": " + msg);
  }
}
