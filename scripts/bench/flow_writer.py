#!/usr/bin/env python3
"""Drops flow files into a watched folder at a fixed rate, as the sniffer would (hidden temp file, then rename).

    flow_writer.py POOL_CSV OUT_DIR RATE_FLOWS_PER_S SECONDS MANIFEST [FILES_PER_S [PREFIX]]

POOL_CSV: flows in the sniffer's CSV layout (header + rows) to cycle through. Every 1/FILES_PER_S seconds (default 2
files/s) one file of RATE/FILES_PER_S rows is written to OUT_DIR/.name.tmp and renamed to OUT_DIR/name.csv; the
manifest gets "name.csv,<rename time, epoch seconds>,<rows>" per file. Sleeps to the schedule; if writing falls behind
the schedule, the manifest shows it (the rename times drift), so the rate actually offered is known.
"""
import os
import sys
import time


def main():
    pool_csv, out_dir, rate, seconds, manifest = sys.argv[1:6]
    files_per_s = float(sys.argv[6]) if len(sys.argv) > 6 else 2.0
    prefix = sys.argv[7] if len(sys.argv) > 7 else "w"  # several writers into one folder: names apart
    rate, seconds = int(rate), float(seconds)
    with open(pool_csv) as f:
        header = f.readline()
        pool = f.readlines()
    per_file = max(1, int(round(rate / files_per_s)))
    os.makedirs(out_dir, exist_ok=True)
    start = time.time()
    n = 0
    pos = 0
    with open(manifest, "w") as m:
        while True:
            due = start + n / files_per_s
            if due - start >= seconds:
                break
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            name = f"{prefix}{n:06d}.csv"
            tmp = os.path.join(out_dir, "." + name + ".tmp")
            rows = []
            for _ in range(per_file):
                rows.append(pool[pos])
                pos = (pos + 1) % len(pool)
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
