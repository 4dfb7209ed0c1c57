#!/usr/bin/env python3
"""Reference implementation of `ontrack assess --panel` (docs/panel.md) in pandas and NumPy.

Reads a panel of observations (long or wide CSV) and a targets CSV, builds a series × year matrix
(NaN for missing) and assesses every target with the single-series rules of
Sources/OnTrackNumerics (Assessor, Assessor+Value, +Cumulative, +AverageGrowth), vectorised over
targets: no Python loop over series, only over forms, years, models and bisection steps. Value
targets (level, share, rate, ratio, reduction) get the projection of docs/panel.md: linear,
log-linear and quadratic least-squares trends fitted on the masked matrix from sums of powers of the
centred years (batched 3×3 solves for the quadratic), the model chosen by AICc, an 80 % prediction
interval and the probability of meeting the target. Cumulative and average-growth targets keep the
Assessor's own projection.

Student's t distribution: implemented here with NumPy (no SciPy). For an integer number of degrees
of freedom ν the distribution function has a closed form (Abramowitz & Stegun 26.7.3–4: a finite
series in cos²θ with θ = atan(t/√ν)), exact up to rounding; the 0.9 quantile is found by bisection
on it, as OnTrackNumerics.StudentT does.

Output: one CSV row per target in the order of the targets file, the columns of docs/panel.md,
numbers in shortest round-trip form (full double precision), empty when absent.

Usage: panel_reference.py --panel FILE --targets FILE [--layout auto|long|wide] [--as-of YEAR]
                          [--about-tolerance 0.05] [--id-columns "A,B"] -o OUT.csv
"""
import argparse
import os
import re
import sys

import numpy as np
import pandas as pd

MISSING = ["", "NA", "NaN", "..", "-"]
COLUMNS = ["target_id", "series_id", "form", "status", "direction", "method", "baseline_year", "baseline",
           "target_year", "aim", "latest_year", "latest", "expected_at_latest", "gap_to_path", "rate_unit",
           "required_from_baseline", "required_from_latest", "actual_rate", "ratio", "n_fit", "model",
           "projected", "pi80_low", "pi80_high", "p_reach"]

FORMS = ["level", "share", "rate", "ratio", "reduction", "cumulative", "average_growth", "categorical"]
LEVEL, SHARE, RATE, RATIO, REDUCTION, CUMULATIVE, AVERAGE, CATEGORICAL = range(8)
BOUNDS = ["reach", ">=", ">", "<=", "<", "about", "range", "none"]
REACH, GE, GT, LE, LT, ABOUT, RANGE, NONE = range(8)
STATUS = ["not_assessable", "not_comparable", "insufficient_data", "no_baseline", "achieved", "on_track",
          "needs_acceleration", "limited_progress", "moving_away"]
NOT_ASSESSABLE, NOT_COMPARABLE, INSUFFICIENT, NO_BASELINE, ACHIEVED, ON_TRACK, NEEDS_ACC, LIMITED, MOVING_AWAY = range(9)
METHODS = ["compound", "linear", "cumulative", "average"]
COMPOUND, LINEAR, CUMUL_M, AVERAGE_M = range(4)
MODELS = ["linear", "log_linear", "quadratic"]
M_LIN, M_LOG, M_QUAD = range(3)
UNITS = ["%/yr", "pt/yr"]
BLOCK = 1 << 18            # targets assessed at a time (bounds the working memory)


# =============================================================================================
# Input

def header(path):
    return list(pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns)


def find(cols, *names):
    low = {c.strip().lower(): c for c in cols}
    for n in names:
        if n in low:
            return low[n]
    return None


def read_panel(path, layout, as_of, id_columns):
    """Returns (series ids, years, matrix series × years with NaN for missing). Non-finite values and
    years after as_of are dropped; for a repeated (series, year) the later row wins."""
    cols = header(path)
    if layout == "auto":
        layout = "long" if find(cols, "year") and find(cols, "value") else "wide"
    if id_columns:
        idc = [find(cols, c.strip().lower()) for c in id_columns.split(",")]
        if None in idc:
            sys.exit(f"{path}: no column {id_columns}")
    else:
        idc = [find(cols, "series_id", "indicator_id") or (cols[0] if layout == "wide" else None)]
        if idc[0] is None:
            sys.exit(f"{path}: a long panel needs a series_id (or indicator_id) column")

    def series_ids(df):
        return df[idc[0]] if len(idc) == 1 else df[idc].agg(":".join, axis=1)

    if layout == "long":
        yc, vc = find(cols, "year"), find(cols, "value")
        if yc is None or vc is None:
            sys.exit(f"{path}: a long panel needs year and value columns")
        df = pd.read_csv(path, usecols=idc + [yc, vc], dtype={**{c: str for c in idc}, yc: np.int64, vc: np.float64},
                         keep_default_na=False, na_values={vc: MISSING}, encoding="utf-8-sig")
        codes, ids = pd.factorize(series_ids(df))
        year = df[yc].to_numpy()
        value = df[vc].to_numpy()
        keep = np.isfinite(value)
        if as_of is not None:
            keep &= year <= as_of
        codes, year, value = codes[keep], year[keep], value[keep]
        y0 = int(year.min()) if year.size else 2000
        ny = int(year.max()) - y0 + 1 if year.size else 1
        key = codes.astype(np.int64) * ny + (year - y0)
        if key.size and np.bincount(key).max() > 1:    # a repeated (series, year): the later row wins
            last = ~pd.Series(key).duplicated(keep="last").to_numpy()
            key, value = key[last], value[last]
        matrix = np.full(len(ids) * ny, np.nan)
        matrix[key] = value
        return np.asarray(ids, dtype=object), np.arange(y0, y0 + ny), matrix.reshape(len(ids), ny)

    year_re = re.compile(r"^\s*(\d{4})(\s*\[YR\d{4}\])?\s*$")
    ycols = {c: int(year_re.match(c).group(1)) for c in cols if year_re.match(c) and c not in idc}
    ycols = {c: y for c, y in ycols.items() if as_of is None or y <= as_of}
    df = pd.read_csv(path, usecols=idc + list(ycols), keep_default_na=False, encoding="utf-8-sig",
                     dtype={**{c: str for c in idc}, **{c: np.float64 for c in ycols}},
                     na_values={c: MISSING for c in ycols})
    sid = series_ids(df)
    years = sorted(set(ycols.values())) or [2000]
    y0 = years[0]
    ny = years[-1] - y0 + 1
    vals = np.full((len(df), ny), np.nan)
    for c, y in ycols.items():                      # a later column for the same year wins
        v = df[c].to_numpy(np.float64)
        fin = np.isfinite(v)
        vals[fin, y - y0] = v[fin]
    codes, ids = pd.factorize(sid)
    if len(ids) < len(df):                          # repeated series: the later non-missing value wins
        vals = pd.DataFrame(vals).groupby(codes, sort=True).last().to_numpy(np.float64)
    return np.asarray(ids, dtype=object), np.arange(y0, y0 + ny), vals


def read_targets(path):
    if os.path.isdir(path):
        path = os.path.join(path, "targets.csv")
    cols = header(path)
    sid = find(cols, "series_id", "indicator_id")
    if sid is None:
        sys.exit(f"{path}: no series_id (or indicator_id) column")
    names = {"target_id": find(cols, "target_id"), "series_id": sid}
    for c in ["form", "bound", "value", "value_high", "baseline", "baseline_year", "target_year", "period_start",
              "direction", "method"]:
        names[c] = find(cols, c)
    for c in ["form", "bound", "baseline_year", "target_year"]:
        if names[c] is None:
            sys.exit(f"{path}: no {c} column")
    text = [names[c] for c in ["target_id", "series_id", "form", "bound", "direction", "method"] if names[c]]
    num = [names[c] for c in ["value", "value_high", "baseline"] if names[c]]
    ints = [names[c] for c in ["baseline_year", "target_year", "period_start"] if names[c]]
    df = pd.read_csv(path, usecols=text + num + ints, keep_default_na=False, encoding="utf-8-sig",
                     dtype={**{c: str for c in text}, **{c: np.float64 for c in num}, **{c: "Int64" for c in ints}},
                     na_values={c: [""] for c in num + ints})
    n = len(df)

    def col(name, default):
        return df[names[name]] if names[name] else pd.Series([default] * n, dtype=type(default) if default is not None else object)

    t = {}
    t["series_id"] = df[sid].to_numpy(dtype=object)
    tid = df[names["target_id"]].to_numpy(dtype=object) if names["target_id"] else t["series_id"].copy()
    t["target_id"] = np.where(tid == "", t["series_id"], tid)
    t["form_text"] = df[names["form"]].to_numpy(dtype=object)
    t["form"] = lookup(df[names["form"]], FORMS)
    t["bound"] = lookup(df[names["bound"]], BOUNDS)
    t["value"] = col("value", np.nan).to_numpy(np.float64)
    t["value_high"] = col("value_high", np.nan).to_numpy(np.float64)
    t["baseline"] = col("baseline", np.nan).to_numpy(np.float64)
    t["baseline_year"] = df[names["baseline_year"]].to_numpy(np.int64)
    t["target_year"] = df[names["target_year"]].to_numpy(np.int64)
    ps = df[names["period_start"]] if names["period_start"] else pd.Series([pd.NA] * n, dtype="Int64")
    t["period_start"] = ps.fillna(pd.Series(t["baseline_year"] + 1)).to_numpy(np.int64)
    d = lookup(col("direction", ""), ["higher", "lower"])
    t["direction"] = np.select([d == 0, d == 1], [1, -1], 0).astype(np.int8)
    t["method"] = lookup(col("method", ""), ["compound", "linear"])
    return t


def lookup(series, vocabulary):
    """Codes of a text column in a vocabulary (case-insensitive, trimmed); -1 when absent."""
    s = series.fillna("").astype(str).str.strip().str.lower()
    return pd.Index(vocabulary).get_indexer(s).astype(np.int8)


# =============================================================================================
# Numerics shared with the Swift rules

def t_cdf(x, df):
    """P(T ≤ x) for Student's t with integer df ≥ 1 (A&S 26.7.3–4), elementwise."""
    x, nu = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(df, np.int64))
    with np.errstate(invalid="ignore"):
        theta = np.arctan(x / np.sqrt(nu))
    s, c = np.sin(theta), np.cos(theta)
    c2 = c * c
    odd = nu % 2 == 1
    nterms = np.where(odd, (nu - 1) // 2, nu // 2)
    acc = np.zeros(x.shape)
    term = np.ones(x.shape)
    for j in range(int(nterms.max(initial=0))):
        if j:
            term = term * np.where(odd, 2 * j / (2 * j + 1), (2 * j - 1) / (2 * j)) * c2
        acc += np.where(j < nterms, term, 0.0)
    a = np.where(odd, (2 / np.pi) * (theta + s * c * acc), s * acc)
    out = 0.5 + 0.5 * a
    out = np.where(x == np.inf, 1.0, np.where(x == -np.inf, 0.0, out))
    return out


def t_quantile(p, df):
    """The p-quantile (p > 0.5) for each integer df, by bisection on t_cdf to the last bit."""
    df = np.asarray(df, np.int64)
    lo, hi = np.zeros(df.shape), np.ones(df.shape)
    while True:
        low = t_cdf(hi, df) < p
        if not low.any():
            break
        hi = np.where(low, hi * 2, hi)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        done = (mid == lo) | (mid == hi)
        if done.all():
            break
        below = t_cdf(mid, df) < p
        lo = np.where(~done & below, mid, lo)
        hi = np.where(~done & ~below, mid, hi)
    return 0.5 * (lo + hi)


def flows_sum(flow, g, years):
    """CumulativeTotal.sum: Σ_{k=1..years} flow·(1+g)^k, accumulated as the Swift loop does."""
    f = flow.copy()
    total = np.zeros(flow.shape)
    one_g = 1 + g
    for j in range(int(years.max(initial=0))):
        on = j < years
        f = np.where(on, f * one_g, f)
        total = np.where(on, total + f, total)
    return total


def constant_growth(flow, total, years):
    """CumulativeTotal.constantGrowth for many targets at once: the g > −1 that makes `years`
    flows growing from `flow` sum to `total`, by bisection on u = log(1+g) to 1e-13; NaN when there
    is no solution (flow or total ≤ 0, no year, no bracket)."""
    g = np.full(flow.shape, np.nan)
    ok = np.isfinite(flow) & np.isfinite(total) & (years >= 1) & (flow > 0) & (total > 0)
    idx = np.flatnonzero(ok)
    if idx.size == 0:
        return g
    F, T, Y = flow[idx], total[idx], years[idx]

    def f(u):
        with np.errstate(over="ignore", invalid="ignore"):
            return flows_sum(F, np.expm1(u), Y) - T

    lo, hi = np.full(idx.size, -1.0), np.full(idx.size, 1.0)
    fail = np.zeros(idx.size, bool)
    while True:
        m = ~fail & (f(lo) > 0)
        if not m.any():
            break
        lo = np.where(m, lo * 2, lo)
        fail |= m & (lo < -700)
    while True:
        m = ~fail & (f(hi) < 0)
        if not m.any():
            break
        hi = np.where(m, hi * 2, hi)
        fail |= m & (hi > 700)
    active = ~fail
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        neg = f(mid) < 0
        lo = np.where(active & neg, mid, lo)
        hi = np.where(active & ~neg, mid, hi)
        active &= ~(hi - lo < 1e-13)
        if not active.any():
            break
    g[idx] = np.where(fail, np.nan, np.expm1(0.5 * (lo + hi)))
    return g


def bound_aim(kind, a, b, d):
    """Bound.aim: the written value, or the end of a range that must be reached."""
    return np.where(kind == RANGE, np.where(d > 0, a, np.where(d < 0, b, (a + b) / 2)), a)


def is_met(kind, a, b, x, d, tol):
    """Bound.isMet, elementwise (a = value, or the range's low end; b = the range's high end)."""
    band = np.abs(a) * tol
    return np.select(
        [kind == GE, kind == GT, kind == LE, kind == LT, kind == REACH, kind == ABOUT, kind == RANGE],
        [x >= a, x > a, x <= a, x < a,
         np.where(d > 0, x >= a, np.where(d < 0, x <= a, x == a)),
         np.where(d > 0, x >= a - band, np.where(d < 0, x <= a + band, np.abs(x - a) <= band)),
         np.where(d > 0, x >= a, np.where(d < 0, x <= b, (x >= a) & (x <= b)))],
        False)


def meeting_set(kind, a, b, d, tol):
    """[lo, hi], the values that meet the bound (docs/panel.md step 5)."""
    inf = np.inf
    band = np.abs(a) * tol
    lo = np.select([(kind == GE) | (kind == GT), (kind == LE) | (kind == LT), kind == REACH, kind == ABOUT, kind == RANGE],
                   [a, -inf, np.where(d < 0, -inf, a), np.where(d < 0, -inf, a - band), np.where(d < 0, -inf, a)], np.nan)
    hi = np.select([(kind == GE) | (kind == GT), (kind == LE) | (kind == LT), kind == REACH, kind == ABOUT, kind == RANGE],
                   [inf, a, np.where(d > 0, inf, a), np.where(d > 0, inf, a + band), np.where(d > 0, inf, b)], np.nan)
    return lo, hi


def grade(r):
    """ProgressThresholds.standard."""
    return np.select([r >= 0.95, r >= 0.60, r >= 0], [ON_TRACK, NEEDS_ACC, LIMITED], MOVING_AWAY).astype(np.int8)


def contiguous(ok, yrs, start, end):
    """Assessor.contiguousFlows: how many years are observed without a gap from `start` (≤ end)."""
    inwin = (yrs[None, :] >= start[:, None]) & (yrs[None, :] <= end[:, None])
    run = np.logical_and.accumulate(ok | (yrs[None, :] < start[:, None]), axis=1) & inwin
    run &= (start >= yrs[0])[:, None]          # the first year of the period must be in the panel
    return run.sum(axis=1), run


def row_fit2(t, z, w):
    """Least squares z = a + b·t per row over the weights w (0/1): (a, b, S0, S1, S2)."""
    s0, s1, s2 = w.sum(1), (w * t).sum(1), (w * t * t).sum(1)
    sz, stz = (w * z).sum(1), (w * t * z).sum(1)
    det = s0 * s2 - s1 * s1
    with np.errstate(divide="ignore", invalid="ignore"):    # rows with < 2 points: not used
        a = (s2 * sz - s1 * stz) / det
        b = (s0 * stz - s1 * sz) / det
    return a, b, s0, s1, s2, det


# =============================================================================================
# The rules, for a block of targets

def assess(t, Y, yrs, tol):
    n, ny = Y.shape
    ok = np.isfinite(Y)
    Y = np.where(ok, Y, np.nan)
    rows = np.arange(n)
    form, bk = t["form"], t["bound"]
    va, vh = t["value"], t["value_high"]
    by, ty = t["baseline_year"], t["target_year"]
    out = {
        "status": np.full(n, NOT_ASSESSABLE, np.int8), "direction": np.zeros(n, np.int8),
        "method": np.full(n, -1, np.int8), "baseline_year": by.copy(), "baseline": np.full(n, np.nan),
        "aim": np.full(n, np.nan), "latest_year": np.full(n, -1, np.int64), "latest": np.full(n, np.nan),
        "expected_at_latest": np.full(n, np.nan), "gap_to_path": np.full(n, np.nan),
        "rate_unit": np.full(n, -1, np.int8), "required_from_baseline": np.full(n, np.nan),
        "required_from_latest": np.full(n, np.nan), "actual_rate": np.full(n, np.nan),
        "ratio": np.full(n, np.nan), "n_fit": np.full(n, -1, np.int64), "model": np.full(n, -1, np.int8),
        "projected": np.full(n, np.nan), "pi80_low": np.full(n, np.nan), "pi80_high": np.full(n, np.nan),
        "p_reach": np.full(n, np.nan),
    }

    # ---- prepare --------------------------------------------------------------------------
    a_b = va                                                  # a bound is (kind, a, b): b is
    b_b = np.where(bk == RANGE, vh, va)                       # a range's high end
    center = np.where(bk == RANGE, (va + vh) / 2, va)
    B0 = t["baseline"]
    live = (form >= 0) & (form != CATEGORICAL) & (bk >= 0) & (bk != NONE)
    live &= np.isfinite(center) & ~np.isinf(B0) & (ty > by)

    has = ok.any(1)
    first = np.argmax(ok, 1)
    last = ny - 1 - np.argmax(ok[:, ::-1], 1)
    first_year, last_year = yrs[first], yrs[last]
    kb = by - yrs[0]
    at_by = (kb >= 0) & (kb < ny)
    obs_by = at_by & ok[rows, np.clip(kb, 0, ny - 1)]
    printed = ~np.isnan(B0)
    from_obs = ~printed & (obs_by | (has & (first_year < ty)))
    has_base = printed | from_obs
    base_year = np.where(printed | obs_by, by, first_year)
    base = np.where(printed, B0, np.where(obs_by, Y[rows, np.clip(kb, 0, ny - 1)], Y[rows, first]))
    base = np.where(has_base, base, np.nan)

    dexp = t["direction"]
    vs_base = np.where(~has_base, 0, np.where(center > base, 1, np.where(center < base, -1, 0)))
    inferred = np.select([(bk == GE) | (bk == GT), (bk == LE) | (bk == LT)], [1, -1], vs_base).astype(np.int8)
    d = np.select([dexp != 0, form == REDUCTION, (form == AVERAGE) & ((bk == LE) | (bk == LT)), form == AVERAGE],
                  [dexp, -1, -1, 1], inferred).astype(np.int8)
    d = np.where(live, d, 0).astype(np.int8)
    out["direction"] = d
    out["baseline"] = np.where(live & has_base, base, np.nan)
    out["baseline_year"] = np.where(live & has_base, base_year, -1)     # empty when no baseline is used
    # n_fit: the points of a value target's series when the trend models can be fitted (n ≥ 3), else 0.
    npts = ok.sum(1)
    out["n_fit"] = np.where((form >= 0) & (form <= REDUCTION) & (npts >= 3), npts, 0)

    value_form = live & (form <= REDUCTION)
    _assess_value(out, value_form, t, Y, ok, yrs, form, bk, a_b, b_b, center, d, has_base, from_obs,
                  base_year, base, has, last, last_year, tol)
    _assess_period(out, live & (form == CUMULATIVE), live & (form == AVERAGE), t, Y, ok, yrs, bk, a_b, b_b,
                   d, has_base, base_year, base, tol)
    return out


def _assess_value(out, sel, t, Y, ok, yrs, form, bk, a_b, b_b, center, d, has_base, from_obs, base_year, base,
                  has, last, last_year, tol):
    ty = t["target_year"]
    rows = np.arange(Y.shape[0])
    # No baseline: achieved if the last observation meets the bound (not for reductions).
    nb = sel & ~has_base
    out["aim"] = np.where(nb, bound_aim(bk, a_b, b_b, d), out["aim"])
    out["latest_year"] = np.where(nb & has, last_year, out["latest_year"])
    out["latest"] = np.where(nb & has, Y[rows, last], out["latest"])
    met_nb = nb & has & (form != REDUCTION) & is_met(bk, a_b, b_b, Y[rows, last], d, tol)
    out["status"] = np.where(nb, np.where(met_nb, ACHIEVED, NO_BASELINE), out["status"]).astype(np.int8)
    # A reduction needs a positive baseline level.
    sel = sel & has_base & ~((form == REDUCTION) & ~(base > 0))
    idx = np.flatnonzero(sel)
    if idx.size == 0:
        return
    Yr, okr = Y[idx], ok[idx]
    f, k, a0, b0 = form[idx], bk[idx], a_b[idx], b_b[idx]
    dd = d[idx]
    red = f == REDUCTION
    level = np.where(red, base[idx], 1.0)
    # Reductions: an index, baseline year = 100, and the bound restated on it.
    Yi = np.where(red[:, None], 100 * Yr / level[:, None], Yr)
    B = np.where(red, 100.0, base[idx])
    cut = 100 - center[idx]
    kind = np.where(red, np.select([(k == REACH) | (k == GE), k == GT, k == LE, k == LT], [LE, LT, GE, GT], k), k)
    ka = np.where(red, np.where(k == RANGE, 100 - b0, cut), a0)
    kb_ = np.where(red, np.where(k == RANGE, 100 - a0, cut), b0)
    meth = t["method"][idx]
    method = np.where(meth >= 0, meth, np.where((f == LEVEL) | red, COMPOUND, LINEAR))
    aim = bound_aim(kind, ka, kb_, dd)
    t0, tT = base_year[idx], ty[idx]
    ly = last_year[idx]
    has_latest = has[idx] & (ly > t0)
    A = np.where(has_latest, Yi[np.arange(idx.size), last[idx]], np.nan)
    fallback = (method == COMPOUND) & ((B <= 0) | (aim <= 0) | (has_latest & (A <= 0)))
    method = np.where(fallback, LINEAR, method)
    comp = method == COMPOUND
    span = tT - t0
    with np.errstate(divide="ignore", invalid="ignore"):
        required = np.where(comp, np.expm1(np.log(aim / B) / span), (aim - B) / span)
    required = np.where(comp & ~np.isfinite(required), 0.0, required)

    out["baseline"][idx] = B
    out["aim"][idx] = aim
    out["method"][idx] = method
    out["rate_unit"][idx] = np.where(comp, 0, 1)
    out["required_from_baseline"][idx] = np.where(comp, required * 100, required)

    status = np.full(idx.size, NOT_ASSESSABLE, np.int8)
    # No actual after the baseline: achieved when the stand-in baseline already meets the target.
    stand_in = ~has_latest & from_obs[idx] & is_met(kind, ka, kb_, B, dd, tol)
    status = np.where(~has_latest, np.where(stand_in, ACHIEVED, INSUFFICIENT), status)
    out["latest_year"][idx] = np.where(stand_in, t0, np.where(has_latest, ly, -1))
    out["latest"][idx] = np.where(stand_in, B, A)

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frac = (ly - t0) / span
        expected = np.where(ly == tT, aim, np.where(comp, B * np.exp(np.log(aim / B) * frac), B + (aim - B) * frac))
        gap = A - expected
        elapsed = ly - t0
        left = tT - ly
        actual = np.where(comp, np.expm1(np.log(A / B) / elapsed), (A - B) / elapsed)
        rfl = np.where(comp, np.expm1(np.log(aim / A) / left), (aim - A) / left)
    hl = has_latest
    out["expected_at_latest"][idx] = np.where(hl, expected, np.nan)
    out["gap_to_path"][idx] = np.where(hl & np.isfinite(gap), gap, np.nan)
    out["actual_rate"][idx] = np.where(hl, np.where(comp, actual * 100, actual), np.nan)
    out["required_from_latest"][idx] = np.where(hl & (ly < tT), np.where(comp, rfl * 100, rfl), np.nan)

    met = hl & is_met(kind, ka, kb_, A, dd, tol)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = dd * actual / np.abs(required)
    gradable = hl & ~met & (dd != 0) & (required != 0)
    finite = gradable & np.isfinite(ratio)
    status = np.select([met, hl & (dd == 0), hl & (required == 0), finite], [ACHIEVED, NOT_ASSESSABLE, MOVING_AWAY, grade(ratio)],
                       np.where(hl, NOT_ASSESSABLE, status)).astype(np.int8)
    out["ratio"][idx] = np.where(finite, ratio, np.nan)
    out["status"][idx] = status

    # ---- projection (docs/panel.md): every value target with a baseline (reductions: a positive
    # level, to make the index), whatever its status.
    _project(out, idx, Yr, okr, yrs, tT, comp, red, level, kind, ka, kb_, dd, tol)


def _project(out, idx, Y, ok, yrs, tT, comp, red, level, kind, ka, kb_, dd, tol):
    n_pts = ok.sum(1)
    last_obs = yrs[ok.shape[1] - 1 - np.argmax(ok[:, ::-1], 1)]
    go = (n_pts >= 3) & (tT > last_obs)
    if not go.any():
        return
    sub = np.flatnonzero(go)
    idx, Y, ok, tT, comp, red, level = idx[sub], Y[sub], ok[sub], tT[sub], comp[sub], red[sub], level[sub]
    kind, ka, kb_, dd, n = kind[sub], ka[sub], kb_[sub], dd[sub], n_pts[sub].astype(np.float64)
    w = ok.astype(np.float64)
    tbar = (w * yrs).sum(1) / n
    t = np.where(ok, yrs[None, :] - tbar[:, None], 0.0)
    y = np.where(ok, Y, 0.0)
    positive = np.all(~ok | (Y > 0), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(ok & positive[:, None], np.log(np.where(ok & (Y > 0), Y, 1.0)), 0.0)

    # Linear and log-linear: 2×2 normal equations in centred t.
    a1, b1, s0, s1, s2, det = row_fit2(t, y, w)
    rss1 = (w * (y - a1[:, None] - b1[:, None] * t) ** 2).sum(1)
    a2, b2, *_ = row_fit2(t, z, w)
    rss2 = (w * (z - a2[:, None] - b2[:, None] * t) ** 2).sum(1)
    # Quadratic: batched 3×3 solves (n ≥ 6 only).
    quad_ok = n >= 6
    s3, s4 = (w * t ** 3).sum(1), (w * t ** 4).sum(1)
    A3 = np.stack([np.stack([s0, s1, s2], -1), np.stack([s1, s2, s3], -1), np.stack([s2, s3, s4], -1)], -2)
    A3[~quad_ok] = np.eye(3)
    x = tT - tbar
    x0q = np.stack([np.ones_like(x), x, x * x], -1)
    rhs = np.stack([(w * y).sum(1), (w * t * y).sum(1), (w * t * t * y).sum(1)], -1)
    sol = np.linalg.solve(A3, np.stack([rhs, x0q], -1))
    beta3, hz = sol[..., 0], sol[..., 1]
    rss3 = (w * (y - beta3[:, 0:1] - beta3[:, 1:2] * t - beta3[:, 2:3] * t * t) ** 2).sum(1)

    # AICc with floored RSS; the log-linear one on the scale of the data (Jacobian 2·Σ ln y).
    def aicc(rss, k):
        with np.errstate(divide="ignore", invalid="ignore"):
            return n * np.log(rss / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)
    floor = n * (1e-10 * (w * np.abs(y)).sum(1) / n) ** 2
    crit = np.stack([aicc(np.maximum(rss1, floor), 3),
                     aicc(np.maximum(rss2, n * 1e-20), 3) + 2 * (w * z).sum(1),
                     aicc(np.maximum(rss3, floor), 4)], -1)
    defined = np.stack([n >= 5, (n >= 5) & positive, n >= 6], -1)
    crit = np.where(defined, crit, np.inf)
    default = np.where(comp & positive, M_LOG, M_LIN)
    best = crit.min(1)
    cand = defined & (crit <= best[:, None] + 1e-6)
    pick = np.select([cand[np.arange(len(default)), default], cand[:, M_LIN], cand[:, M_LOG]], [default, M_LIN, M_LOG], M_QUAD)
    model = np.where(n >= 5, pick, default)

    # Forecast in the target year, 80 % interval, probability of meeting the target.
    lin_like = model != M_QUAD
    yhat = np.select([model == M_LIN, model == M_LOG], [a1 + b1 * x, a2 + b2 * x], (x0q * beta3).sum(1))
    rss = np.choose(model, [rss1, rss2, rss3])
    p = np.where(lin_like, 2, 3)
    h = np.where(lin_like, (s2 - 2 * s1 * x + s0 * x * x) / det, (x0q * hz).sum(1))
    se = np.sqrt(rss / (n - p)) * np.sqrt(1 + h)
    df = (n - p).astype(np.int64)
    udf, inv = np.unique(df, return_inverse=True)
    q = t_quantile(0.9, udf)[inv]
    lo_v, hi_v = yhat - q * se, yhat + q * se
    log = model == M_LOG
    with np.errstate(over="ignore"):
        proj, lo_v, hi_v = np.where(log, np.exp(yhat), yhat), np.where(log, np.exp(lo_v), lo_v), np.where(log, np.exp(hi_v), hi_v)
    # Reductions: forecast on the index scale; the index bound back in the observation's unit.
    set_lo, set_hi = meeting_set(kind, ka, kb_, dd, tol)
    set_lo = np.where(red, set_lo * level / 100, set_lo)
    set_hi = np.where(red, set_hi * level / 100, set_hi)
    with np.errstate(divide="ignore", invalid="ignore"):
        set_lo = np.where(log, np.where(set_lo > 0, np.log(np.where(set_lo > 0, set_lo, 1)), -np.inf), set_lo)
        set_hi = np.where(log, np.where(set_hi > 0, np.log(np.where(set_hi > 0, set_hi, 1)), -np.inf), set_hi)
        zero = se == 0
        sz = np.where(zero, 1.0, se)
        p_reach = np.where(zero, ((yhat >= set_lo) & (yhat <= set_hi)).astype(np.float64),
                           t_cdf((set_hi - yhat) / sz, df) - t_cdf((set_lo - yhat) / sz, df))
    out["model"][idx] = model
    out["projected"][idx] = np.where(red, 100 * proj / level, proj)
    out["pi80_low"][idx] = np.where(red, 100 * lo_v / level, lo_v)
    out["pi80_high"][idx] = np.where(red, 100 * hi_v / level, hi_v)
    out["p_reach"][idx] = np.clip(p_reach, 0.0, 1.0)       # F(hi) − F(lo) can round to −1e-16


def _assess_period(out, cum, avg, t, Y, ok, yrs, bk, a_b, b_b, d, has_base, base_year, base, tol):
    """Cumulative (【】) and average-growth (*) targets."""
    ty, start = t["target_year"], t["period_start"]
    sel = cum | avg
    idx = np.flatnonzero(sel & (ty >= start))
    if idx.size == 0:
        return
    Yr, okr = Y[idx], ok[idx]
    c = cum[idx]
    k_b, ka, kb_, dd = bk[idx], a_b[idx], b_b[idx], d[idx]
    st, tT = start[idx], ty[idx]
    nper = tT - st + 1
    aim = bound_aim(k_b, ka, kb_, dd)
    hb, B, bY = has_base[idx], base[idx], base_year[idx]
    out["aim"][idx] = aim
    out["method"][idx] = np.where(c, CUMUL_M, AVERAGE_M)

    k, run = contiguous(okr, yrs, st, tT)
    flows = np.where(run, Yr, 0.0)
    lastcol = np.clip(st - yrs[0] + k - 1, 0, len(yrs) - 1)
    r = np.arange(idx.size)
    lastv = np.where(k > 0, Yr[r, lastcol], np.nan)
    lasty = st + k - 1
    got = k > 0

    # -------- cumulative
    g = constant_growth(np.where(c & hb, B, np.nan), np.where(c, aim, np.nan), np.where(c, nper, 0))
    total_sum = np.cumsum(flows, axis=1)[r, lastcol]
    total_sum = np.where(got, total_sum, np.nan)
    with np.errstate(invalid="ignore", over="ignore"):
        expected = np.where(np.isfinite(g), flows_sum(np.where(np.isfinite(g), B, 0.0), np.where(np.isfinite(g), g, 0.0), k),
                            aim * k / nper)
    remaining = aim - total_sum
    g_last = constant_growth(np.where(c & got & (k < nper) & (remaining > 0), lastv, np.nan), remaining,
                             np.where(c, nper - k, 0))
    act_ok = c & got & hb & (lastv > 0) & (B > 0) & (lasty > bY)
    with np.errstate(divide="ignore", invalid="ignore"):
        actual_c = np.where(act_ok, np.expm1(np.log(lastv / B) / (lasty - bY)), np.nan)
    proj_c = _project_flows(Yr, okr, run, yrs, k, st, nper, lastv, lasty, total_sum, actual_c)

    # -------- average growth
    gstar = aim / 100
    fr = np.where(run, Yr / 100, 0.0)
    chainable = ~np.any(run & ~(fr > -1), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        lsum = np.cumsum(np.where(run, np.log1p(np.where(run & (fr > -1), fr, 0.0)), 0.0), axis=1)[r, lastcol]
    average = np.where(got & chainable, np.expm1(lsum / np.maximum(k, 1)), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        rfl_a = np.where(gstar > -1, np.expm1((nper * np.log1p(gstar) - lsum) / (nper - k)), np.nan)
    proj_a = _project_rates(fr, run, yrs, k, st, tT, nper, lasty, lsum, average)

    # -------- outputs
    ac = avg[idx]
    out["required_from_baseline"][idx] = np.where(c, g * 100, gstar * 100)
    latest_c, latest_a = total_sum, average * 100
    ok_a = ac & got & chainable
    show = (c & got) | ok_a
    out["latest_year"][idx] = np.where(show, lasty, -1)
    out["latest"][idx] = np.where(c & got, latest_c, np.where(ok_a, latest_a, np.nan))
    out["expected_at_latest"][idx] = np.where(c & got, expected, np.where(ok_a, aim, np.nan))
    gap = np.where(c, total_sum - expected, average * 100 - aim)
    out["gap_to_path"][idx] = np.where(show & np.isfinite(gap), gap, np.nan)
    rfl = np.where(c, np.where(got & (k < nper) & (remaining > 0), g_last, np.nan),
                   np.where(ok_a & (k < nper), rfl_a, np.nan))
    out["required_from_latest"][idx] = rfl * 100
    actual = np.where(c, actual_c, np.where(ok_a, average, np.nan))
    out["actual_rate"][idx] = actual * 100
    any_rate = np.isfinite(out["required_from_baseline"][idx]) | np.isfinite(rfl) | np.isfinite(actual)
    out["rate_unit"][idx] = np.where(any_rate, 0, -1)
    proj = np.where(c, proj_c, proj_a)
    out["projected"][idx] = np.where(show & np.isfinite(proj), proj, np.nan)

    # Status.
    full = k == nper
    met_c = is_met(k_b, ka, kb_, total_sum, dd, tol) & (full | (dd > 0)) & ((k_b != ABOUT) | full)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio_c = np.where((expected > 0) & (total_sum > 0), np.where(dd > 0, total_sum / expected, expected / total_sum), np.nan)
        ratio_a = dd * average / np.abs(gstar)
    met_a = full & is_met(k_b, ka, kb_, average * 100, dd, tol)
    ratio = np.where(c, ratio_c, np.where(gstar == 0, np.nan, ratio_a))
    fin = np.isfinite(ratio)
    status_c = np.select([~got, met_c, dd == 0, fin], [INSUFFICIENT, ACHIEVED, NOT_ASSESSABLE, grade(ratio)], NOT_ASSESSABLE)
    status_a = np.select([~got, ~chainable, met_a, dd == 0, gstar == 0, fin],
                         [INSUFFICIENT, NOT_ASSESSABLE, ACHIEVED, NOT_ASSESSABLE,
                          np.where(dd * average >= 0, ON_TRACK, MOVING_AWAY), grade(ratio)], NOT_ASSESSABLE)
    status = np.where(c, status_c, status_a)
    graded = (status >= ON_TRACK) & ~(ac & (gstar == 0))     # ratios only where grade() set one
    out["ratio"][idx] = np.where(graded & fin, ratio, np.nan)
    out["status"][idx] = status


def _line_fit(years, vals, mask):
    """TrendLine.fit per row over the masked years: (intercept, slope, origin)."""
    w = mask.astype(np.float64)
    m = w.sum(1)
    origin = (w * years).sum(1) / np.maximum(m, 1)
    tc = np.where(mask, years[None, :] - origin[:, None], 0.0)
    a, b, *_ = row_fit2(tc, np.where(mask, vals, 0.0), w)
    return a, b, origin


def _project_flows(Y, ok, run, yrs, k, st, nper, lastv, lasty, total_sum, actual):
    """projectCumulative: the running sum plus the remaining flows (log-linear trend on ≥ 3 positive
    flows, else the actual growth since the baseline, else the latest flow held)."""
    pos = ~np.any(run & ~(Y > 0), axis=1)
    trend = (k >= 3) & pos
    with np.errstate(divide="ignore", invalid="ignore"):
        a, b, origin = _line_fit(yrs, np.log(np.where(run & (Y > 0), Y, 1.0)), run)
    projected = total_sum.copy()
    end = st + nper - 1
    steps = int(np.max(np.where(k > 0, end - lasty, 0), initial=0))
    g1 = np.log1p(np.where(np.isfinite(actual), actual, 0.0))
    with np.errstate(over="ignore", invalid="ignore"):
        for j in range(1, steps + 1):
            year = lasty + j
            on = (k > 0) & (year <= end)
            nxt = np.where(trend, np.exp(a + b * (year - origin)),
                           np.where(np.isfinite(actual), lastv * np.exp(g1 * j), lastv))
            projected = np.where(on, projected + nxt, projected)
    return projected


def _project_rates(fr, run, yrs, k, st, tT, nper, lasty, lsum, average):
    """assessAverageGrowth's projection: the remaining years follow a linear trend of the rates
    (≥ 3), else the average so far; the period's geometric mean."""
    trend = k >= 3
    a, b, origin = _line_fit(yrs, fr, run)
    logsum = lsum.copy()
    bad = ~np.isfinite(average)
    steps = int(np.max(np.where(k > 0, tT - lasty, 0), initial=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        for j in range(1, steps + 1):
            year = lasty + j
            on = (k > 0) & (year <= tT)
            g = np.where(trend, a + b * (year - origin), average)
            bad |= on & ~(g > -1)
            logsum = np.where(on, logsum + np.log1p(np.where(g > -1, g, 0.0)), logsum)
        p = np.expm1(logsum / nper) * 100
    return np.where(bad | (k == 0), np.nan, np.where(k == nper, average * 100, p))


# =============================================================================================
# Output

def write_csv(path, t, out):
    n = len(t["target_id"])

    def num(x):
        return pd.Series(x, dtype=np.float64)

    def integer(x):
        return pd.Series(x, dtype="Int64").mask(x < 0)

    def text(codes, vocab):
        return pd.Categorical.from_codes(codes.astype(np.int64), categories=vocab) if n else pd.Series([], dtype=object)

    df = pd.DataFrame({
        "target_id": t["target_id"], "series_id": t["series_id"], "form": t["form_text"],
        "status": text(out["status"], STATUS),
        "direction": np.select([out["direction"] > 0, out["direction"] < 0], ["higher", "lower"], ""),
        "method": text(out["method"], METHODS),
        "baseline_year": integer(out["baseline_year"]), "baseline": num(out["baseline"]),
        "target_year": t["target_year"], "aim": num(out["aim"]),
        "latest_year": integer(out["latest_year"]), "latest": num(out["latest"]),
        "expected_at_latest": num(out["expected_at_latest"]), "gap_to_path": num(out["gap_to_path"]),
        "rate_unit": text(out["rate_unit"], UNITS),
        "required_from_baseline": num(out["required_from_baseline"]),
        "required_from_latest": num(out["required_from_latest"]), "actual_rate": num(out["actual_rate"]),
        "ratio": num(out["ratio"]), "n_fit": integer(out["n_fit"]), "model": text(out["model"], MODELS),
        "projected": num(out["projected"]), "pi80_low": num(out["pi80_low"]), "pi80_high": num(out["pi80_high"]),
        "p_reach": num(out["p_reach"]),
    }, columns=COLUMNS)
    # Absent numbers: empty; no non-finite number is ever written.
    for c in df.columns:
        if df[c].dtype == np.float64:
            df.loc[~np.isfinite(df[c].to_numpy()), c] = np.nan
    df.to_csv(path, index=False, na_rep="", lineterminator="\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--panel", required=True)
    ap.add_argument("--targets", required=True)
    ap.add_argument("--layout", choices=["auto", "long", "wide"], default="auto")
    ap.add_argument("--as-of", type=int)
    ap.add_argument("--about-tolerance", type=float, default=0.05)
    ap.add_argument("--id-columns")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    ids, yrs, M = read_panel(args.panel, args.layout, args.as_of, args.id_columns)
    t = read_targets(args.targets)
    code = pd.Index(ids).get_indexer(t["series_id"])
    M = np.vstack([M, np.full((1, M.shape[1]), np.nan)])     # the row of series absent from the panel
    code = np.where(code < 0, len(ids), code)
    n = len(code)
    parts = [assess({k: v[lo:lo + BLOCK] for k, v in t.items()}, M[code[lo:lo + BLOCK]], yrs, args.about_tolerance)
             for lo in range(0, max(n, 1), BLOCK)]
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    write_csv(args.output, t, out)


if __name__ == "__main__":
    main()
