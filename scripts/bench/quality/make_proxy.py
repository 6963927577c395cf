"""Rewrites the improved CSE-CIC-IDS2018 toy set into the ORIGINAL 80-column CSE-CIC-IDS2018 layout: the
"original-layout proxy" of CONTRACTS.md (the only real original-layout attack rows here are two).

Usage: /usr/bin/python3 scripts/bench/quality/make_proxy.py OUT.csv

What the proxy keeps and changes (so that prepare-cic reads it exactly like a real 2018 day file):
- the original header (from original_format_excerpt_Thursday-01-03-2018_7rows.csv) and column order;
- times stay in microseconds; rates printed as Infinity / NaN where duration is 0 (as CIC's tool did);
- Timestamp as dd/MM/yyyy hh:mm:ss, 12-hour clock without AM/PM (the 2018 quirk);
- Init Bwd Win Byts / Init Fwd Win Byts: -1 where the improved set has -1;
- Subflow columns = totals (what the 2018 CSVs show); bulk columns 0 (2018-era tool);
- flag columns: the 2018 files describe only the first packet in a permuted order; the improved set counts every
  packet, so the proxy writes min(count, 1) of each flag into the column that the 2018 permutation puts it in
  (FIN -> 'URG Flag Cnt', SYN -> 'PSH Flag Cnt', RST -> 'FIN Flag Cnt', PSH -> 'SYN Flag Cnt', ACK -> 'ACK Flag Cnt',
  URG -> 'CWE Flag Count', CWR -> 'ECE Flag Cnt', ECE -> 'RST Flag Cnt'). "Has the flag anywhere in the flow" is not
  "first packet has it": these columns are NOT comparable and the quality recipe does not use them;
- labels in the 2018 spellings (Benign, DoS attacks-Hulk, DDOS attack-HOIC, ...); columns the original lacks
  (id, Flow ID, IPs, Src Port, RST flags per direction, ICMP, Total TCP Flow Time, Attempted Category) dropped.
"""
import csv
import datetime
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import cicdata  # noqa: E402

LABELS = {"BENIGN": "Benign", "DoS Hulk": "DoS attacks-Hulk", "DDoS-HOIC": "DDOS attack-HOIC",
          "DDoS-LOIC-HTTP": "DDoS attacks-LOIC-HTTP", "Botnet Ares": "Bot", "SSH-BruteForce": "SSH-Bruteforce",
          "Infiltration - NMAP Portscan": "Infilteration", "DoS GoldenEye": "DoS attacks-GoldenEye",
          "DoS Slowloris": "DoS attacks-Slowloris", "DDoS-LOIC-UDP": "DDOS attack-LOIC-UDP"}
# original column -> improved column (same meaning and unit)
SAME = {"Dst Port": "Dst Port", "Protocol": "Protocol", "Flow Duration": "Flow Duration",
        "Tot Fwd Pkts": "Total Fwd Packet", "Tot Bwd Pkts": "Total Bwd packets",
        "TotLen Fwd Pkts": "Total Length of Fwd Packet", "TotLen Bwd Pkts": "Total Length of Bwd Packet",
        "Fwd Pkt Len Max": "Fwd Packet Length Max", "Fwd Pkt Len Min": "Fwd Packet Length Min",
        "Fwd Pkt Len Mean": "Fwd Packet Length Mean", "Fwd Pkt Len Std": "Fwd Packet Length Std",
        "Bwd Pkt Len Max": "Bwd Packet Length Max", "Bwd Pkt Len Min": "Bwd Packet Length Min",
        "Bwd Pkt Len Mean": "Bwd Packet Length Mean", "Bwd Pkt Len Std": "Bwd Packet Length Std",
        "Flow IAT Mean": "Flow IAT Mean", "Flow IAT Std": "Flow IAT Std", "Flow IAT Max": "Flow IAT Max",
        "Flow IAT Min": "Flow IAT Min", "Fwd IAT Tot": "Fwd IAT Total", "Fwd IAT Mean": "Fwd IAT Mean",
        "Fwd IAT Std": "Fwd IAT Std", "Fwd IAT Max": "Fwd IAT Max", "Fwd IAT Min": "Fwd IAT Min",
        "Bwd IAT Tot": "Bwd IAT Total", "Bwd IAT Mean": "Bwd IAT Mean", "Bwd IAT Std": "Bwd IAT Std",
        "Bwd IAT Max": "Bwd IAT Max", "Bwd IAT Min": "Bwd IAT Min", "Fwd PSH Flags": "Fwd PSH Flags",
        "Bwd PSH Flags": "Bwd PSH Flags", "Fwd URG Flags": "Fwd URG Flags", "Bwd URG Flags": "Bwd URG Flags",
        "Fwd Header Len": "Fwd Header Length", "Bwd Header Len": "Bwd Header Length",
        "Fwd Pkts/s": "Fwd Packets/s", "Bwd Pkts/s": "Bwd Packets/s", "Pkt Len Min": "Packet Length Min",
        "Pkt Len Max": "Packet Length Max", "Pkt Len Mean": "Packet Length Mean", "Pkt Len Std": "Packet Length Std",
        "Pkt Len Var": "Packet Length Variance", "Down/Up Ratio": "Down/Up Ratio",
        "Pkt Size Avg": "Average Packet Size", "Fwd Seg Size Avg": "Fwd Segment Size Avg",
        "Bwd Seg Size Avg": "Bwd Segment Size Avg", "Subflow Fwd Pkts": "Total Fwd Packet",
        "Subflow Fwd Byts": "Total Length of Fwd Packet", "Subflow Bwd Pkts": "Total Bwd packets",
        "Subflow Bwd Byts": "Total Length of Bwd Packet", "Init Fwd Win Byts": "FWD Init Win Bytes",
        "Init Bwd Win Byts": "Bwd Init Win Bytes", "Fwd Act Data Pkts": "Fwd Act Data Pkts",
        "Fwd Seg Size Min": "Fwd Seg Size Min", "Active Mean": "Active Mean", "Active Std": "Active Std",
        "Active Max": "Active Max", "Active Min": "Active Min", "Idle Mean": "Idle Mean", "Idle Std": "Idle Std",
        "Idle Max": "Idle Max", "Idle Min": "Idle Min"}
FLAGS = {"URG Flag Cnt": "FIN Flag Count", "PSH Flag Cnt": "SYN Flag Count", "FIN Flag Cnt": "RST Flag Count",
         "SYN Flag Cnt": "PSH Flag Count", "ACK Flag Cnt": "ACK Flag Count", "CWE Flag Count": "URG Flag Count",
         "ECE Flag Cnt": "CWR Flag Count", "RST Flag Cnt": "ECE Flag Count"}
ZERO = {"Fwd Byts/b Avg", "Fwd Pkts/b Avg", "Fwd Blk Rate Avg", "Bwd Byts/b Avg", "Bwd Pkts/b Avg",
        "Bwd Blk Rate Avg"}


def fmt(v):
    f = float(v)
    return str(int(f)) if f == int(f) and abs(f) < 1e15 else repr(f)


def main(out):
    # the original 80-column layout's header, from the excerpt the project ships in data/cic/
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
    orig = os.path.join(root, "data", "cic", "original_format_excerpt_Thursday-01-03-2018_7rows.csv")
    with open(orig, newline="") as f:
        header = next(csv.reader(f))
    with open(cicdata.toy_path(), newline="") as f:
        r = csv.reader(f)
        h = next(r)
        ix = {c: i for i, c in enumerate(h)}
        rows = list(r)
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for x in rows:
            dur = float(x[ix["Flow Duration"]])
            by = float(x[ix["Total Length of Fwd Packet"]]) + float(x[ix["Total Length of Bwd Packet"]])
            ts = datetime.datetime.strptime(x[ix["Timestamp"]][:19], "%Y-%m-%d %H:%M:%S")
            row = []
            for c in header:
                if c in SAME:
                    row.append(fmt(x[ix[SAME[c]]]))
                elif c in FLAGS:
                    row.append(str(min(1, int(float(x[ix[FLAGS[c]]])))))
                elif c in ZERO:
                    row.append("0")
                elif c == "Timestamp":
                    row.append(ts.strftime("%d/%m/%Y %I:%M:%S"))
                elif c == "Flow Byts/s":
                    row.append(("Infinity" if by > 0 else "NaN") if dur == 0 else fmt(x[ix["Flow Bytes/s"]]))
                elif c == "Flow Pkts/s":
                    row.append("Infinity" if dur == 0 else fmt(x[ix["Flow Packets/s"]]))
                elif c == "Label":
                    row.append(LABELS[x[ix["Label"]]])
                else:
                    raise SystemExit(f"make_proxy: no rule for original column '{c}'")
            w.writerow(row)
    print(f"wrote {len(rows)} rows in the original 80-column layout to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: make_proxy.py OUT.csv")
    main(sys.argv[1])
