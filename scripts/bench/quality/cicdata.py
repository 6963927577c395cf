"""Loads the improved CSE-CIC-IDS2018 toy set into flow-schema names and units (no pandas here).

Mapping: improved (Engelen) column -> FlowSchema feature; times microseconds -> seconds.
Columns the schema lacks (bulk, subflow, ICMP code/type, Total TCP Flow Time) are kept under raw names
for the baseline only; identifiers (id, Flow ID, IPs, Timestamp, Attempted Category) are never features.
"""
import csv
import os

import numpy as np

# The benchmark input is the improved CSE-CIC-IDS2018 toy set (Engelen et al.'s corrected CSE-CIC-IDS2018, 5000
# labelled rows; not shipped with the project): IDS_CIC_TOY names its path.
DEFAULT = os.environ.get("IDS_CIC_TOY")


def toy_path(path=None):
    """The toy set's path: `path`, else IDS_CIC_TOY; a clear error when neither names a file."""
    p = path or DEFAULT
    if not p or not os.path.isfile(p):
        raise SystemExit("the improved CSE-CIC-IDS2018 toy set is needed: set IDS_CIC_TOY to its CSV "
                         "(improved_engelen_toy_5000rows.csv)" + (f"; {p} is not a file" if p else ""))
    return p

TIME = {"Flow Duration", "Flow IAT Mean", "Flow IAT Std", "Flow IAT Max", "Flow IAT Min",
        "Fwd IAT Total", "Fwd IAT Mean", "Fwd IAT Std", "Fwd IAT Max", "Fwd IAT Min",
        "Bwd IAT Total", "Bwd IAT Mean", "Bwd IAT Std", "Bwd IAT Max", "Bwd IAT Min",
        "Active Mean", "Active Std", "Active Max", "Active Min", "Idle Mean", "Idle Std", "Idle Max", "Idle Min"}

MAP = {
    "Src Port": "src_port", "Dst Port": "dst_port", "Protocol": "protocol",
    "Flow Duration": "flow_duration", "Total Fwd Packet": "tot_fwd_pkts", "Total Bwd packets": "tot_bwd_pkts",
    "Total Length of Fwd Packet": "totlen_fwd_pkts", "Total Length of Bwd Packet": "totlen_bwd_pkts",
    "Fwd Packet Length Max": "fwd_pkt_len_max", "Fwd Packet Length Min": "fwd_pkt_len_min",
    "Fwd Packet Length Mean": "fwd_pkt_len_mean", "Fwd Packet Length Std": "fwd_pkt_len_std",
    "Bwd Packet Length Max": "bwd_pkt_len_max", "Bwd Packet Length Min": "bwd_pkt_len_min",
    "Bwd Packet Length Mean": "bwd_pkt_len_mean", "Bwd Packet Length Std": "bwd_pkt_len_std",
    "Flow Bytes/s": "flow_byts_s", "Flow Packets/s": "flow_pkts_s",
    "Flow IAT Mean": "flow_iat_mean", "Flow IAT Std": "flow_iat_std", "Flow IAT Max": "flow_iat_max",
    "Flow IAT Min": "flow_iat_min", "Fwd IAT Total": "fwd_iat_tot", "Fwd IAT Mean": "fwd_iat_mean",
    "Fwd IAT Std": "fwd_iat_std", "Fwd IAT Max": "fwd_iat_max", "Fwd IAT Min": "fwd_iat_min",
    "Bwd IAT Total": "bwd_iat_tot", "Bwd IAT Mean": "bwd_iat_mean", "Bwd IAT Std": "bwd_iat_std",
    "Bwd IAT Max": "bwd_iat_max", "Bwd IAT Min": "bwd_iat_min",
    "Fwd PSH Flags": "fwd_psh_flags", "Bwd PSH Flags": "bwd_psh_flags", "Fwd URG Flags": "fwd_urg_flags",
    "Bwd URG Flags": "bwd_urg_flags", "Fwd RST Flags": "fwd_rst_flags", "Bwd RST Flags": "bwd_rst_flags",
    "Fwd Header Length": "fwd_header_len", "Bwd Header Length": "bwd_header_len",
    "Fwd Packets/s": "fwd_pkts_s", "Bwd Packets/s": "bwd_pkts_s",
    "Packet Length Min": "pkt_len_min", "Packet Length Max": "pkt_len_max", "Packet Length Mean": "pkt_len_mean",
    "Packet Length Std": "pkt_len_std", "Packet Length Variance": "pkt_len_var",
    "FIN Flag Count": "fin_flag_cnt", "SYN Flag Count": "syn_flag_cnt", "RST Flag Count": "rst_flag_cnt",
    "PSH Flag Count": "psh_flag_cnt", "ACK Flag Count": "ack_flag_cnt", "URG Flag Count": "urg_flag_cnt",
    "CWR Flag Count": "cwe_flag_count", "ECE Flag Count": "ece_flag_cnt", "Down/Up Ratio": "down_up_ratio",
    "Average Packet Size": "pkt_size_avg", "Fwd Segment Size Avg": "fwd_seg_size_avg",
    "Bwd Segment Size Avg": "bwd_seg_size_avg",
    "FWD Init Win Bytes": "init_fwd_win_byts", "Bwd Init Win Bytes": "init_bwd_win_byts",
    "Fwd Act Data Pkts": "fwd_act_data_pkts", "Fwd Seg Size Min": "fwd_seg_size_min",
    "Active Mean": "active_mean", "Active Std": "active_std", "Active Max": "active_max", "Active Min": "active_min",
    "Idle Mean": "idle_mean", "Idle Std": "idle_std", "Idle Max": "idle_max", "Idle Min": "idle_min",
}
IDENT = {"id", "Flow ID", "Src IP", "Dst IP", "Timestamp", "Attempted Category", "Label"}


def _num(s):
    try:
        v = float(s)
    except ValueError:
        return float("nan")
    return v


def load(path=None):
    """Returns (cols dict name->np.array raw numeric, schema dict name->np.array in schema units, labels, attack)."""
    with open(toy_path(path), newline="") as f:
        r = csv.reader(f)
        head = next(r)
        rows = list(r)
    raw = {}
    for j, h in enumerate(head):
        if h in ("Flow ID", "Src IP", "Dst IP", "Timestamp", "Label"):
            continue
        raw[h] = np.array([_num(x[j]) for x in rows])
    li = head.index("Label")
    attack = np.array([x[li] for x in rows])
    y = (attack != "BENIGN").astype(int)
    schema = {}
    for h, s in MAP.items():
        v = raw[h].copy()
        if h in TIME:
            v = v / 1e6
        if s in ("init_fwd_win_byts", "init_bwd_win_byts"):
            v[v < 0] = np.nan  # -1 placeholder -> null, as prepare-cic does
        schema[s] = v
    return raw, schema, y, attack
