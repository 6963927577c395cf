"""Feature transforms expressed on flow-schema columns (what the Java FeaturePipeline will do)."""
import numpy as np

# cicComparable=false in FlowSchema among the features present in the improved set
NOT_CIC_COMPARABLE = {"init_bwd_win_byts", "fin_flag_cnt", "syn_flag_cnt", "rst_flag_cnt", "psh_flag_cnt",
                      "ack_flag_cnt", "urg_flag_cnt", "cwe_flag_count", "ece_flag_cnt", "fwd_psh_flags",
                      "bwd_psh_flags", "fwd_urg_flags", "bwd_urg_flags", "fwd_rst_flags", "bwd_rst_flags"}
IDENTITY = {"src_port", "dst_port", "protocol"}

# well-known service buckets for the server port; everything else by IANA range
SERVICES = [
    ("ftp", (20, 21)), ("ssh", (22,)), ("telnet", (23,)), ("smtp", (25, 465, 587)), ("dns", (53,)),
    ("dhcp", (67, 68)), ("http", (80,)), ("ntp", (123,)), ("netbios", (135, 137, 138, 139)),
    ("ldap", (389, 636)), ("https", (443,)), ("smb", (445,)), ("mssql", (1433,)), ("mysql", (3306,)),
    ("rdp", (3389,)), ("http_alt", (8080, 8000, 8008, 8888)), ("https_alt", (8443,)), ("proxy", (3128,)),
    ("mdns_llmnr", (5353, 5355)),
]
PORT2SVC = {p: n for n, ps in SERVICES for p in ps}
BUCKETS = ["none"] + [n for n, _ in SERVICES] + ["other_system", "registered", "ephemeral"]


def port_bucket(p):
    p = int(p) if np.isfinite(p) else 0
    if p <= 0:
        return "none"
    if p in PORT2SVC:
        return PORT2SVC[p]
    if p < 1024:
        return "other_system"
    if p < 49152:
        return "registered"
    return "ephemeral"


def slog1p(x):
    return np.sign(x) * np.log1p(np.abs(x))


def clean(v):
    v = v.astype(float).copy()
    v[~np.isfinite(v)] = 0.0
    return v


def matrix(cols, names, log=False):
    X = np.column_stack([clean(cols[n]) for n in names])
    return slog1p(X) if log else X


def schema_features(schema, cic_only=False):
    names = [n for n in schema if n not in IDENTITY and not (cic_only and n in NOT_CIC_COMPARABLE)]
    return names


def port_onehot(schema, which="dst_port", buckets=BUCKETS):
    b = np.array([port_bucket(p) for p in schema[which]])
    return np.column_stack([(b == k).astype(float) for k in buckets]), [f"{which}_is_{k}" for k in buckets], b


def proto_onehot(schema):
    p = clean(schema["protocol"])
    ks = [6, 17, 1]
    cols = [(p == k).astype(float) for k in ks] + [(~np.isin(p, ks)).astype(float)]
    return np.column_stack(cols), ["proto_tcp", "proto_udp", "proto_icmp", "proto_other"]
