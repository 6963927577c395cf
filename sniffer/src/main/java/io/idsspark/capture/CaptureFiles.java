package io.idsspark.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens capture files by their magic number: classic pcap and pcapng with the pure-Java readers,
 * anything else through libpcap (which knows a few rarer variants) and otherwise a clear error.
 */
public final class CaptureFiles {
  private CaptureFiles() {}

  /**
   * Opens a local capture file.
   *
   * @throws CaptureFormatException when it is neither pcap nor pcapng nor readable by libpcap
   */
  public static PacketSource open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      PacketSource s = open(in, true);
      if (s != null) {
        return s;
      }
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    in.close();
    return LibpcapSource.openFile(file.toString());
  }

  /**
   * Opens a local capture file through libpcap (slower; for comparison and for variants only
   * libpcap knows).
   */
  public static PacketSource openWithLibpcap(Path file) throws IOException {
    return LibpcapSource.openFile(file.toString());
  }

  /**
   * Opens a capture from a stream (any file system); returns null for an unknown magic when {@code
   * allowFallback}, else throws.
   */
  public static PacketSource open(InputStream raw, boolean allowFallback) throws IOException {
    InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
    in.mark(8);
    byte[] m = in.readNBytes(4);
    in.reset();
    if (m.length < 4) {
      throw new CaptureFormatException(
          "empty or too short to be a capture (" + m.length + " bytes)");
    }
    long be = PacketParser.u32(m, 0);
    long le = Long.reverseBytes(be) >>> 32;
    if (be == ClassicPcapReader.MAGIC_MICRO
        || be == ClassicPcapReader.MAGIC_NANO
        || le == ClassicPcapReader.MAGIC_MICRO
        || le == ClassicPcapReader.MAGIC_NANO) {
      return new ClassicPcapReader(in);
    }
    if (be == PcapNgReader.SHB) {
      return new PcapNgReader(in);
    }
    if (allowFallback) {
      return null;
    }
    throw new CaptureFormatException(String.format("not a pcap or pcapng file (magic 0x%08x)", be));
  }

  /**
   * A file, or the capture files in a folder (sorted, not recursive; hidden files and files that do
   * not end in .pcap, .pcapng, .cap, .dmp or .gz-less variants skipped).
   */
  public static List<Path> expand(Path fileOrDir) throws IOException {
    if (!Files.isDirectory(fileOrDir)) {
      return List.of(fileOrDir);
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(fileOrDir)) {
      s.filter(Files::isRegularFile)
          .filter(CaptureFiles::looksLikeCapture)
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  static boolean looksLikeCapture(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return !n.startsWith(".")
        && (n.endsWith(".pcap")
            || n.endsWith(".pcapng")
            || n.endsWith(".cap")
            || n.endsWith(".dmp"));
  }
}
