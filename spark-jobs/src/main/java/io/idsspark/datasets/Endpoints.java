package io.idsspark.datasets;

/** Identity of the flow being simulated: who talks to whom, when it starts (set by simulators). */
final class Endpoints {
  String srcIp;
  String dstIp;
  int srcPort;
  int dstPort;
  long startMicros;

  void set(String src, int sport, String dst, int dport) {
    srcIp = src;
    srcPort = sport;
    dstIp = dst;
    dstPort = dport;
  }
}
