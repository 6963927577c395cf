#!/usr/bin/env python3
"""Joins the writer's manifest with detect.log: per file, latency = time of the batch line that listed the file (its
alerts are committed before the line is written) - the file's rename time.

    detect_latency_report.py MANIFEST DETECT_LOG RATE

Also prints the same for the files renamed after the first STEADY_AFTER seconds (env, default 60): the steady state,
without the start-up backlog (JIT compilation of Spark's planner and of the scoring path goes on for minutes); and the
first batches' rows and times, where that backlog starts.
"""
import os
import json
import sys


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100.0 * len(xs)))]


def iso(ts):
    """Java's Instant.toString (nanosecond fraction, Z) as epoch seconds."""
    from datetime import datetime, timezone
    ts = ts.rstrip("Z")
    whole, _, frac = ts.partition(".")
    t = datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()
    return t + (float("0." + frac) if frac else 0.0)


def main():
    manifest, log, rate = sys.argv[1], sys.argv[2], int(sys.argv[3])
    renamed = {}
    for line in open(manifest):
        name, t, rows = line.strip().split(",")
        renamed[name] = float(t)
    done = {}
    batches = []
    for line in open(log):
        e = json.loads(line)
        if e.get("event") != "batch":
            continue
        t = iso(e["ts"])
        batches.append((t, e))
        for f in e.get("file_names", []):
            done.setdefault(f, t)
    lat = [done[f] - renamed[f] for f in renamed if f in done]
    missing = [f for f in renamed if f not in done]
    if not lat:
        print(f"rate {rate}: no file processed")
        return
    # backlog at each batch end: files renamed by then and not yet processed
    first_t = min(renamed.values())
    last_t = max(renamed.values())
    backlog = []
    for t, e in batches:
        if t > last_t + 0.001:
            continue
        backlog.append(sum(1 for f, r in renamed.items() if r <= t and done.get(f, float("inf")) > t))
    third = max(1, len(backlog) // 3)
    b0 = sum(backlog[:third]) / third if backlog else 0
    b1 = sum(backlog[-third:]) / third if backlog else 0
    rows = [e["rows"] for _, e in batches]
    lats = [e["latency_ms"] for _, e in batches]
    steady_after = float(os.environ.get("STEADY_AFTER", "60"))
    steady = [done[f] - renamed[f] for f in renamed if f in done and renamed[f] >= first_t + steady_after]
    steady_batches = [e for t, e in batches if t >= first_t + steady_after]
    print(
        f"rate {rate:,} flows/s over {last_t - first_t:.0f} s: files {len(renamed)}, processed {len(lat)}, "
        f"unprocessed {len(missing)}; rename->alerts p50 {pct(lat, 50):.2f} s, p99 {pct(lat, 99):.2f} s, "
        f"max {max(lat):.2f} s; batches {len(batches)}, rows/batch median {pct(rows, 50)}, batch time median "
        f"{pct(lats, 50)} ms; backlog (files waiting at batch ends) first third {b0:.1f}, last third {b1:.1f}"
    )
    first = ", ".join(f"{e['rows']:,} rows in {e['latency_ms']} ms" for _, e in batches[:3])
    print(f"  first batches: {first}")
    if steady and steady_batches:
        print(
            f"  files renamed after the first {steady_after:.0f} s ({len(steady)}): p50 {pct(steady, 50):.2f} s, "
            f"p90 {pct(steady, 90):.2f} s, p99 {pct(steady, 99):.2f} s, max {max(steady):.2f} s; batches "
            f"{len(steady_batches)}, rows/batch median {pct([e['rows'] for e in steady_batches], 50)}, batch time "
            f"median {pct([e['latency_ms'] for e in steady_batches], 50)} ms"
        )


if __name__ == "__main__":
    main()
