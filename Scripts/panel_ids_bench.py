#!/usr/bin/env python3
"""Reading speed against the shape of series ids (issue 12, item 14): long panels with the same
numbers of series, years and values, differing only in their ids.

Cases (each SERIES series × YEARS years, rows grouped by series):

- short       `s0000001`, `s0000002`, … (8 bytes, one word)
- short7      `s000001`, … (7 bytes, shorter than one word)
- numeric     `1`, `2`, … `300000` (1–6 bytes)
- tiny        3–4 byte base-62 ids (`000`, `001`, …)
- long        `indicator.group.0000001.total` (29 bytes)
- adversarial 40-byte ids `xxx…x` that share their first 35 bytes and differ only in the last 2–5

Panels are written once and kept in --work (default .build-bench/ids). Each case is read by
`ontrack assess --panel FILE --targets TINY --timings` (one target; unmatched series are fine) RUNS
times; prints per case the medians of the reading time (`read panel`, from --timings), of the whole
run's wall time and of its CPU time, and at the end the ratio of the slowest to the fastest reading
time.

Usage: panel_ids_bench.py --ontrack PATH [--series 300000] [--years 3] [--runs 5] [--work DIR]
                          [--cases short,short7,numeric,tiny,long,adversarial]
"""
import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def base62(i, width):
    out = []
    for _ in range(width):
        out.append(ALPHABET[i % 62])
        i //= 62
    return "".join(reversed(out))


def ids(case, n):
    if case == "short":
        return (f"s{i:07d}" for i in range(1, n + 1))
    if case == "short7":
        return (f"s{i:06d}" for i in range(1, n + 1))
    if case == "numeric":
        return (str(i) for i in range(1, n + 1))
    if case == "tiny":
        return (base62(i, 3 if i < 62 ** 3 else 4) for i in range(n))
    if case == "long":
        return (f"indicator.group.{i:07d}.total" for i in range(1, n + 1))
    if case == "adversarial":
        prefix = "x" * 38
        return (prefix + ALPHABET[i // 62 % 62] + ALPHABET[i % 62] if i < 62 * 62
                else prefix[:-3] + base62(i, 5) for i in range(n))
    raise SystemExit(f"unknown case {case}")


def write_panel(path, case, series, years):
    if os.path.exists(path):
        return
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("series_id,year,value\n")
        for k, sid in enumerate(ids(case, series)):
            for y in range(years):
                f.write(f"{sid},{2018 + y},{(k % 997) + y * 0.5}\n")
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ontrack", required=True)
    ap.add_argument("--series", type=int, default=300_000)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=".build-bench/ids")
    ap.add_argument("--cases", default="short,short7,numeric,tiny,long,adversarial")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    targets = os.path.join(a.work, "targets.csv")
    with open(targets, "w") as f:
        f.write("target_id,series_id,form,bound,value,baseline_year,target_year\n"
                "t1,s0000001,level,>=,10,2018,2025\n")
    medians = {}
    for case in a.cases.split(","):
        panel = os.path.join(a.work, f"{case}-{a.series}x{a.years}.csv")
        write_panel(panel, case, a.series, a.years)
        walls, cpus, reads = [], [], []
        for _ in range(a.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            r = subprocess.run([a.ontrack, "assess", "--panel", panel, "--targets", targets,
                                "--format", "csv", "--timings", "-o", os.devnull],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            walls.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if r.returncode not in (0, 1):
                sys.exit(f"{case}: exit {r.returncode}: {r.stderr.decode()[-500:]}")
            m = re.search(r"read panel ([0-9.]+) s", r.stderr.decode())
            if m:
                reads.append(float(m.group(1)))
        read = statistics.median(reads) if reads else statistics.median(walls)
        medians[case] = read
        print(f"{case:12s} {a.series} series x {a.years} years ({os.path.getsize(panel) / 1e6:.1f} MB):"
              f" read {read:.3f} s, wall {statistics.median(walls):.3f} s, cpu {statistics.median(cpus):.3f} s"
              f"  (reads {', '.join(f'{x:.3f}' for x in reads)})", flush=True)
    if len(medians) > 1:
        print(f"slowest/fastest reading: {max(medians.values()) / min(medians.values()):.2f}x")


if __name__ == "__main__":
    main()
