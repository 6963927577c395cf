# Sourced by the sniffer benchmarks: the >= 5M-packet classic pcap they read, built once from natural sessions of
# real captures (ssh, mptcp, AFS with fragments, http, dns, pptp, scans: ~9 packets per flow).
#   bench_mix DIR PACKETS SRC_DIR   -> prints the pcap's path (DIR/mix-PACKETS.pcap), building it if missing
bench_mix() {
  local dir="$1" packets="$2" src="$3" mix="$1/mix-$2.pcap" inputs=()
  for f in tcpdump__ssh.pcap tcpdump__mptcp-v0.pcap tcpdump__afs.pcap gopacket__test_ethernet.pcap \
           gopacket__test_dns.pcap tcpdump__dns_tcp.pcap tcpdump__pptp.pcap chrissanders__portscan.pcap \
           chrissanders__ipfragments.pcap esnet__nmap_80_vanilla.pcap tcpdump__dns_udp.pcap; do
    [[ -f "$src/$f" ]] && inputs+=("$src/$f")
  done
  [[ -f "$mix" ]] || java "$IDS_ROOT/scripts/bench/GenPcap.java" mix "$mix" "$packets" "${inputs[@]}" >&2
  echo "$mix"
}
