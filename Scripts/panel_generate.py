#!/usr/bin/env python3
"""Synthetic panel for `ontrack assess --panel` and Scripts/panel_reference.py (docs/panel.md).

Writes three files to OUT:

- observations-long.csv  `series_id,year,value`: rows grouped by series, except that the rows of
  about 5 % of the series are scattered elsewhere in the file ("rows may come in any order"); about a
  quarter of the missing cells are written as rows whose value is a missing token (empty, `NA`,
  `NaN`, `..`, `-`), the rest are simply absent; a (series, year) never repeats;
- observations-wide.csv  `series_id,2005,…,2024`: the same values, empty cells for gaps;
- targets.csv            one target per series, in the vocabulary of Datasets/FORMAT.md:
  `target_id,series_id,form,bound,value,value_high,baseline,baseline_year,target_year,period_start,direction,method`.

Content, chosen to exercise the single-series rules and the trend models:

- forms: level 40 %, share 12 %, rate 12 %, ratio 4 %, reduction 12 %, cumulative 12 %,
  average_growth 8 %; bounds reach, >=, >, <=, <, about and range; ~3 % of the value targets are
  maintain targets (a floor, cap, plain value or "about" equal to the printed baseline; with reach
  or about and no stated direction the rules cannot tell the direction); ~1 % of the average-growth
  targets are 0 (judged on the sign);
- series shapes: exponential growth with noise, linear trends, exactly constant series, structural
  breaks (level and slope change), gentle curves; levels that cross zero or start at exactly zero
  (compound paths fall back to linear, no log-linear model), rates with negative values; cumulative
  targets on flows (a few with non-positive flows), average-growth targets on annual growth rates in %
  (with a 2020 shock for many series);
- about 15 % of the series have gaps: 1–4 missing years, or a late start (first year 2008–2016);
  a few more are new (first value 2019–2023), discontinued (last value 2013–2019) or not published
  at all (no value: insufficient data or no baseline);
- baseline year 2015–2020, target year 2025–2030 except ~3 % due in 2021–2024 (target year reached);
  the baseline is the baseline-year value as a plan would print it (4 significant digits), empty for
  ~3 % of the targets (the rules then use the observation); directions mostly empty (inferred);
- numbers as a statistical office writes them: values with at most 6 significant digits (constant
  series 4), targets 3 (a reduction's cut and growth-rate targets: one decimal), baselines 4
  (growth rates: one decimal).

The output is deterministic for a given --seed, --series, --years and NumPy version (it uses
numpy.random.default_rng(seed) only; a NumPy release that changes its random streams changes the
data). Everything is vectorised: one million series take well under a minute. Prints one summary
line to stderr.

Usage: panel_generate.py --series N [--years 20] [--seed 42] --out DIR
"""
import argparse
import os
import sys
import time

import numpy as np

FIRST_YEAR = 2005
FORMS = np.array(["level", "share", "rate", "ratio", "reduction", "cumulative", "average_growth"])
FORM_P = [0.40, 0.12, 0.12, 0.04, 0.12, 0.12, 0.08]
BOUNDS = np.array(["reach", ">=", ">", "<=", "<", "about", "range"])
DIRECTIONS = np.array(["", "higher", "lower"])
METHODS = np.array(["", "compound", "linear"])
MISSING_TOKENS = np.array(["", "NA", "NaN", "..", "-"])
POW10 = 10 ** np.arange(19, dtype=np.int64)


# ---------------------------------------------------------------------------------------------
# Decimal numbers as (mantissa, decimals): value = m · 10^(−d), so that files show short numbers.

def sig_round(v, digits):
    """Rounds to `digits` significant digits. Returns (m, d, value) with value = m·10^(−d), the
    nearest double to that decimal (so that every reader parses back exactly `value`)."""
    v = np.asarray(v, dtype=np.float64)
    a = np.abs(v)
    nz = a > 0
    e = np.zeros(v.shape, np.int64)
    e[nz] = np.floor(np.log10(a[nz])).astype(np.int64)
    d = digits - 1 - e
    m = np.rint(scale10(v, d)).astype(np.int64)
    over = np.abs(m) >= 10 ** digits          # 9.99996 → 10.0000: one digit fewer after the point
    if over.any():
        d[over] -= 1
        m[over] = np.rint(scale10(v[over], d[over])).astype(np.int64)
    d[~nz] = 0
    return m, d, from_decimal(m, d)


def fixed_round(v, decimals):
    """Rounds to a fixed number of decimals: (m, d, value) as in sig_round."""
    d = np.full(np.shape(v), decimals, np.int64)
    m = np.rint(scale10(np.asarray(v, np.float64), d)).astype(np.int64)
    return m, d, from_decimal(m, d)


def scale10(v, d):
    """v · 10^d with an exact power of ten (division for negative d)."""
    return np.where(d >= 0, v * 10.0 ** np.clip(d, 0, 22), v / 10.0 ** np.clip(-d, 0, 22))


def from_decimal(m, d):
    return np.where(d >= 0, m / 10.0 ** np.clip(d, 0, 22), m * 10.0 ** np.clip(-d, 0, 22))


# ---------------------------------------------------------------------------------------------
# A CSV writer that formats whole columns at once: each field is laid out in a fixed-width byte
# slot padded with NUL bytes, the rows are concatenated and the padding is dropped. Digits come from
# a table of the zero-padded strings of 0…999999 (every number written here has ≤ 6 digits).

DIGITS = (48 + (np.arange(10 ** 6)[:, None] // 10 ** np.arange(5, -1, -1)) % 10).astype(np.uint8)


def int_field(x, width):
    """Integers 0 ≤ x < 10^width, zero-padded to `width` digits (ids, years)."""
    x = np.asarray(x, np.int64)
    if width <= 6:
        return DIGITS[x][:, 6 - width:]
    head = (48 + (x[:, None] // 10 ** np.arange(width - 1, 5, -1)) % 10).astype(np.uint8)
    return np.concatenate([head, DIGITS[x % 10 ** 6]], axis=1)


def dec_field(m, d, valid):
    """Decimal numbers m·10^(−d) (|m| < 10^6) in plain notation without trailing fractional zeros;
    invalid cells empty. Formats one group of rows per value of d."""
    m = np.where(valid, m, 0)
    d = np.where(valid & (m != 0), d, 0)
    a = np.abs(m)
    if a.size and a.max() >= 10 ** 6:
        raise ValueError("dec_field: mantissa beyond 6 digits")
    lo, hi = int(d.min(initial=0)), int(d.max(initial=0))
    width = 1 + 6 + max(0, -lo) + 2 + max(0, hi - 6)
    out = np.zeros((a.size, width), np.uint8)
    counts = np.bincount(d - lo)
    for k in np.flatnonzero(counts):
        dv = int(k) + lo
        idx = np.flatnonzero(d == dv)
        s = DIGITS[a[idx]]
        nz = s != 48
        sign = np.where(m[idx] < 0, ord("-"), 0).astype(np.uint8)[:, None]
        if dv <= 0:                    # integer: leading zeros dropped (not the units digit), −d zeros
            body = np.where(np.logical_or.accumulate(nz, axis=1) | (np.arange(6) == 5), s, 0)
            parts = [sign, body, np.full((idx.size, -dv), 48, np.uint8)]
        elif dv < 6:                   # int.frac with 6 − d integer digits
            ip, fp, fnz = s[:, :6 - dv], s[:, 6 - dv:], nz[:, 6 - dv:]
            lead = np.logical_or.accumulate(nz[:, :6 - dv], axis=1) | (np.arange(6 - dv) == 5 - dv)
            keep = np.logical_or.accumulate(fnz[:, ::-1], axis=1)[:, ::-1]
            dot = np.where(keep[:, :1], ord("."), 0).astype(np.uint8)
            parts = [sign, np.where(lead, ip, 0), dot, np.where(keep, fp, 0)]
        else:                          # 0.000ddd
            keep = np.logical_or.accumulate(nz[:, ::-1], axis=1)[:, ::-1]
            parts = [sign, np.full((idx.size, 2), [48, 46], np.uint8), np.full((idx.size, dv - 6), 48, np.uint8),
                     np.where(keep, s, 0)]
        block = np.concatenate(parts, axis=1)
        out[idx, :block.shape[1]] = block
    out[~valid] = 0
    return out


def label_field(codes, labels):
    """Small vocabularies (forms, bounds, …) by code."""
    enc = [s.encode() for s in labels]
    w = max(1, max(len(s) for s in enc))
    table = np.zeros((len(enc), w), np.uint8)
    for i, s in enumerate(enc):
        table[i, :len(s)] = np.frombuffer(s, np.uint8)
    return table[codes]


def id_field(prefix, numbers, width):
    return np.concatenate([np.full((numbers.size, 1), ord(prefix), np.uint8), int_field(numbers, width)], axis=1)


def write_rows(fh, fields):
    """Writes one CSV row per index from a list of (R, w) byte matrices (the fields)."""
    n = fields[0].shape[0]
    comma = np.full((n, 1), ord(","), np.uint8)
    parts = []
    for i, f in enumerate(fields):
        if i:
            parts.append(comma)
        parts.append(f)
    parts.append(np.full((n, 1), ord("\n"), np.uint8))
    block = np.concatenate(parts, axis=1).ravel()
    fh.write(block[block != 0].tobytes())


# ---------------------------------------------------------------------------------------------
# Series

def shape_choice(rng, n, p):
    """0 exponential, 1 linear, 2 flat, 3 break, 4 curve."""
    return rng.choice(5, size=n, p=p)


def make_series(rng, form, n, tt, ny):
    """Trend (noise-free, all years through 2030) and observed values (noisy, the data years) for n
    series of one form. tt = 0, 1, … from 2005."""
    T = tt[None, :]
    eps = rng.standard_normal((n, tt.size))
    if form in ("level", "reduction", "cumulative"):
        if form == "level":
            base = np.exp(rng.normal(5.5, 2.0, n)).clip(0.5, 5e7)
            g = rng.normal(0.06, 0.05, n)
            shape = shape_choice(rng, n, [0.42, 0.25, 0.05, 0.18, 0.10])
        elif form == "reduction":
            base = np.exp(rng.normal(1.0, 1.2, n))
            g = rng.normal(-0.035, 0.02, n)
            shape = shape_choice(rng, n, [0.60, 0.15, 0.03, 0.17, 0.05])
        else:
            base = np.exp(rng.normal(6.0, 1.5, n))
            g = rng.normal(0.06, 0.05, n)
            shape = shape_choice(rng, n, [0.60, 0.15, 0.03, 0.17, 0.05])
        sigma = rng.uniform(0.005, 0.05, n)[:, None]
        brk = rng.integers(6, max(7, ny - 3), n)[:, None]
        jump = rng.normal(0.0, 0.15, n)[:, None]
        g2 = (g + rng.normal(0.0, 0.04, n))[:, None]
        curv = rng.normal(0.0, 0.002, n)[:, None]
        b, gg = base[:, None], g[:, None]
        expo = b * np.exp(gg * T)
        lin = b * (1 + gg * T)
        after = b * np.exp(gg * brk) * (1 + jump) * np.exp(g2 * (T - brk))
        broken = np.where(T < brk, expo, after)
        curve = b * (1 + gg * T + curv * T * T)
        s = shape[:, None]
        trend = np.select([s == 0, s == 1, s == 2, s == 3], [expo, lin, np.broadcast_to(b, expo.shape), broken], curve)
        noisy = np.where((s == 1) | (s == 4), trend + b * sigma * eps, trend * np.exp(sigma * eps))
        if form == "level":
            # Balances that cross zero (compound → linear, no log-linear model).
            cross = rng.random(n) < 0.06
            a0 = rng.uniform(-1.0, -0.2, n)[:, None]
            sl = rng.uniform(0.04, 0.15, n)[:, None]
            ct = b * (a0 + sl * T)
            trend = np.where(cross[:, None], ct, trend)
            noisy = np.where(cross[:, None], ct + 0.02 * b * eps, noisy)
            # New programmes: exactly zero until they start.
            start0 = rng.random(n) < 0.02
            t0 = rng.integers(3, 12, n)[:, None]
            z = np.where(T < t0, 0.0, b * 0.1 * np.exp(gg.clip(0.02) * (T - t0)))
            trend = np.where(start0[:, None], z, trend)
            noisy = np.where(start0[:, None], np.where(T < t0, 0.0, z * np.exp(0.02 * eps)), noisy)
        if form == "cumulative":
            # Net flows: a few series with non-positive years.
            net = rng.random(n) < 0.03
            noisy = np.where(net[:, None], trend * (0.4 + 0.7 * eps), noisy)
            flat = (shape == 2) & ~net
        elif form == "level":
            flat = (shape == 2) & ~cross & ~start0
        else:
            flat = shape == 2
    else:
        if form == "share":
            lvl = rng.uniform(3, 85, n)
            slope = rng.normal(0.4, 0.6, n)
            sigma = rng.uniform(0.05, 1.0, n)
        elif form == "rate":
            infl = rng.random(n) < 0.2
            lvl = np.where(infl, rng.uniform(-1, 4, n), rng.uniform(0.5, 20, n))
            slope = np.where(infl, rng.normal(0, 0.05, n), rng.normal(-0.05, 0.25, n))
            sigma = np.where(infl, rng.uniform(0.5, 1.5, n), rng.uniform(0.05, 0.6, n))
        elif form == "ratio":
            lvl = rng.uniform(0.8, 4.0, n)
            slope = rng.normal(-0.02, 0.03, n)
            sigma = rng.uniform(0.005, 0.05, n)
        else:  # average_growth: annual growth rates in %
            lvl = rng.uniform(3, 9, n)
            slope = rng.normal(-0.1, 0.1, n)
            sigma = rng.uniform(0.3, 1.5, n)
        shape = shape_choice(rng, n, [0.10, 0.50, 0.10, 0.20, 0.10])
        if form == "average_growth":
            shape = np.where(shape == 2, 1, shape)   # growth rates are never exactly constant
        brk = rng.integers(6, max(7, ny - 3), n)[:, None]
        jump = (rng.normal(0, 2.0, n) * np.maximum(sigma, 0.5))[:, None]
        curv = rng.normal(0.0, 0.01, n)[:, None]
        L, S, s = lvl[:, None], slope[:, None], shape[:, None]
        lin = L + S * T
        expo = L * np.exp(S / np.maximum(np.abs(L), 1) * T)
        broken = np.where(T < brk, lin, lin + jump + 0.5 * S * (T - brk))
        curve = lin + curv * (T - 10) ** 2
        trend = np.select([s == 0, s == 1, s == 2, s == 3], [expo, lin, np.broadcast_to(L, lin.shape), broken], curve)
        noisy = trend + sigma[:, None] * eps * (s != 2)
        if form == "share":
            trend, noisy = trend.clip(0, 100), noisy.clip(0, 100)
        if form == "average_growth":
            shock = rng.random(n) < 0.4
            k20 = 2020 - FIRST_YEAR
            if k20 < tt.size:
                hit = rng.uniform(2, 6, n)
                noisy[:, k20] -= np.where(shock, hit, 0)
                if k20 + 1 < tt.size:
                    noisy[:, k20 + 1] += np.where(shock, 0.6 * hit, 0)
        flat = shape == 2
    return trend, noisy, flat


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--series", type=int, required=True)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    start = time.perf_counter()
    N, ny = args.series, args.years
    if N < 1 or ny < 6:
        ap.error("need --series ≥ 1 and --years ≥ 6")
    last_year = FIRST_YEAR + ny - 1
    rng = np.random.default_rng(args.seed)
    tt = np.arange(max(ny, 2030 - FIRST_YEAR + 1))     # trend years through 2030 at least

    form = rng.choice(len(FORMS), size=N, p=FORM_P)
    trend = np.empty((N, tt.size))
    noisy = np.empty((N, tt.size))
    flat = np.zeros(N, bool)
    for f, name in enumerate(FORMS):
        idx = np.flatnonzero(form == f)
        if idx.size:
            trend[idx], noisy[idx], flat[idx] = make_series(rng, name, idx.size, tt, ny)

    # Observed values: 6 significant digits; exactly constant series keep 4 (a plan prints them so).
    m, d, val = sig_round(noisy[:, :ny], 6)
    fm, fdd, fval = sig_round(trend[:, :1], 4)
    m = np.where(flat[:, None], fm, m)
    d = np.where(flat[:, None], fdd, d)
    val = np.where(flat[:, None], fval, val)

    # Gaps: 10 % of series lose 1–4 years, 5 % start late (2008–2016); a few series are new (first
    # value 2019–2023), discontinued (last value 2013–2019) or not published at all.
    kind = rng.random(N)
    holes = kind < 0.10
    late = (kind >= 0.10) & (kind < 0.15)
    new = (kind >= 0.15) & (kind < 0.155)
    ended = (kind >= 0.155) & (kind < 0.16)
    unpublished = (kind >= 0.16) & (kind < 0.163)
    nholes = rng.integers(1, 5, N)
    present = np.ones((N, ny), bool)
    hi_rows = np.flatnonzero(holes)
    rank = np.argsort(rng.random((hi_rows.size, ny)), axis=1).argsort(axis=1)
    present[hi_rows] = rank >= nholes[hi_rows, None]
    col = np.arange(ny)[None, :]
    first = np.select([late, new], [rng.integers(3, 12, N), rng.integers(2019, 2024, N) - FIRST_YEAR], 0)
    stop = np.where(ended, rng.integers(2013, 2020, N) - FIRST_YEAR, ny)
    present &= (col >= first[:, None]) & (col < stop[:, None]) & ~unpublished[:, None]

    # ---- targets -------------------------------------------------------------------------------
    by = rng.integers(2015, 2021, N)
    ty = rng.integers(2025, 2031, N)
    due = rng.random(N) < 0.03
    ty = np.where(due, rng.integers(np.maximum(by + 1, 2021), 2025), ty)
    kb, kt = by - FIRST_YEAR, ty - FIRST_YEAR
    rows = np.arange(N)
    base_true = noisy[rows, kb]
    trend_by, trend_ty = trend[rows, kb], trend[rows, kt]
    is_level = form == 0
    additive = np.isin(form, [1, 2, 3])
    red, cum, avg = form == 4, form == 5, form == 6

    # Printed baseline: 4 significant digits (rates of growth: one decimal); ~3 % not printed.
    bm, bd, bval = sig_round(base_true, 4)
    am, ad, aval = fixed_round(base_true, 1)
    bm, bd, bval = np.where(avg, am, bm), np.where(avg, ad, bd), np.where(avg, aval, bval)
    bm, bd, bval = np.where(flat, m[rows, np.minimum(kb, ny - 1)], bm), np.where(flat, d[rows, np.minimum(kb, ny - 1)], bd), \
        np.where(flat, val[rows, np.minimum(kb, ny - 1)], bval)
    has_base = rng.random(N) >= 0.03

    # Target values.
    z = rng.standard_normal(N)
    tv = np.where(is_level, trend_ty * np.exp(0.12 * z),
                  trend_ty + (trend_ty - trend_by) * 0.4 * z + np.abs(trend_by) * 0.03 * rng.standard_normal(N))
    tv = np.where(form == 1, np.clip(tv, 0, 100), tv)            # a share aims within 0–100 %
    # Reductions: the cut in % from the baseline year.
    cut = (1 - trend_ty / np.where(trend_by > 0, trend_by, 1)) * 100 * rng.uniform(0.7, 1.3, N)
    cut = np.clip(cut, 1, 60)
    # Cumulative: the total of the flows over baseline_year+1..target_year.
    csum = np.zeros(N)
    for k in range(1, tt.size):
        csum += np.where((k > kb) & (k <= kt), trend[:, k], 0)
    total = csum * rng.uniform(0.8, 1.25, N)
    # Average growth: a round rate near the series' mean.
    mean_rate = noisy[:, :ny].mean(axis=1)
    growth_target = np.round((mean_rate + rng.normal(0, 1, N)) * 2) / 2
    growth_target[rng.random(N) < 0.01] = 0          # "no growth" targets (judged on the sign)

    value = np.where(red, cut, np.where(cum, total, np.where(avg, growth_target, tv)))
    vm, vd, vval = sig_round(value, 3)
    rm, rd, _ = fixed_round(value, 1)
    vm, vd = np.where(red | avg, rm, vm), np.where(red | avg, rd, vd)
    vval = np.where(red | avg, from_decimal(vm, vd), vval)

    up = vval >= bval
    u = rng.random(N)
    # Bound codes: 0 reach, 1 >=, 2 >, 3 <=, 4 <, 5 about, 6 range.
    b_up = np.select([u < .38, u < .65, u < .71, u < .73, u < .75, u < .92], [0, 1, 2, 3, 4, 5], 6)
    b_dn = np.select([u < .38, u < .65, u < .71, u < .73, u < .75, u < .92], [0, 3, 4, 1, 2, 5], 6)
    bound = np.where(up, b_up, b_dn)
    bound = np.where(red, np.select([u < .5, u < .8, u < .95], [0, 1, 5], 2), bound)
    bound = np.where(cum, np.select([u < .45, u < .75, u < .9], [1, 0, 5], 2), bound)
    bound = np.where(avg, np.select([u < .45, u < .65, u < .85, u < .92], [5, 1, 0, 6], 3), bound)
    # Maintain targets: a floor, a cap or a plain value at the printed baseline (for reach and
    # about the direction cannot be told unless it is given).
    maintain = (form <= 3) & (rng.random(N) < 0.03)
    bound = np.where(maintain, rng.choice([1, 3, 5, 0], N, p=[0.5, 0.2, 0.15, 0.15]), bound)
    vm, vd, vval = np.where(maintain, bm, vm), np.where(maintain, bd, vd), np.where(maintain, bval, vval)
    # Ranges: ± a few % (± 0.5 for growth rates).
    rng_half = np.where(avg, 0.5, np.abs(vval) * rng.choice([0.02, 0.05, 0.1], N))
    lo_m, lo_d, _ = sig_round(vval - rng_half, 3)
    hi_m, hi_d, _ = sig_round(vval + rng_half, 3)
    is_range = bound == 6
    vm, vd = np.where(is_range, lo_m, vm), np.where(is_range, lo_d, vd)

    # Directions: mostly inferred.
    nat = np.where(red, 2, np.where(avg, np.where(bound == 3, 2, 1), np.where(up, 1, 2)))
    nat = np.where(maintain, np.where(bound == 3, 2, 1), nat)
    direction = np.where(rng.random(N) < 0.12, nat, 0)
    method = np.where(rng.random(N) < 0.05, np.where(is_level | red, 2, np.where(additive, 1, 0)), 0)
    period = (cum | avg) & (rng.random(N) < 0.2)

    # ---- files ---------------------------------------------------------------------------------
    os.makedirs(args.out, exist_ok=True)
    idw = max(7, len(str(N)))
    chunk = 1 << 17

    # Every cell formatted once; the long file gathers its rows, the wide file takes them in order.
    cells = dec_field(m.ravel(), d.ravel(), present.ravel())
    sid = id_field("s", np.arange(1, N + 1), idw)
    yfield = int_field(FIRST_YEAR + np.arange(ny), 4)

    # Long: present cells, plus ~25 % of the missing cells as rows with a missing token.
    token_row = ~present & (rng.random((N, ny)) < 0.25)
    s_idx, y_idx = np.nonzero(present | token_row)
    token = np.where(token_row[s_idx, y_idx], rng.integers(0, len(MISSING_TOKENS), s_idx.size), -1)
    moved = rng.random(N) < 0.05
    mv = moved[s_idx]
    stay_rows, move_rows = np.flatnonzero(~mv), rng.permutation(np.flatnonzero(mv))
    at = np.sort(rng.integers(0, stay_rows.size + 1, move_rows.size))
    order = np.insert(stay_rows, at, move_rows)
    s_idx, y_idx, token = s_idx[order], y_idx[order], token[order]
    tokens = label_field(np.arange(len(MISSING_TOKENS)), MISSING_TOKENS)
    with open(os.path.join(args.out, "observations-long.csv"), "wb") as fh:
        fh.write(b"series_id,year,value\n")
        for lo in range(0, s_idx.size, 8 * chunk):
            si, yi, tk = s_idx[lo:lo + 8 * chunk], y_idx[lo:lo + 8 * chunk], token[lo:lo + 8 * chunk]
            tfield = tokens[np.maximum(tk, 0)]
            tfield[tk < 0] = 0
            write_rows(fh, [sid[si], yfield[yi], np.concatenate([cells[si * ny + yi], tfield], axis=1)])

    with open(os.path.join(args.out, "observations-wide.csv"), "wb") as fh:
        fh.write(("series_id," + ",".join(str(FIRST_YEAR + k) for k in range(ny)) + "\n").encode())
        w = cells.shape[1]
        for lo in range(0, N, chunk):
            sl = slice(lo, min(N, lo + chunk))
            block = cells[sl.start * ny:sl.stop * ny].reshape(sl.stop - sl.start, ny * w)
            write_rows(fh, [sid[sl]] + [block[:, k * w:(k + 1) * w] for k in range(ny)])

    with open(os.path.join(args.out, "targets.csv"), "wb") as fh:
        fh.write(b"target_id,series_id,form,bound,value,value_high,baseline,baseline_year,target_year,"
                 b"period_start,direction,method\n")
        for lo in range(0, N, chunk):
            sl = slice(lo, min(N, lo + chunk))
            ids = np.arange(sl.start, sl.stop) + 1
            n = ids.size
            write_rows(fh, [
                id_field("t", ids, idw), id_field("s", ids, idw), label_field(form[sl], FORMS),
                label_field(bound[sl], BOUNDS), dec_field(vm[sl], vd[sl], np.ones(n, bool)),
                dec_field(hi_m[sl], hi_d[sl], is_range[sl]), dec_field(bm[sl], bd[sl], has_base[sl]),
                int_field(by[sl], 4), int_field(ty[sl], 4),
                np.where(period[sl][:, None], int_field(by[sl] + 1, 4), 0).astype(np.uint8),
                label_field(direction[sl], DIRECTIONS), label_field(method[sl], METHODS)])

    nobs = int(present.sum())
    print(f"panel_generate: {N} series × {ny} years ({FIRST_YEAR}–{last_year}), {nobs} values, "
          f"{N * ny - nobs} missing ({int(token_row.sum())} as tokens), {int(moved.sum())} series scattered, "
          f"{N} targets, seed {args.seed} → {args.out} in {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
