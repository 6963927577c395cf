#!/usr/bin/env python3
"""Labels the sniffer's flows of a scripts/capture-attacks run by source address and phase.

  label.py FLOWS_DIR PHASES_TSV VICTIM_IP OUT_CSV

A flow belongs to the phase whose time window (start - 1 s .. end + 2 s) holds its start and whose sources hold its
source address (an address, or a network such as 10.203.0.0/16). Phases named benign* or busy* are benign. Adds the
columns `phase` (the phase, `reply` for flows the victim started towards a phase's source, e.g. its ICMP errors, or
`unlabelled`), `label` (1 for an attack phase's flows, else 0) and `attack_type` (the phase for attack flows, `benign`
for benign ones, `reply` or `unlabelled`). Prints the flows per phase.
"""
import collections
import csv
import datetime
import glob
import ipaddress
import sys

BENIGN = ("benign", "busy")


def parse_time(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def main():
    flows_dir, phases_tsv, victim, out = sys.argv[1:5]
    phases = []
    with open(phases_tsv) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            nets = [ipaddress.ip_network(s if "/" in s else s + "/32") for s in r["sources"].split(",")]
            phases.append((r["phase"], nets, float(r["start"]) - 1, float(r["end"]) + 2))
    files = sorted(glob.glob(flows_dir + "/*.csv"))
    if not files:
        sys.exit("label.py: no flow files in " + flows_dir)
    counts = collections.Counter()
    header = None
    with open(out, "w", newline="") as o:
        w = csv.writer(o, lineterminator="\n")
        for path in files:
            with open(path) as f:
                rd = csv.reader(f)
                h = next(rd)
                if header is None:
                    header = h
                    w.writerow(h + ["phase", "label", "attack_type"])
                elif h != header:
                    sys.exit("label.py: %s: its columns differ from the first file's" % path)
                ts, src, dst = h.index("timestamp"), h.index("src_ip"), h.index("dst_ip")
                for row in rd:
                    t = parse_time(row[ts])
                    s = ipaddress.ip_address(row[src])
                    d = ipaddress.ip_address(row[dst])
                    phase, label, kind = "unlabelled", 0, "unlabelled"
                    for name, nets, a, b in phases:
                        if not a <= t <= b:
                            continue
                        if any(s in n for n in nets):
                            benign = name.startswith(BENIGN)
                            phase, label, kind = name, 0 if benign else 1, "benign" if benign else name
                            break
                        if str(s) == victim and any(d in n for n in nets):
                            phase, label, kind = "reply", 0, "reply"
                            break
                    counts[phase] += 1
                    w.writerow(row + [phase, label, kind])
    for name, n in sorted(counts.items()):
        print("  %-18s %7d flows" % (name, n))
    print("labelled: " + out)


if __name__ == "__main__":
    main()
