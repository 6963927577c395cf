package io.idsspark.synthetic;

/**
 * Identity of the flow being simulated: who talks to whom, when it starts (set by simulators). IPv4
 * addresses are packed in an int, as on the wire; the flow engine formats them.
 */
final class Endpoints {
  int srcIp;
  int dstIp;
  int srcPort;
  int dstPort;
  long startMicros;

  void set(int src, int sport, int dst, int dport) {
    srcIp = src;
    srcPort = sport;
    dstIp = dst;
    dstPort = dport;
  }
}
