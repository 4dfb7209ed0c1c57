#!/usr/bin/env python3
"""Peer for Scripts/bench-charts.sh: what an analyst would otherwise write.

Reads the yearly paths (`ontrack path DATASET -f csv`) and the assessment (`ontrack assess -f csv`)
and draws one SVG per target with matplotlib: required path dashed, actuals solid with points,
not-comparable values apart, target marker, title with name and status. Fewer elements than
ontrack's charts (no bound band, projection or legend), so it is a lower bound on the peer's time.

Usage: bench_charts_matplotlib.py PATHS.csv ASSESS.csv OUT_DIR   (prints the seconds spent drawing)
"""
import sys
import time

import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

paths, assess, out = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
p = pd.read_csv(paths)
a = pd.read_csv(assess).set_index("target_id")
plt.rcParams["font.family"] = ["Noto Sans CJK SC", "sans-serif"]
n = 0
for tid, g in p.groupby("target_id", sort=False):
    row = a.loc[tid]
    fig, ax = plt.subplots(figsize=(7.2, 4.4))
    ax.plot(g["year"], g["expected"], "--", color="#666666")
    ax.plot(g["year"], g["actual"], "-o", color="#1f3b57")
    ax.plot(g["year"], g["not_comparable"], "s", mfc="none", color="#8c7aa9")
    if pd.notna(row["target"]):
        ax.plot([row["target_year"]], [row["target"]], "D", color="#222222")
    ax.set_title(f"{row['name_zh']}（{row['unit']}） {row['status_zh']}")
    ax.set_xticks(sorted(g["year"].unique()))
    fig.savefig(f"{out}/{tid}.svg")
    plt.close(fig)
    n += 1
print(f"{time.perf_counter() - start:.3f} {n}")
