#!/usr/bin/env bash
# The incident gate (docs/quality.md, Incidents): scores the labelled capture of scripts/capture-attacks with a model
# and --incidents, then counts, per phase, the incidents its alerts are in, and per incident, the phases it spans.
# Gate (issue): each attack phase in 1 incident (at most 3), benign phases in none.
# Usage: scripts/bench/quality/incident-gate.sh LABELLED_CSV MODELS_DIR   (env WORK: the work folder)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
if [[ $# -lt 2 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
  [[ $# -ge 1 && ( "$1" == -h || "$1" == --help ) ]] && exit 0 || exit 2
fi
labelled="$1"
models="$2"
[[ -f "$labelled" ]] || ids_die "$labelled: no such file (make it with: sudo scripts/capture-attacks)"
ids_ensure_built
work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ids-incident-gate.XXXXXX")}"
rm -rf "$work/scored"
mkdir -p "$work"
"$IDS_ROOT/scripts/spark-submit" --master "local[2]" --conf spark.ui.showConsoleProgress=false "$IDS_JOBS_JAR" \
  score --in "$labelled" --model "$models" --out "$work/scored" --incidents > "$work/score.log" 2>&1 \
  || { tail -5 "$work/score.log" >&2; ids_die "score failed (see $work/score.log)"; }
grep '^score: incidents' "$work/score.log"
/usr/bin/python3 - "$work/scored" << 'PY'
import csv, glob, sys, collections, datetime
def t(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def transport(p):
    return {"6": "tcp", "17": "udp", "1": "icmp"}.get(p, p)
incidents = list(csv.DictReader(open(sys.argv[1] + "/_incidents/incidents.csv")))
by_key = collections.defaultdict(list)
for i in incidents:
    by_key[(i["key_kind"], i["key"])].append(i)
phase_inc = collections.defaultdict(set); inc_phase = collections.defaultdict(collections.Counter)
alerts = collections.Counter(); flows = collections.Counter(); attack = {}
for p in glob.glob(sys.argv[1] + "/*.csv"):
    for r in csv.DictReader(open(p)):
        ph = r["phase"]; flows[ph] += 1; attack[ph] = r["label"] == "1"
        if r["level"] not in ("yellow", "red"):
            continue
        alerts[ph] += 1
        # the key rule of docs/incidents.md (IncidentKey.kindFor), from the row's context
        try:
            hosts, src, svcf = float(r["svc_src_hosts_60s"]), float(r["src_flows_60s"]), float(r["svc_flows_60s"])
            svc = hosts >= 2 and (src <= 1.0 or (hosts >= 20 and src < 0.05 * svcf))
        except ValueError:
            svc = False
        key = ("service", "%s:%s/%s" % (r["dst_ip"], r["dst_port"], transport(r["protocol"]))) if svc else ("source", r["src_ip"])
        ts = t(r["timestamp"])
        for i in by_key[key]:
            if t(i["start"]) <= ts <= t(i["end"]):
                phase_inc[ph].add(i["incident_id"]); inc_phase[i["incident_id"]][ph] += 1
print("%-18s %7s %7s %9s  %s" % ("phase", "flows", "alerts", "incidents", "gate"))
ok = True
for ph in sorted(flows, key=lambda k: (not attack[k], k)):
    n = len(phase_inc[ph])
    if ph in ("reply", "unlabelled"):
        gate = "(not gated)"; passed = True
    elif attack[ph]:
        gate = "1 (at most 3)"; passed = 1 <= n <= 3
    else:
        gate = "0"; passed = n == 0
    ok &= passed
    print("%-18s %7d %7d %9d  %-14s %s" % (ph, flows[ph], alerts[ph], n, gate, "" if passed else "FAIL"))
print("incidents: %d; alerts %d -> %.0f alerts per incident" % (len(incidents), sum(alerts.values()), sum(alerts.values()) / max(1, len(incidents))))
for i in sorted(incidents, key=lambda i: i["start"]):
    phases = ", ".join("%s %d" % kv for kv in inc_phase[i["incident_id"]].most_common())
    print("  %s %s %-9s %s\n      phases: %s" % (i["start"][11:19], i["end"][11:19], i["severity"], i["summary"], phases or "-"))
print("gate: " + ("pass" if ok else "fail"))
PY
