#!/usr/bin/env python3
"""Compares two outputs of `ontrack assess --panel` / Scripts/panel_reference.py row by row.

Rows are matched by target_id (and, for a repeated id, by its occurrence). Reports:
- status agreement (the verdict: exit 1 if any status differs or a target is missing on one side);
- the text and integer columns that must be equal (direction, method, rate_unit, outlook, reach,
  baseline_year, latest_year, n_fit, reach_year) and the number of differing `model` choices;
- the explanation columns (explanation, explanation_zh) by presence only: the reference does not
  reproduce their text, so a row agrees when both files explain it or neither does;
- for every numeric column, the largest absolute and relative difference and how many values are
  out of tolerance: two numbers agree when |a − b| ≤ 1e-9 or |a − b| ≤ 1e-6·max(|a|, |b|); a number
  on one side and an empty cell on the other is a disagreement.

The projection columns (projected, pi80_low, pi80_high, p_reach, and the text and integer columns
that follow from the projection: outlook, reach, reach_year, n_fit) are compared only where both
files chose the same model.

Ill-conditioned rows. Where the 80 % interval is degenerate — narrower than the comparison's own
tolerance, 1e-6·max(1, |projected|), on either side: an exact fit, e.g. a constant series — what
follows from the interval's width or from the exact position of the forecast against the bound is
rounding noise: p_reach (F((hi − ŷ)/se) divides noise by noise; for log-linear running totals the
Fenton–Wilkinson σ = √ln(E[S²]/E[S]²) of an exact fit is noise of about 1e-8), hence the outlook,
and, for a constant series projected onto its own bound (1119.0000000000007 against 1119, summed in
a different order on the two sides), whether the projection meets the bound, which decides the
reach year and whether an explanation is given. Differences in p_reach, outlook, reach, reach_year
and the presence of an explanation on such rows are counted apart and are not disagreements.

Usage: panel_compare.py A.csv B.csv [--strict] [--show 10]
  (.jsonl / .json files are read as JSON Lines.) --strict also exits 1 on any numeric, text or model
  disagreement.
"""
import argparse
import os
import sys

import numpy as np
import pandas as pd

TEXT = ["series_id", "form", "direction", "method", "rate_unit", "outlook", "reach"]
INTS = ["baseline_year", "target_year", "latest_year", "n_fit", "reach_year"]
PRESENCE = ["explanation", "explanation_zh"]
NUMS = ["baseline", "aim", "latest", "expected_at_latest", "gap_to_path", "required_from_baseline",
        "required_from_latest", "actual_rate", "ratio", "shortfall", "shortfall_pct"]
PROJ = ["projected", "pi80_low", "pi80_high", "p_reach"]
ILL = ["p_reach", "outlook", "reach", "reach_year", "explanation", "explanation_zh"]   # see "Ill-conditioned rows"
BY_MODEL = PROJ + ["outlook", "reach", "reach_year", "n_fit"]   # follow from the model chosen
REL, ABS = 1e-6, 1e-9


def load(path):
    if not path or not os.path.exists(path):
        sys.exit(f"panel_compare: {path}: no such file")
    if path.endswith((".jsonl", ".json")):
        df = pd.read_json(path, lines=True, dtype=False, precise_float=True)
        df = df.astype(object).where(df.notna(), "").astype(str)
    else:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "target_id" not in df.columns or "status" not in df.columns:
        sys.exit(f"{path}: not a panel assessment (no target_id or status column)")
    df["_occ"] = df.groupby("target_id").cumcount()
    return df.set_index(["target_id", "_occ"])


def numbers(s):
    return pd.to_numeric(s.where(s != ""), errors="coerce").to_numpy(np.float64)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    A, B = load(args.a), load(args.b)
    only_a, only_b = A.index.difference(B.index), B.index.difference(A.index)
    common = A.index.intersection(B.index, sort=False)
    A, B = A.loc[common], B.loc[common]
    n = len(common)
    bad = np.zeros(n, bool)                     # rows with any disagreement, for the listing
    lines = [f"{args.a}  vs  {args.b}: {n} targets matched"
             + (f", {len(only_a)} only in the first, {len(only_b)} only in the second" if len(only_a) or len(only_b) else "")]

    st = A["status"].to_numpy() != B["status"].to_numpy()
    bad |= st
    lines.append(f"status: {n - int(st.sum())} of {n} agree" + (f", {int(st.sum())} differ" if st.any() else ""))
    if st.any():
        pairs = pd.Series(list(zip(A["status"][st], B["status"][st]))).value_counts()
        lines += [f"    {a} → {b}: {c}" for (a, b), c in pairs.head(8).items()]

    same_model = (A["model"].to_numpy() == B["model"].to_numpy()) if "model" in A and "model" in B else np.ones(n, bool)
    models = int((~same_model).sum())
    degenerate = np.zeros(n, bool)              # rows with a degenerate interval: see the docstring
    if all(c in A.columns and c in B.columns for c in ["pi80_low", "pi80_high", "projected"]):
        wa = numbers(A["pi80_high"]) - numbers(A["pi80_low"])
        wb = numbers(B["pi80_high"]) - numbers(B["pi80_low"])
        scale = np.maximum(1.0, np.fmax(np.abs(numbers(A["projected"])), np.abs(numbers(B["projected"]))))
        degenerate = same_model & ((wa <= REL * scale) | (wb <= REL * scale))
    ill = {}                                    # column → differences on degenerate rows, not counted
    other = 0
    lines.append(f"{'column':24s} {'differ':>8s}")
    for c in TEXT + INTS + PRESENCE + ["model"]:
        if c not in A.columns or c not in B.columns:
            lines.append(f"{c:24s} {'(missing)':>8s}")
            continue
        d = A[c].to_numpy() != B[c].to_numpy()
        if c in INTS:                           # 2020 and 2020.0 are the same year
            x, y = numbers(A[c]), numbers(B[c])
            d = ~((x == y) | (np.isnan(x) & np.isnan(y)))
        if c in PRESENCE:                       # the reference writes a marker, not the text
            d = (A[c].to_numpy() != "") != (B[c].to_numpy() != "")
        note = "  (presence only)" if c in PRESENCE else ""
        if c in BY_MODEL:
            note = f"  (of {int(same_model.sum())} rows with the same model)"
            d &= same_model
        if c in ILL and (d & degenerate).any():
            ill[c] = int((d & degenerate).sum())
            d &= ~degenerate
            note += f"; {ill[c]} on a degenerate interval not counted"
        bad |= d
        if c != "model":
            other += int(d.sum())
        lines.append(f"{c:24s} {int(d.sum()):8d}{note}")

    lines.append(f"{'column':24s} {'compared':>9s} {'presence':>9s} {'out_tol':>8s} {'max_abs':>10s} {'max_rel':>10s}")
    out_tol = 0
    for c in NUMS + PROJ:
        if c not in A.columns or c not in B.columns:
            lines.append(f"{c:24s} (missing)")
            continue
        x, y = numbers(A[c]), numbers(B[c])
        mask = np.ones(n, bool) if c not in BY_MODEL else same_model
        ex, ey = np.isnan(x), np.isnan(y)
        presence = mask & (ex != ey)
        both = mask & ~ex & ~ey
        diff = np.abs(x - y)
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.where(diff == 0, 0.0, diff / np.maximum(np.abs(x), np.abs(y)))
        off = both & ~((diff <= ABS) | (rel <= REL))
        if c in ILL and (off & degenerate).any():
            ill[c] = int((off & degenerate).sum())
            off &= ~degenerate
        bad |= presence | off
        out_tol += int(presence.sum() + off.sum())
        mabs = float(diff[both].max()) if both.any() else 0.0
        mrel = float(rel[both].max()) if both.any() else 0.0
        lines.append(f"{c:24s} {int(both.sum()):9d} {int(presence.sum()):9d} {int(off.sum()):8d} {mabs:10.3g} {mrel:10.3g}")
    lines.append(f"model choices differ: {models} of {n}")
    lines.append(f"degenerate intervals (width ≤ {REL:g}·max(1, |projected|), same model): {int(degenerate.sum())} rows; "
                 "differences there, not counted: " + (", ".join(f"{c} {k}" for c, k in ill.items()) if ill else "none"))

    shown = np.flatnonzero(bad)[:args.show]
    if shown.size:
        lines.append(f"first {shown.size} disagreements:")
        cols = [c for c in A.columns if c in B.columns]
        for i in shown:
            tid = common[i][0]
            lines.append(f"  {tid}")
            lines.append("    A: " + ",".join(str(A[c].iloc[i]) for c in cols))
            lines.append("    B: " + ",".join(str(B[c].iloc[i]) for c in cols))
        lines.append("    (columns: " + ",".join(cols) + ")")

    fail_status = bool(st.any() or len(only_a) or len(only_b))
    fail_other = bool(out_tol or other or models)
    verdict = "AGREE" if not fail_status and not fail_other else ("DISAGREE" if fail_status else "STATUSES AGREE")
    lines.append(f"verdict: {verdict} — statuses {n - int(st.sum())}/{n}, {out_tol} numbers out of tolerance "
                 f"(1e-6 rel or 1e-9 abs), {other} text/integer differences, {models} model choices differ")
    print("\n".join(lines))
    sys.exit(1 if fail_status or (args.strict and fail_other) else 0)


if __name__ == "__main__":
    main()
