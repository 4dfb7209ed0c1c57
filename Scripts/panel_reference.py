#!/usr/bin/env python3
"""Reference implementation of `ontrack assess --panel` (docs/panel.md) in pandas and NumPy.

Reads a panel of observations (long or wide CSV) and a targets CSV, builds a series × year matrix
(NaN for missing) and assesses every target with the rules of Sources/OnTrackNumerics (Assessor,
Assessor+Value, +Cumulative, +AverageGrowth, Projector, TrendFits), vectorised over targets.

The method, as in the Swift engine:
- baseline: printed, else the baseline year's observation, else the first observation after the
  baseline year (Statistics Canada; before the target year, before the period for 【】 targets), or
  with --baseline-rule earliest the earliest observation;
- status: the pace rule graded by R; ex post `achieved`/`missed` (with shortfall) once the target
  year (every year of the period for 【】 and *) is observed, values after the target year ignored
  for value targets; `insufficient_data` when the target year has passed (--evaluation-year, or
  --as-of + 1, or a later observation) without a value;
- projection: the points of `Assessor.fitWindow` (value targets: the observations from the baseline
  year on, none once the data reach the target year; 【】: the flows from the baseline year to the
  last gap-free flow of the period; *: the gap-free rates of the period; nothing once the whole
  period is in). Linear, log-linear and quadratic least-squares trends on centred years (sums of
  powers of t on the masked matrix, batched 3×3 inverses for the quadratic), chosen by AICc; value
  targets get the Student-t forecast, 【】 targets the sum of the remaining fitted flows (exact t for
  linear/quadratic, Fenton–Wilkinson lognormal for log-linear), * targets the delta-method period
  average (linear/quadratic only); fewer than 3 points: `actual_rate` (or `latest_flow`), no
  interval; reach/reach_year; outlook from p_reach; whether an explanation is due.

Vectorisation: no Python loop over targets or series. The loops are over forms, the three models,
bisection steps, the years left in the period (sums of flows and rates, at most the period's
length) and the years of the reach horizon (at most 100, each step on the targets still undecided
only). The explanation columns are not reproduced as text: a row that gets an explanation in the
Swift engine gets the fixed marker below (panel_compare.py compares only their presence).

Student's t distribution: implemented here with NumPy (no SciPy). For an integer number of degrees
of freedom ν the distribution function has a closed form (Abramowitz & Stegun 26.7.3–4: a finite
series in cos²θ with θ = atan(t/√ν)), exact up to rounding; the 0.9 quantile is found by bisection
on it, as OnTrackNumerics.StudentT does.

Output: one CSV row per target in the order of the targets file, the columns of docs/panel.md
(PanelWriter.columns), numbers in shortest round-trip form (full double precision), empty when absent.

Usage: panel_reference.py --panel FILE --targets FILE [--layout auto|long|wide] [--as-of YEAR]
                          [--evaluation-year YEAR] [--about-tolerance 0.05]
                          [--outlook-thresholds 0.8,0.2] [--baseline-rule first-after|earliest]
                          [--id-columns "A,B"] -o OUT.csv
  --evaluation-year defaults to this year (UTC), as in ontrack; pass it explicitly for reproducible runs.
"""
import argparse
import datetime
import os
import re
import sys

import numpy as np
import pandas as pd

MISSING = ["", "NA", "NaN", "..", "-"]
COLUMNS = ["target_id", "series_id", "form", "status", "direction", "method", "baseline_year", "baseline",
           "target_year", "aim", "latest_year", "latest", "expected_at_latest", "gap_to_path", "rate_unit",
           "required_from_baseline", "required_from_latest", "actual_rate", "ratio", "n_fit", "model",
           "projected", "pi80_low", "pi80_high", "p_reach", "outlook", "reach", "reach_year", "shortfall",
           "shortfall_pct", "explanation", "explanation_zh"]
EXPLAINED = ("status and projection point different ways (text not reproduced by the reference)",
             "进度与预测方向不一致（参考实现不生成说明文字）")

FORMS = ["level", "share", "rate", "ratio", "reduction", "cumulative", "average_growth", "categorical"]
LEVEL, SHARE, RATE, RATIO, REDUCTION, CUMULATIVE, AVERAGE, CATEGORICAL = range(8)
BOUNDS = ["reach", ">=", ">", "<=", "<", "about", "range", "none"]
REACH, GE, GT, LE, LT, ABOUT, RANGE, NONE = range(8)
STATUS = ["not_assessable", "not_comparable", "insufficient_data", "no_baseline", "achieved", "on_track",
          "needs_acceleration", "limited_progress", "moving_away", "missed"]
NOT_ASSESSABLE, NOT_COMPARABLE, INSUFFICIENT, NO_BASELINE, ACHIEVED, ON_TRACK, NEEDS_ACC, LIMITED, MOVING_AWAY, MISSED = range(10)
METHODS = ["compound", "linear", "cumulative", "average"]
COMPOUND, LINEAR, CUMUL_M, AVERAGE_M = range(4)
MODELS = ["linear", "log_linear", "quadratic", "actual_rate", "latest_flow"]
M_LIN, M_LOG, M_QUAD, M_RATE, M_FLOW = range(5)
REACHES = ["met", "reached", "never"]
R_MET, R_REACHED, R_NEVER = range(3)
OUTLOOKS = ["likely", "uncertain", "unlikely"]
UNITS = ["%/yr", "pt/yr"]
HORIZON = 100              # Schedule.horizon: the reach year is looked for this many years ahead
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




def probability(center, se, lo, hi, df):
    """P(lo ≤ Y ≤ hi) for Y = center + se·T, T Student t with df degrees of freedom (TrendFits.forecast,
    Projector.sumOfFlows): 0 for an empty set, an indicator (with a relative slack of 1e-9) when se = 0."""
    zero = se == 0
    slack = 1e-9 * np.maximum(1.0, np.abs(center))
    inside = (center >= lo - slack) & (center <= hi + slack)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sz = np.where(zero | ~np.isfinite(se), 1.0, se)
        pr = t_cdf((hi - center) / sz, df) - t_cdf((lo - center) / sz, df)
    pr = np.where(zero, inside.astype(np.float64), pr)
    pr = np.where((hi < lo) | (hi == -np.inf), 0.0, pr)
    return np.clip(pr, 0.0, 1.0)


_TQ = {}


def t90(df):
    """t₀.₉(df), elementwise, from a table (as StudentT caches it)."""
    df = np.asarray(df, np.int64)
    top = int(df.max(initial=1))
    if top not in _TQ:
        _TQ[top] = np.concatenate([[np.nan], t_quantile(0.9, np.arange(1, top + 1))])
    return _TQ[top][np.clip(df, 0, top)]


# =============================================================================================
# Trend models (TrendFits, TrendFitter)

class Fits:
    """The trend models of TrendFits fitted to the masked values of every row: linear and
    log-linear (every value > 0) in closed form on centred years, the quadratic (n ≥ 6) by batched
    3×3 normal equations; the AICc choice, Student-t forecasts."""

    def __init__(self, V, W, yrs):
        N = V.shape[0]
        wf = W.astype(np.float64)
        n = wf.sum(1)
        self.N, self.n = N, n
        self.origin = (wf * yrs).sum(1) / n
        first = np.argmax(W, 1)
        last = W.shape[1] - 1 - np.argmax(W[:, ::-1], 1)
        self.first_year, self.last_year = yrs[first], yrs[last]
        tau = np.where(W, yrs[None, :] - self.origin[:, None], 0.0)
        y = np.where(W, V, 0.0)
        pos = W & (V > 0)
        self.positive = ~np.any(W & ~(V > 0), axis=1)
        z = np.where(pos, np.log(np.where(pos, V, 1.0)), 0.0)
        self.sum_logs = z.sum(1)
        self.mean_abs = np.abs(y).sum(1) / n
        stt = (tau * tau).sum(1)
        self.inv_n, self.inv_stt = 1 / n, 1 / stt
        self.coef = np.zeros((3, N, 3))            # model × row × (a, b, c) on centred years
        self.rss = np.zeros((3, N))
        for m, v in ((M_LIN, y), (M_LOG, z)):
            a = v.sum(1) * self.inv_n
            b = (tau * v).sum(1) * self.inv_stt
            self.coef[m, :, 0], self.coef[m, :, 1] = a, b
            self.rss[m] = (wf * (v - a[:, None] - b[:, None] * tau) ** 2).sum(1)
        self.has_quad = n >= 6
        self.Gq = np.zeros((N, 3, 3))
        q = np.flatnonzero(self.has_quad)
        if q.size:
            tq, yq, wq = tau[q], y[q], wf[q]
            s = [n[q], (wq * tq).sum(1), (wq * tq ** 2).sum(1), (wq * tq ** 3).sum(1), (wq * tq ** 4).sum(1)]
            S = np.stack([np.stack([s[0], s[1], s[2]], -1), np.stack([s[1], s[2], s[3]], -1),
                          np.stack([s[2], s[3], s[4]], -1)], -2)
            G = np.linalg.inv(S)
            rhs = np.stack([yq.sum(1), (tq * yq).sum(1), (tq * tq * yq).sum(1)], -1)
            beta = np.einsum("nij,nj->ni", G, rhs)
            self.coef[M_QUAD, q] = beta
            self.rss[M_QUAD, q] = (wq * (yq - beta[:, 0:1] - beta[:, 1:2] * tq - beta[:, 2:3] * tq * tq) ** 2).sum(1)
            self.Gq[q] = G

    def floor(self, model, r=slice(None)):
        """TrendFits.rssFloor: n·(1e-10·mean|y|)², n·1e-20 on the log scale."""
        n, ma = self.n[r], self.mean_abs[r]
        scale = np.where(ma > 0, ma, 1.0)
        return np.where(model == M_LOG, n * 1e-20, n * (1e-10 * scale) * (1e-10 * scale))

    def aicc(self, m):
        """(value, defined) of model m for every row, on the scale of the data."""
        n = self.n
        k = (3 if m == M_QUAD else 2) + 1
        with np.errstate(divide="ignore", invalid="ignore"):
            v = n * np.log(np.maximum(self.rss[m], self.floor(np.full(self.N, m))) / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)
        if m == M_LOG:
            v = v + 2 * self.sum_logs
        ok = n >= k + 2
        ok &= self.positive if m == M_LOG else (self.has_quad if m == M_QUAD else True)
        return v, ok & np.isfinite(v)

    def select(self, prefer_log, allow_log=True):
        """TrendFits.select: the default model (log-linear for a compound path with positive values, else
        linear), replaced in the order default, the other straight line, quadratic by a model whose AICc
        is lower by more than 1e-6 (n ≥ 5)."""
        logok = self.positive & allow_log
        preferred = np.where(prefer_log & logok, M_LOG, M_LIN)
        crit = [self.aicc(m) for m in (M_LIN, M_LOG, M_QUAD)]
        best = np.full(self.N, -1)
        bval = np.full(self.N, np.nan)
        for slot in range(3):
            m = np.where(preferred == M_LOG, [M_LOG, M_LIN, M_QUAD][slot], [M_LIN, M_LOG, M_QUAD][slot])
            val = np.choose(m, [c[0] for c in crit])
            ok = np.choose(m, [c[1] for c in crit])
            if not allow_log:
                ok &= m != M_LOG
            take = ok & ((best < 0) | (val < bval - 1e-6))
            best = np.where(take, m, best)
            bval = np.where(take, val, bval)
        return np.where(best < 0, preferred, best)

    def params(self, model, r=slice(None)):
        """a, b, c, rss, (XᵀX)⁻¹ (k × 3 × 3), p and df of `model` for rows r."""
        idx = np.arange(self.N)[r]
        a, b, c = (self.coef[model, idx, j] for j in range(3))
        rss = self.rss[model, idx]
        G = np.zeros((idx.size, 3, 3))
        G[:, 0, 0], G[:, 1, 1] = self.inv_n[idx], self.inv_stt[idx]
        quad = model == M_QUAD
        G[quad] = self.Gq[idx[quad]]
        p = np.where(quad, 3, 2)
        return a, b, c, rss, G, p, (self.n[idx] - p).astype(np.int64)

    def forecast(self, model, year, lo, hi, r=slice(None)):
        """TrendFits.forecast in `year` for rows r: (point, low, high, probability, valid)."""
        a, b, c, rss, G, p, df = self.params(model, r)
        x = year - self.origin[r]
        center = a + b * x + c * x * x
        h = G[:, 0, 0] + 2 * G[:, 0, 1] * x + 2 * G[:, 0, 2] * x * x + G[:, 1, 1] * x * x \
            + 2 * G[:, 1, 2] * x * x * x + G[:, 2, 2] * x * x * x * x
        exact = rss <= self.floor(model, r)
        with np.errstate(invalid="ignore", over="ignore"):
            se = np.where(exact, 0.0, np.sqrt(rss / df * (1 + h)))
            q = t90(df)
            low, high = center - q * se, center + q * se
            log = model == M_LOG
            point = np.where(log, np.exp(center), center)
            low, high = np.where(log, np.exp(low), low), np.where(log, np.exp(high), high)
            with np.errstate(divide="ignore"):
                lo = np.where(log, np.where(lo > 0, np.log(np.where(lo > 0, lo, 1.0)), -np.inf), lo)
                hi = np.where(log, np.where(hi > 0, np.log(np.where(hi > 0, hi, 1.0)), -np.inf), hi)
            pr = probability(center, se, lo, hi, df)
        valid = np.isfinite(center) & np.isfinite(se) & np.isfinite(point) & np.isfinite(low) & np.isfinite(high) \
            & np.isfinite(pr)
        return point, low, high, pr, valid


class FlowSums:
    """Projector.sumOfFlows for many rows, accumulated one year at a time: after s steps, S = the sum
    of the fitted flows of the s years after the last flow, its point value (Σ fitted; Σ medians for
    log-linear), spread and 80 % interval. Linear and quadratic: se² = s²(hᵀGh + s), h = Σ x_j.
    Log-linear: Fenton–Wilkinson, from the running first and second moments of Σ exp(L_j)."""

    def __init__(self, fits, model, last_year, steps):
        self.a, self.b, self.c, rss, self.G, _, self.df = fits.params(model)
        exact = rss <= fits.floor(model)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.s2 = np.where(exact, 0.0, rss / self.df)
        self.q = t90(self.df)
        self.log = model == M_LOG
        self.tau0 = last_year - fits.origin
        N = len(model)
        self.s = 0                              # steps taken (the rows stepped are always at the same step)
        self.count = np.zeros(N)                # years summed, per row
        self.point = np.zeros(N)
        self.h = np.zeros((N, 3))
        self.mean = np.zeros(N)
        self.second = np.zeros(N)
        self.mu = np.zeros((N, steps))
        self.cd = np.zeros((N, steps))
        self.tau = np.zeros((N, steps))

    def _xgx(self, G, t1, t2):
        """x(t1)ᵀ G x(t2) for the log-linear design x = (1, t, 0)."""
        return G[:, 0, 0] + G[:, 0, 1] * (t1 + t2) + G[:, 1, 1] * t1 * t2

    def step(self, r):
        """Adds the next year's flow for rows r (all at the same step)."""
        j = self.s
        tau = self.tau0[r] + j + 1
        f = self.a[r] + self.b[r] * tau + self.c[r] * tau * tau
        log = self.log[r]
        G, s2 = self.G[r], self.s2[r]
        with np.errstate(over="ignore", invalid="ignore"):
            # straight lines and quadratic
            self.point[r] += np.where(log, np.exp(f), f)
            self.h[r] += np.stack([np.ones_like(tau), tau, tau * tau], -1) * (~log)[:, None]
            # log-linear moments
            cjj = s2 * (self._xgx(G, tau, tau) + 1)
            self.mean[r] += np.where(log, np.exp(f + cjj / 2), 0.0)
            if j:
                tp = self.tau[r, :j]
                cik = s2[:, None] * (G[:, 0, 0, None] + G[:, 0, 1, None] * (tp + tau[:, None]) + G[:, 1, 1, None] * tp * tau[:, None])
                cross = np.exp(self.mu[r, :j] + f[:, None] + (self.cd[r, :j] + cjj[:, None] + 2 * cik) / 2).sum(1)
            else:
                cross = 0.0
            self.second[r] += np.where(log, 2 * cross + np.exp(2 * f + 2 * cjj), 0.0)
        self.mu[r, j], self.cd[r, j], self.tau[r, j] = f, cjj, tau
        self.count[r] += 1
        self.s = j + 1

    def values(self, r, lo=None, hi=None):
        """(point, low, high, probability of lo ≤ S ≤ hi, valid) of the sum so far for rows r."""
        log = self.log[r]
        m = self.count[r]
        G, h, s2 = self.G[r], self.h[r], self.s2[r]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            hgh = np.einsum("ni,nij,nj->n", h, G, h)
            se = np.sqrt(s2 * (hgh + m))
            point = self.point[r]
            mean, second = self.mean[r], self.second[r]
            sigma2 = np.maximum(0.0, np.log(second / (mean * mean)))
            sigma = np.sqrt(sigma2)
            center = np.log(mean) - sigma2 / 2
            q = self.q[r]
            lowl = np.where(sigma == 0, point, np.exp(center - q * sigma))
            highl = np.where(sigma == 0, point, np.exp(center + q * sigma))
            ok_lin = np.isfinite(point) & np.isfinite(se)
            ok_log = (mean > 0) & np.isfinite(second) & np.isfinite(point) & np.isfinite(lowl) & np.isfinite(highl)
            low = np.where(log, np.minimum(lowl, point), point - q * se)
            high = np.where(log, np.maximum(highl, point), point + q * se)
            pr = None
            if lo is not None:
                lo2 = np.where(log, np.where(lo > 0, np.log(np.where(lo > 0, lo, 1.0)), -np.inf), lo)
                hi2 = np.where(log, np.where(hi > 0, np.log(np.where(hi > 0, hi, 1.0)), -np.inf), hi)
                pr = probability(np.where(log, center, point), np.where(log, sigma, se), lo2, hi2, self.df[r])
                pr = np.where(log & (hi2 == -np.inf), 0.0, pr)
        return point, low, high, pr, np.where(log, ok_log, ok_lin)


def trend_reach(latest_year, latest_value, d, met, monotone, value_at):
    """Projector.trendReach for many rows: (code, year) with code R_MET, R_REACHED, R_NEVER or −1 (no
    direction, or a value that cannot be computed on the way). met(rows, v) tells whether v meets the
    target; value_at(rows, j) gives (value, valid) j years after the latest actual, called with
    j = 1, 2, … on the rows still undecided."""
    n = len(d)
    code = np.full(n, -1, np.int8)
    year = np.full(n, -1, np.int64)
    allr = np.arange(n)
    m0 = (d != 0) & met(allr, latest_value)
    code[m0], year[m0] = R_MET, latest_year[m0]
    active = np.flatnonzero((d != 0) & ~m0)
    prev = np.full(n, np.nan)
    for j in range(1, HORIZON + 1):
        if active.size == 0:
            break
        v, valid = value_at(active, j)
        hit = valid & met(active, v)
        code[active[hit]], year[active[hit]] = R_REACHED, latest_year[active[hit]] + j
        stop = valid & ~hit & monotone[active] & (j > 1) & (d[active] * (v - prev[active]) <= 0)
        code[active[stop]] = R_NEVER
        prev[active] = v
        active = active[valid & ~hit & ~stop]          # an invalid value: no reach (−1)
    code[active] = R_NEVER
    return code, year


def schedule(latest_year, latest, aim, pace, percent, d):
    """Schedule.project: the year `latest` reaches `aim` at `pace` a year (compound or points)."""
    gap = aim - latest
    met = d * gap <= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        pts_ok = (pace != 0) & ((pace > 0) == (gap > 0))
        years_p = gap / pace
        growth = np.log1p(np.where(pace > -1, pace, 0.0))
        pct_ok = (latest > 0) & (aim > 0) & (pace > -1) & (pace != 0) & ((growth > 0) == (aim > latest))
        years_c = np.log(aim / latest) / growth
    ok = np.where(percent, pct_ok, pts_ok)
    years = np.where(percent, years_c, years_p)
    ok &= np.isfinite(years) & (years <= HORIZON)
    with np.errstate(invalid="ignore"):
        ry = latest_year + np.ceil(np.where(ok, years, 0.0) - 1e-9).astype(np.int64)
    code = np.where(met, R_MET, np.where(ok, R_REACHED, R_NEVER)).astype(np.int8)
    return code, np.where(met, latest_year, np.where(ok, ry, -1))


# =============================================================================================
# The rules, for a block of targets

class Block:
    """The arrays shared by the forms for one block of targets."""


def assess(t, Y, yrs, opt):
    n, ny = Y.shape
    ok = np.isfinite(Y)
    rows = np.arange(n)
    form, bk = t["form"], t["bound"]
    va, vh = t["value"], t["value_high"]
    by, ty = t["baseline_year"], t["target_year"]
    start = t["period_start"]
    out = {
        "status": np.full(n, NOT_ASSESSABLE, np.int8), "direction": np.zeros(n, np.int8),
        "method": np.full(n, -1, np.int8), "baseline_year": by.copy(), "baseline": np.full(n, np.nan),
        "aim": np.full(n, np.nan), "latest_year": np.full(n, -1, np.int64), "latest": np.full(n, np.nan),
        "expected_at_latest": np.full(n, np.nan), "gap_to_path": np.full(n, np.nan),
        "rate_unit": np.full(n, -1, np.int8), "required_from_baseline": np.full(n, np.nan),
        "required_from_latest": np.full(n, np.nan), "actual_rate": np.full(n, np.nan),
        "ratio": np.full(n, np.nan), "n_fit": np.zeros(n, np.int64), "model": np.full(n, -1, np.int8),
        "projected": np.full(n, np.nan), "pi80_low": np.full(n, np.nan), "pi80_high": np.full(n, np.nan),
        "p_reach": np.full(n, np.nan), "outlook": np.full(n, -1, np.int8), "reach": np.full(n, -1, np.int8),
        "reach_year": np.full(n, -1, np.int64), "shortfall": np.full(n, np.nan), "shortfall_pct": np.full(n, np.nan),
        "explained": np.zeros(n, bool),
    }

    # ---- prepare (Assessor.prepare) --------------------------------------------------------
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
    # The target year has passed: a later year is observed, or the evaluation year is later.
    passed = has & (last_year > ty)
    if opt.evaluation_year is not None:
        passed |= opt.evaluation_year > ty
    kb = by - yrs[0]
    at_by = (kb >= 0) & (kb < ny)
    kbc = np.clip(kb, 0, ny - 1)
    obs_by = at_by & ok[rows, kbc]
    printed = ~np.isnan(B0)
    if opt.baseline_rule == "earliest":
        has_si, si = has, first
    else:                                                     # the first observation after the baseline year
        after = ok & (yrs[None, :] > by[:, None])
        has_si, si = after.any(1), np.argmax(after, 1)
    latest_stand_in = np.where(form == CUMULATIVE, start - 1, ty - 1)
    stand_in = ~printed & ~obs_by & has_si & (yrs[si] <= latest_stand_in)
    from_obs = ~printed & (obs_by | stand_in)
    has_base = printed | from_obs
    base_year = np.where(printed | obs_by, by, yrs[si])
    base = np.where(printed, B0, np.where(obs_by, Y[rows, kbc], Y[rows, si]))
    base = np.where(has_base, base, np.nan)
    # Where the projection's points start (fitWindow): the baseline year, or with the earliest rule
    # and no baseline printed or observed, the first observation.
    fit_from = np.where((opt.baseline_rule == "earliest") & ~printed & ~obs_by & has, first_year, by)

    dexp = t["direction"]
    vs_base = np.where(~has_base, 0, np.where(center > base, 1, np.where(center < base, -1, 0)))
    inferred = np.select([(bk == GE) | (bk == GT), (bk == LE) | (bk == LT)], [1, -1], vs_base).astype(np.int8)
    d = np.select([dexp != 0, form == REDUCTION, (form == AVERAGE) & ((bk == LE) | (bk == LT)), form == AVERAGE],
                  [dexp, -1, -1, 1], inferred).astype(np.int8)
    d = np.where(live, d, 0).astype(np.int8)
    out["direction"] = d
    out["baseline"] = np.where(live & has_base, base, np.nan)
    out["baseline_year"] = np.where(live & has_base, base_year, -1)     # empty when no baseline is used

    # The bound a projection is judged on: a reduction's is restated on the index (baseline = 100).
    red = form == REDUCTION
    cut = 100 - center
    kind = np.where(red, np.select([(bk == REACH) | (bk == GE), bk == GT, bk == LE, bk == LT], [LE, LT, GE, GT], bk), bk)
    ka = np.where(red, np.where(bk == RANGE, 100 - b_b, cut), a_b)
    kbb = np.where(red, np.where(bk == RANGE, 100 - a_b, cut), b_b)

    c = Block()
    c.t, c.Y, c.ok, c.yrs, c.form, c.bk, c.a_b, c.b_b, c.d = t, Y, ok, yrs, form, bk, a_b, b_b, d
    c.kind, c.ka, c.kbb, c.has_base, c.from_obs, c.base_year, c.base = kind, ka, kbb, has_base, from_obs, base_year, base
    c.has, c.last, c.last_year, c.passed, c.fit_from, c.tol = has, last, last_year, passed, fit_from, opt.about_tolerance
    _assess_value(out, live & (form <= REDUCTION), c)
    _assess_period(out, live & (form == CUMULATIVE), live & (form == AVERAGE), c)

    # ---- outlook and explanation (Assessor.finish, Explanation.make) --------------------------
    pr = out["p_reach"]
    has_p = np.isfinite(pr)
    out["outlook"] = np.where(has_p, np.where(pr >= opt.likely, 0, np.where(pr <= opt.unlikely, 2, 1)), -1).astype(np.int8)
    proj = out["model"] >= 0
    meets = is_met(kind, ka, kbb, out["projected"], d, opt.about_tolerance)
    good = meets | (out["outlook"] == 0)
    bad = ~meets | (out["outlook"] == 2)
    st = out["status"]
    behind = (st == NEEDS_ACC) | (st == LIMITED) | (st == MOVING_AWAY)
    # With a projection, a latest actual exists, and insufficient data means the target year passed.
    out["explained"] = proj & ((behind & good) | (((st == ON_TRACK) | (st == ACHIEVED)) & bad) | (st == INSUFFICIENT))
    return out


def shortfall(out, idx, missed, aim, value, d):
    """Assessor.shortfall for the missed targets among idx."""
    short = np.where(d != 0, d * (aim - value), np.abs(aim - value))
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(aim != 0, short / np.abs(aim) * 100, np.nan)
    out["shortfall"][idx] = np.where(missed & np.isfinite(short), short, np.nan)
    out["shortfall_pct"][idx] = np.where(missed & np.isfinite(pct), pct, np.nan)


def _assess_value(out, sel, c):
    """Levels, shares, rates, ratios and reductions (Assessor+Value, Projector.value)."""
    t, Y, ok, yrs, form, d, tol = c.t, c.Y, c.ok, c.yrs, c.form, c.d, c.tol
    ty = t["target_year"]
    rows = np.arange(Y.shape[0])
    # No baseline: achieved if the last observation meets the bound (not for reductions).
    nb = sel & ~c.has_base
    out["aim"] = np.where(nb, bound_aim(c.bk, c.a_b, c.b_b, d), out["aim"])
    last_v = Y[rows, c.last]
    out["latest_year"] = np.where(nb & c.has, c.last_year, out["latest_year"])
    out["latest"] = np.where(nb & c.has, last_v, out["latest"])
    met_nb = nb & c.has & (form != REDUCTION) & is_met(c.bk, c.a_b, c.b_b, last_v, d, tol)
    out["status"] = np.where(nb, np.where(met_nb, ACHIEVED, NO_BASELINE), out["status"]).astype(np.int8)
    # A reduction needs a positive baseline level.
    sel = sel & c.has_base & ~((form == REDUCTION) & ~(c.base > 0))
    idx = np.flatnonzero(sel)
    if idx.size == 0:
        return
    Yr, okr = Y[idx], ok[idx]
    f = form[idx]
    kind, ka, kbb, dd = c.kind[idx], c.ka[idx], c.kbb[idx], d[idx]
    red = f == REDUCTION
    level = np.where(red, c.base[idx], 1.0)
    scale = np.where(red, level / 100, 1.0)          # raw value = index × scale
    # Reductions: an index, baseline year = 100, and the bound restated on it.
    Yi = np.where(red[:, None], 100 * Yr / level[:, None], Yr)
    B = np.where(red, 100.0, c.base[idx])
    meth = t["method"][idx]
    method = np.where(meth >= 0, meth, np.where((f == LEVEL) | red, COMPOUND, LINEAR))
    aim = bound_aim(kind, ka, kbb, dd)
    t0, tT = c.base_year[idx], ty[idx]
    passed = c.passed[idx]
    m = idx.size
    r = np.arange(m)
    # The latest actual after the baseline year, up to the target year (later values say nothing about it).
    L = okr & (yrs[None, :] > t0[:, None]) & (yrs[None, :] <= tT[:, None])
    hl = L.any(1)
    li = L.shape[1] - 1 - np.argmax(L[:, ::-1], 1)
    ly = np.where(hl, yrs[li], -1)
    A = np.where(hl, Yi[r, li], np.nan)
    fallback = (method == COMPOUND) & ((B <= 0) | (aim <= 0) | (hl & (A <= 0)))
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

    # No actual after the baseline: achieved when the observed baseline already meets the target.
    stand_in = ~hl & ~passed & c.from_obs[idx] & is_met(kind, ka, kbb, B, dd, tol)
    out["latest_year"][idx] = np.where(stand_in, t0, ly)
    out["latest"][idx] = np.where(stand_in, B, A)

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        frac = (ly - t0) / span
        expected = np.where(ly == tT, aim, np.where(comp, B * np.exp(np.log(aim / B) * frac), B + (aim - B) * frac))
        gap = A - expected
        elapsed = ly - t0
        left = tT - ly
        actual = np.where(comp, np.expm1(np.log(A / B) / elapsed), (A - B) / elapsed)
        rfl = np.where(comp, np.expm1(np.log(aim / A) / left), (aim - A) / left)
        ratio = dd * actual / np.abs(required)
    ratio = np.where((dd != 0) & (required != 0) & np.isfinite(ratio), ratio, np.nan)
    out["expected_at_latest"][idx] = np.where(hl, expected, np.nan)
    out["gap_to_path"][idx] = np.where(hl & np.isfinite(gap), gap, np.nan)
    out["actual_rate"][idx] = np.where(hl, np.where(comp, actual * 100, actual), np.nan)
    out["required_from_latest"][idx] = np.where(hl & (ly < tT), np.where(comp, rfl * 100, rfl), np.nan)

    met = hl & is_met(kind, ka, kbb, A, dd, tol)
    ex_post = hl & (ly == tT)
    status = np.select([~hl & stand_in, ~hl, ex_post & met, ex_post, passed, met, dd == 0, required == 0, np.isfinite(ratio)],
                       [ACHIEVED, INSUFFICIENT, ACHIEVED, MISSED, INSUFFICIENT, ACHIEVED, NOT_ASSESSABLE, MOVING_AWAY,
                        grade(ratio)], NOT_ASSESSABLE).astype(np.int8)
    # R is shown ex post, for a passed target year, and where it grades the status.
    shown = hl & (ex_post | passed | (~met & (required != 0)))
    out["ratio"][idx] = np.where(shown, ratio, np.nan)
    out["status"][idx] = status
    shortfall(out, idx, status == MISSED, aim, A, dd)

    # ---- projection: a latest actual before the target year -----------------------------------
    prj = hl & (ly < tT)
    W = okr & (yrs[None, :] >= c.fit_from[idx][:, None])
    nW = W.sum(1)
    fitted = prj & (nW >= 3) & (c.last_year[idx] < tT)      # fitWindow: nothing once the data reach tT
    lo, hi = meeting_set(kind, ka, kbb, dd, tol)           # on the assessment's scale (an index for reductions)
    trend = np.zeros(m, bool)
    fi = np.flatnonzero(fitted)
    if fi.size:
        F = Fits(Yr[fi], W[fi], yrs)
        model = F.select(comp[fi])
        sc = scale[fi]
        point, low, high, pr, valid = F.forecast(model, tT[fi], lo[fi] * sc, hi[fi] * sc)
        g = idx[fi[valid]]
        trend[fi[valid]] = True
        out["model"][g] = model[valid]
        out["n_fit"][g] = F.n[valid].astype(np.int64)
        out["projected"][g] = (point / sc)[valid]
        out["pi80_low"][g] = (low / sc)[valid]
        out["pi80_high"][g] = (high / sc)[valid]
        out["p_reach"][g] = pr[valid]
        # Reach year: the first year the trend meets the target (the quadratic may turn back).
        v = np.flatnonzero(valid)
        Fv = fi[v]
        mv = model[v]

        def met_v(rr, x):
            k = Fv[rr]
            return is_met(kind[k], ka[k], kbb[k], x, dd[k], tol)

        def value_v(rr, j):
            k = Fv[rr]
            pt, _, _, _, ok_ = F.forecast(mv[rr], ly[k] + j, np.full(rr.size, -np.inf), np.full(rr.size, np.inf), v[rr])
            return pt / scale[k], ok_

        code, year = trend_reach(ly[Fv], A[Fv], dd[Fv], met_v, mv != M_QUAD, value_v)
        out["reach"][idx[Fv]], out["reach_year"][idx[Fv]] = code, year
    # Fewer than 3 points (or no finite forecast): the actual rate since the baseline carried forward.
    ri = np.flatnonzero(prj & ~trend)
    if ri.size:
        with np.errstate(over="ignore", invalid="ignore"):
            yrs_left = (tT[ri] - ly[ri]).astype(np.float64)
            v = np.where(comp[ri], A[ri] * np.exp(np.log1p(actual[ri]) * yrs_left), A[ri] + actual[ri] * yrs_left)
        fin = np.isfinite(v)
        g, k = idx[ri[fin]], ri[fin]
        out["model"][g] = M_RATE
        out["projected"][g] = v[fin]
        binding = np.where(dd[k] > 0, np.where(np.isfinite(lo[k]), lo[k], hi[k]), np.where(np.isfinite(hi[k]), hi[k], lo[k]))
        code, year = schedule(ly[k], A[k], binding, actual[k], comp[k], dd[k])
        code = np.where(dd[k] != 0, code, -1)
        out["reach"][g], out["reach_year"][g] = code, np.where(dd[k] != 0, year, -1)


def _assess_period(out, cum, avg, c):
    """Cumulative (【】) and average-growth (*) targets (Assessor+Cumulative, +AverageGrowth)."""
    t, Y, ok, yrs, tol = c.t, c.Y, c.ok, c.yrs, c.tol
    ty, start = t["target_year"], t["period_start"]
    idx = np.flatnonzero((cum | avg) & (ty >= start))
    if idx.size == 0:
        return
    Yr, okr = Y[idx], ok[idx]
    cm, ac = cum[idx], avg[idx]
    k_b, ka, kb_, dd = c.bk[idx], c.a_b[idx], c.b_b[idx], c.d[idx]
    st, tT = start[idx], ty[idx]
    nper = tT - st + 1
    aim = bound_aim(k_b, ka, kb_, dd)
    hb, B, bY = c.has_base[idx], c.base[idx], c.base_year[idx]
    passed = c.passed[idx]
    out["aim"][idx] = aim
    out["method"][idx] = np.where(cm, CUMUL_M, AVERAGE_M)

    k, run = contiguous(okr, yrs, st, tT)
    flows = np.where(run, Yr, 0.0)
    lastcol = np.clip(st - yrs[0] + k - 1, 0, len(yrs) - 1)
    r = np.arange(idx.size)
    got = k > 0
    lastv = np.where(got, Yr[r, lastcol], np.nan)
    lasty = st + k - 1
    full = k == nper
    open_ = got & ~full                                   # something observed, years left: projected

    # -------- cumulative
    g = constant_growth(np.where(cm & hb, B, np.nan), np.where(cm, aim, np.nan), np.where(cm, nper, 0))
    total_sum = np.where(got, np.cumsum(flows, axis=1)[r, lastcol], np.nan)
    with np.errstate(invalid="ignore", over="ignore"):
        expected = np.where(np.isfinite(g), flows_sum(np.where(np.isfinite(g), B, 0.0), np.where(np.isfinite(g), g, 0.0), k),
                            aim * k / nper)
    remaining = aim - total_sum
    g_last = constant_growth(np.where(cm & got & (k < nper) & (remaining > 0), lastv, np.nan), remaining,
                             np.where(cm, nper - k, 0))
    act_ok = cm & got & hb & (lastv > 0) & (B > 0) & (lasty > bY)
    with np.errstate(divide="ignore", invalid="ignore"):
        actual_c = np.where(act_ok, np.expm1(np.log(lastv / B) / (lasty - bY)), np.nan)
        ratio_c = np.where((dd != 0) & (expected > 0) & (total_sum > 0),
                           np.where(dd > 0, total_sum / expected, expected / total_sum), np.nan)
    met_c = is_met(k_b, ka, kb_, total_sum, dd, tol)
    early_c = ~full & met_c & (dd > 0) & (k_b != ABOUT)    # a floor met early is met for good
    status_c = np.select([~got, full & met_c, full, early_c, passed, dd == 0, np.isfinite(ratio_c)],
                         [INSUFFICIENT, ACHIEVED, MISSED, ACHIEVED, INSUFFICIENT, NOT_ASSESSABLE, grade(ratio_c)],
                         NOT_ASSESSABLE)

    # -------- average growth
    gstar = aim / 100
    fr = np.where(run, Yr / 100, 0.0)
    chainable = ~np.any(run & ~(fr > -1), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        lsum = np.cumsum(np.where(run, np.log1p(np.where(run & (fr > -1), fr, 0.0)), 0.0), axis=1)[r, lastcol]
        average = np.where(got & chainable, np.expm1(lsum / np.maximum(k, 1)), np.nan)
        rfl_a = np.where(gstar > -1, np.expm1((nper * np.log1p(gstar) - lsum) / (nper - k)), np.nan)
        ratio_a = np.where(gstar == 0, np.nan, dd * average / np.abs(gstar))
    ratio_a = np.where(np.isfinite(ratio_a), ratio_a, np.nan)
    met_a = is_met(k_b, ka, kb_, average * 100, dd, tol)
    status_a = np.select([~got, ~chainable, full & met_a, full, passed, gstar == 0, np.isfinite(ratio_a)],
                         [INSUFFICIENT, NOT_ASSESSABLE, ACHIEVED, MISSED, INSUFFICIENT,
                          np.where(dd * average >= 0, ON_TRACK, MOVING_AWAY), grade(ratio_a)], NOT_ASSESSABLE)

    # -------- outputs
    ok_a = ac & got & chainable
    show = (cm & got) | ok_a
    out["required_from_baseline"][idx] = np.where(cm, g * 100, gstar * 100)
    out["latest_year"][idx] = np.where(show, lasty, -1)
    out["latest"][idx] = np.where(cm & got, total_sum, np.where(ok_a, average * 100, np.nan))
    out["expected_at_latest"][idx] = np.where(cm & got, expected, np.where(ok_a, aim, np.nan))
    gap = np.where(cm, total_sum - expected, average * 100 - aim)
    out["gap_to_path"][idx] = np.where(show & np.isfinite(gap), gap, np.nan)
    rfl = np.where(cm, np.where(got & (k < nper) & (remaining > 0), g_last, np.nan),
                   np.where(ok_a & (k < nper), rfl_a, np.nan))
    out["required_from_latest"][idx] = rfl * 100
    actual = np.where(cm, actual_c, np.where(ok_a, average, np.nan))
    out["actual_rate"][idx] = actual * 100
    any_rate = np.isfinite(out["required_from_baseline"][idx]) | np.isfinite(rfl) | np.isfinite(actual)
    out["rate_unit"][idx] = np.where(any_rate, 0, -1)
    status = np.where(cm, status_c, status_a)
    ratio = np.where(cm, ratio_c, ratio_a)
    out["ratio"][idx] = np.where(show & ~(cm & early_c), ratio, np.nan)
    out["status"][idx] = status
    shortfall(out, idx, status == MISSED, aim, np.where(cm, total_sum, average * 100), dd)

    # -------- projections (fitWindow: nothing before the first flow or once the period is in)
    lo, hi = meeting_set(k_b, ka, kb_, dd, tol)
    yi = yrs[None, :]
    W = np.where(cm[:, None], okr & (yi >= np.minimum(c.fit_from[idx], st)[:, None]) & (yi <= lasty[:, None]), run)
    W &= open_[:, None]
    nW = W.sum(1)
    pc = cm & open_
    pa = ok_a & open_
    _project_flows(out, idx, pc, nW >= 3, Yr, W, yrs, lasty, tT, total_sum, lastv, actual_c, lo, hi, k_b, ka, kb_, dd, tol)
    _project_rates(out, idx, pa, nW >= 3, Yr, W, yrs, lasty, tT, nper, lsum, k, st, lo, hi)


def _project_flows(out, idx, sel, fit, Y, W, yrs, lasty, tT, running, lastv, growth, lo, hi, kind, ka, kb_, dd, tol):
    """Projector.cumulative: the running sum plus the remaining flows under the fitted flow model
    (log-linear preferred), else grown at the flow's actual rate, else held at the latest flow."""
    trend = np.zeros(len(idx), bool)
    fi = np.flatnonzero(sel & fit)
    if fi.size:
        F = Fits(Y[fi], W[fi], yrs)
        model = F.select(np.ones(fi.size, bool))
        steps = tT[fi] - lasty[fi]
        S = FlowSums(F, model, lasty[fi], int(steps.max()))
        for j in range(int(steps.max())):
            S.step(np.flatnonzero(steps > j))
        point, low, high, pr, valid = S.values(slice(None), lo[fi] - running[fi], hi[fi] - running[fi])
        g = idx[fi[valid]]
        trend[fi[valid]] = True
        out["model"][g] = model[valid]
        out["n_fit"][g] = F.n[valid].astype(np.int64)
        out["projected"][g] = (running[fi] + point)[valid]
        out["pi80_low"][g] = (running[fi] + low)[valid]
        out["pi80_high"][g] = (running[fi] + high)[valid]
        out["p_reach"][g] = pr[valid]
        # Reach (totals to reach only): the first year the running total with the fitted flows meets it.
        v = np.flatnonzero(valid & (dd[fi] > 0))
        if v.size:
            Fv = fi[v]
            Fs = _SubFits(F, v)
            R = FlowSums(Fs, model[v], lasty[Fv], HORIZON)

            def value_v(rr, j):
                R.step(rr)
                pt, _, _, _, ok_ = R.values(rr)
                return running[Fv[rr]] + pt, ok_

            code, year = trend_reach(lasty[Fv], running[Fv], dd[Fv], lambda rr, x: is_met(kind[Fv[rr]], ka[Fv[rr]], kb_[Fv[rr]], x, dd[Fv[rr]], tol),
                                     np.zeros(v.size, bool), value_v)
            out["reach"][idx[Fv]], out["reach_year"][idx[Fv]] = code, year
    # Fewer than 3 points: flows grown at the actual rate since the baseline (or held).
    ri = np.flatnonzero(sel & ~trend)
    if ri.size:
        gr = np.where(np.isfinite(growth[ri]), growth[ri], 0.0)
        steps = tT[ri] - lasty[ri]
        total, f = running[ri].copy(), lastv[ri].copy()
        with np.errstate(over="ignore", invalid="ignore"):
            for j in range(int(steps.max())):
                on = steps > j
                f = np.where(on, f * (1 + gr), f)
                total = np.where(on, total + f, total)
        fin = np.isfinite(total)
        k = ri[fin]
        g = idx[k]
        out["model"][g] = np.where(np.isfinite(growth[k]), M_RATE, M_FLOW)
        out["projected"][g] = total[fin]
        v = np.flatnonzero(dd[k] > 0)
        if v.size:
            Fv = k[v]
            state = {"f": lastv[Fv].copy(), "sum": running[Fv].copy()}
            grv = np.where(np.isfinite(growth[Fv]), growth[Fv], 0.0)

            def value_f(rr, j):
                with np.errstate(over="ignore", invalid="ignore"):
                    state["f"][rr] *= 1 + grv[rr]
                    state["sum"][rr] += state["f"][rr]
                return state["sum"][rr], np.isfinite(state["sum"][rr])

            code, year = trend_reach(lasty[Fv], running[Fv], dd[Fv], lambda rr, x: is_met(kind[Fv[rr]], ka[Fv[rr]], kb_[Fv[rr]], x, dd[Fv[rr]], tol),
                                     np.zeros(v.size, bool), value_f)
            out["reach"][idx[Fv]], out["reach_year"][idx[Fv]] = code, year


class _SubFits:
    """The rows v of a Fits (for FlowSums on a subset)."""

    def __init__(self, F, v):
        self.F, self.v = F, v
        self.origin, self.n = F.origin[v], F.n[v]

    def params(self, model):
        return self.F.params(model, self.v)

    def floor(self, model):
        return self.F.floor(model, self.v)


def _project_rates(out, idx, sel, fit, Y, W, yrs, lasty, tT, nper, lsum, k, st, lo, hi):
    """Projector.averageGrowth: the period average A = exp((L + Q)/n) − 1 with Q the log rates of the
    years left under the fitted rate model (linear or quadratic), by the delta method; else the
    average so far held."""
    trend = np.zeros(len(idx), bool)
    fi = np.flatnonzero(sel & fit)
    if fi.size:
        F = Fits(Y[fi], W[fi], yrs)
        model = F.select(np.zeros(fi.size, bool), allow_log=False)
        a, b, c, rss, G, p, df = F.params(model)
        n = nper[fi].astype(np.float64)
        logs = lsum[fi]
        steps = tT[fi] - lasty[fi]
        q = np.zeros(fi.size)
        v = np.zeros((fi.size, 3))
        w2 = np.zeros(fi.size)
        good = np.ones(fi.size, bool)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for j in range(int(steps.max())):
                on = good & (steps > j)
                tau = lasty[fi] + j + 1 - F.origin
                rr = (a + b * tau + c * tau * tau) / 100
                good &= ~(on & ~(rr > -1))
                on &= good
                w = 1 / (1 + rr)
                q = np.where(on, q + np.log1p(rr), q)
                v = np.where(on[:, None], v + w[:, None] * np.stack([np.ones_like(tau), tau, tau * tau], -1), v)
                w2 = np.where(on, w2 + w * w, w2)
            exact = rss <= F.floor(model)
            s2 = np.where(exact, 0.0, rss / df / 10_000)
            se = np.sqrt(s2 * (np.einsum("ni,nij,nj->n", v, G, v) + w2))

            def q_for(x):
                return np.where(x <= -100, -np.inf, np.where(np.isinf(x), x, n * np.log1p(x / 100) - logs))

            def average(x):
                return np.expm1((logs + x) / n) * 100

            tq = t90(df)
            lq, hq = q_for(lo[fi]), q_for(hi[fi])
            pr = probability(q, se, lq, hq, df)
            value, low, high = average(q), average(q - tq * se), average(q + tq * se)
        valid = good & np.isfinite(q) & np.isfinite(se) & np.isfinite(value) & np.isfinite(low) & np.isfinite(high)
        gi = idx[fi[valid]]
        trend[fi[valid]] = True
        out["model"][gi] = model[valid]
        out["n_fit"][gi] = F.n[valid].astype(np.int64)
        out["projected"][gi] = value[valid]
        out["pi80_low"][gi] = low[valid]
        out["pi80_high"][gi] = high[valid]
        out["p_reach"][gi] = pr[valid]
    ri = np.flatnonzero(sel & ~trend)
    if ri.size:
        with np.errstate(invalid="ignore"):
            held = np.expm1(lsum[ri] / k[ri]) * 100
        fin = np.isfinite(held)
        out["model"][idx[ri[fin]]] = M_RATE
        out["projected"][idx[ri[fin]]] = held[fin]


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
        "ratio": num(out["ratio"]), "n_fit": out["n_fit"], "model": text(out["model"], MODELS),
        "projected": num(out["projected"]), "pi80_low": num(out["pi80_low"]), "pi80_high": num(out["pi80_high"]),
        "p_reach": num(out["p_reach"]), "outlook": text(out["outlook"], OUTLOOKS),
        "reach": text(out["reach"], REACHES), "reach_year": integer(out["reach_year"]),
        "shortfall": num(out["shortfall"]), "shortfall_pct": num(out["shortfall_pct"]),
        "explanation": np.where(out["explained"], EXPLAINED[0], ""),
        "explanation_zh": np.where(out["explained"], EXPLAINED[1], ""),
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
    ap.add_argument("--evaluation-year", type=int,
                    help="the year the assessment is made in (default: this year, UTC; the year after --as-of when that is given)")
    ap.add_argument("--about-tolerance", type=float, default=0.05)
    ap.add_argument("--outlook-thresholds", default="0.8,0.2")
    ap.add_argument("--baseline-rule", choices=["first-after", "earliest"], default="first-after")
    ap.add_argument("--id-columns")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    likely, unlikely = (float(x) for x in args.outlook_thresholds.split(","))
    evaluation = args.evaluation_year if args.evaluation_year is not None else datetime.datetime.now(datetime.timezone.utc).year
    opt = argparse.Namespace(about_tolerance=args.about_tolerance, likely=likely, unlikely=unlikely,
                             baseline_rule=args.baseline_rule,
                             evaluation_year=args.as_of + 1 if args.as_of is not None else evaluation)

    ids, yrs, M = read_panel(args.panel, args.layout, args.as_of, args.id_columns)
    t = read_targets(args.targets)
    code = pd.Index(ids).get_indexer(t["series_id"])
    M = np.vstack([M, np.full((1, M.shape[1]), np.nan)])     # the row of series absent from the panel
    code = np.where(code < 0, len(ids), code)
    n = len(code)
    parts = [assess({k: v[lo:lo + BLOCK] for k, v in t.items()}, M[code[lo:lo + BLOCK]], yrs, opt)
             for lo in range(0, max(n, 1), BLOCK)]
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    write_csv(args.output, t, out)


if __name__ == "__main__":
    main()
