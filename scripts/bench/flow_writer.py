#!/usr/bin/env python3
"""Drops flow files into a watched folder at a fixed rate, as the sniffer would (hidden temp file, then rename).

    flow_writer.py POOL_CSV OUT_DIR RATE_FLOWS_PER_S SECONDS MANIFEST [FILES_PER_S [PREFIX]]

POOL_CSV: flows in the sniffer's CSV layout (header + rows) to cycle through. Every 1/FILES_PER_S seconds (default 2
files/s) one file of RATE/FILES_PER_S rows is written to OUT_DIR/.name.tmp and renamed to OUT_DIR/name.csv; the
manifest gets "name.csv,<rename time, epoch seconds>,<rows>" per file. Sleeps to the schedule; if writing falls behind
the schedule, the manifest shows it (the rename times drift), so the rate actually offered is known.

With SHIFT=1 in the environment the flows keep one timeline, as a sniffer's do: the pool is taken in export order
(exported_at, then start) and each pass over it after the first is moved later by the pool's span (whole seconds), so
no host ever sees its time go back. Without it the pool is cycled verbatim: every pass repeats the same times, every
flow of a later pass is late for its hosts' context, and incidents reopen at every pass.

With SHIFT=hosts the flows are those of a network RATE / (pool density) times the pool's, in real time: each flow of
the pool (in export order) is sent as that many copies, each copy with its own addresses (copy k of an address is a
distinct 10.0.0.0/8 address, the same for every flow of that copy; public addresses are shared by all copies, as
the internet is), so that RATE flows/s of traffic cover one second
of flow time, as a big network's sniffer sees it, instead of hosts replaying an hour in seconds.

With STAGE=DIR in the environment (a folder on the same file system as OUT_DIR) the files are only renamed from DIR
into OUT_DIR on schedule (their modification time set to the rename's), so the writer costs the machine nothing
while it runs (writing 20,000 flows/s in Python takes about a fifth of a core, which on 2 cores is taken from the
program measured); with STAGE_ONLY=1 as well it writes them into DIR and exits, to be run before the program starts.
"""
import calendar
import os
import sys
import time


def _micros(text):
    """Epoch microseconds of an ISO-8601 UTC time as the sniffer writes it (2025-03-03T13:48:43.562122Z)."""
    t = text.rstrip("Z")
    whole, _, frac = t.partition(".")
    sec = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    return sec * 1_000_000 + int((frac + "000000")[:6])


def _iso(micros):
    sec, us = divmod(micros, 1_000_000)
    g = time.gmtime(sec)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (g[0], g[1], g[2], g[3], g[4], g[5], us)


class Hosts:
    """Copies of the pool's flows with per-copy addresses (see SHIFT=hosts)."""

    def __init__(self, timeline, header, copies):
        cols = header.rstrip("\n").split(",")
        self.t, self.copies = timeline, copies
        self.src, self.dst = cols.index("src_ip"), cols.index("dst_ip")
        self.addr = {}

    @staticmethod
    def _private(ip):
        return ip.startswith("10.") or ip.startswith("192.168.") or (
            ip.startswith("172.") and 16 <= int(ip.split(".")[1]) <= 31)

    def _map(self, ip, k):
        if not self._private(ip):
            return ip  # the internet is one: every copy talks to (and hears from) the same outside hosts
        key = (ip, k)
        a = self.addr.get(key)
        if a is None:
            n = len(self.addr) + 1
            a = "10.%d.%d.%d" % ((n >> 16) & 255, (n >> 8) & 255, n & 255)
            self.addr[key] = a
        return a

    def line(self, pos):
        i, k = divmod(pos, self.copies)
        g = self.t.fields(i)
        g[self.src] = self._map(g[self.src], k)
        g[self.dst] = self._map(g[self.dst], k)
        return ",".join(g) + "\n"


class Timeline:
    """The pool in export order; row i of pass k with its times moved k spans later."""

    def __init__(self, header, pool):
        cols = header.rstrip("\n").split(",")
        self.ts, self.ex = cols.index("timestamp"), cols.index("exported_at")
        rows = []
        for line in pool:
            f = line.rstrip("\n").split(",")
            rows.append((_micros(f[self.ex]), _micros(f[self.ts]), f))
        rows.sort(key=lambda r: (r[0], r[1]))
        self.rows = rows
        first = min(r[1] for r in rows)
        last = max(r[0] for r in rows)
        self.span = ((last - first) // 1_000_000 + 1) * 1_000_000

    def density(self):
        """Flows per second of flow time in the pool."""
        return len(self.rows) / (self.span / 1_000_000)

    def fields(self, pos):
        """The fields of the pos-th flow sent: row pos % len of pass pos // len, its times moved that many spans."""
        ex, ts, f = self.rows[pos % len(self.rows)]
        k = pos // len(self.rows)
        g = list(f)
        if k:
            g[self.ex] = _iso(ex + k * self.span)
            g[self.ts] = _iso(ts + k * self.span)
        return g

    def line(self, pos):
        return ",".join(self.fields(pos)) + "\n"


def main():
    pool_csv, out_dir, rate, seconds, manifest = sys.argv[1:6]
    files_per_s = float(sys.argv[6]) if len(sys.argv) > 6 else 2.0
    prefix = sys.argv[7] if len(sys.argv) > 7 else "w"  # several writers into one folder: names apart
    rate, seconds = int(rate), float(seconds)
    with open(pool_csv) as f:
        header = f.readline()
        pool = f.readlines()
    shift = os.environ.get("SHIFT", "")
    timeline = Timeline(header, pool) if shift in ("1", "hosts") else None
    hosts = None
    if shift == "hosts":
        copies = max(1, round(rate / timeline.density()))
        hosts = Hosts(timeline, header, copies)
        print(f"writer: {copies} copies of a pool of {timeline.density():.1f} flows/s", file=sys.stderr)
    per_file = max(1, int(round(rate / files_per_s)))
    os.makedirs(out_dir, exist_ok=True)
    stage = os.environ.get("STAGE", "")

    def rows_of_next_file(pos):
        rows = []
        for _ in range(per_file):
            if hosts is not None:
                rows.append(hosts.line(pos))
            elif timeline is None:
                rows.append(pool[pos % len(pool)])
            else:
                rows.append(timeline.line(pos))
            pos += 1
        return rows, pos

    total = 0
    while total / files_per_s < seconds:
        total += 1
    if stage and os.environ.get("STAGE_ONLY") == "1":
        os.makedirs(stage, exist_ok=True)
        pos = 0
        for i in range(total):
            rows, pos = rows_of_next_file(pos)
            with open(os.path.join(stage, f"{prefix}{i:06d}.csv"), "w") as f:
                f.write(header)
                f.writelines(rows)
        print(f"writer: {total} files staged in {stage}", file=sys.stderr)
        return
    if stage and not os.path.exists(os.path.join(stage, f"{prefix}{total - 1:06d}.csv")):
        sys.exit(f"writer: {stage} does not hold the {total} files to rename; stage them first (STAGE_ONLY=1)")
    start = time.time()
    n = 0
    pos = 0
    with open(manifest, "w") as m:
        while n < total:
            due = start + n / files_per_s
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            name = f"{prefix}{n:06d}.csv"
            if stage:
                tmp = os.path.join(stage, name)
                os.utime(tmp)
            else:
                tmp = os.path.join(out_dir, "." + name + ".tmp")
                rows, pos = rows_of_next_file(pos)
                with open(tmp, "w") as f:
                    f.write(header)
                    f.writelines(rows)
            os.rename(tmp, os.path.join(out_dir, name))
            m.write(f"{name},{time.time():.6f},{per_file}\n")
            m.flush()
            n += 1
    offered = n * per_file / (time.time() - start)
    print(f"writer: {n} files, {n * per_file} flows in {time.time() - start:.1f} s = {offered:,.0f} flows/s offered")


if __name__ == "__main__":
    main()
