#!/usr/bin/env python3
"""The simple method of `ontrack assess --panel`, in Polars or in DuckDB SQL: a peer for the benchmark.

Not the whole method (that is Scripts/panel_reference.py, in pandas): what a data engineer would write
with a modern engine to answer the main question, vectorised as the engine wants it (lazy Polars
expressions; one DuckDB SQL query), with no Python loop over rows, series or targets:

- read the long panel (`series_id,year,value`; missing tokens "", NA, NaN, .., - skipped; values
  that are not finite skipped) and the targets file;
- per target (joined on series_id, aggregated per target): the baseline (printed, else the baseline
  year's observation, else the first observation after the baseline year and before the target year),
  the direction (stated, else a reduction is lower, else the bound's, else target vs baseline), the
  latest observation after the baseline year up to the target year, and for the value targets
  (level, share, rate, ratio, reduction) the status by the pace rule of docs/panel.md with the same
  ex-post, insufficient-data and no-baseline rules as the reference: R = d·actual / |required|,
  compound or linear paths (compound falls back to linear for non-positive values), graded 0.95,
  0.60, 0;
- one trend model, a least-squares straight line on the observations from the baseline year on
  (≥ 3 points), projected to the target year (the reference and ontrack fit three models, choose
  by AICc and add intervals, probabilities and reach years);
- cumulative and average-growth targets get the line but no status (their period rules are not
  reproduced); the status column is empty for them.

Statuses of the value targets are checked against the pandas reference by Scripts/panel_bench.py
(--check OUT-PANDAS.csv here). NaN compares greater than every number in Polars and DuckDB, so every
ratio is guarded with an is-finite test before it is graded.

Usage: panel_simple.py --engine polars|duckdb --panel LONG.csv --targets targets.csv
                       [--evaluation-year 2026] [--about-tolerance 0.05] [--threads N] -o OUT.csv
       panel_simple.py --check REFERENCE.csv OUT.csv     (compares the statuses; exit 1 on a difference)
"""
import argparse
import sys

MISSING = ["", "NA", "NaN", "..", "-"]
VALUE_FORMS = ["level", "share", "rate", "ratio", "reduction"]


def run_polars(a):
    import polars as pl
    c, lit = pl.col, pl.lit
    obs = (pl.scan_csv(a.panel, schema_overrides={"series_id": pl.Utf8, "year": pl.Int32, "value": pl.Float64},
                       null_values=MISSING)
           .select("series_id", "year", "value")
           .filter(c("value").is_not_null() & c("value").is_finite()))
    num = {k: pl.Float64 for k in ["value", "value_high", "baseline"]}
    ints = {k: pl.Int32 for k in ["baseline_year", "target_year", "period_start"]}
    txt = {k: pl.Utf8 for k in ["target_id", "series_id", "form", "bound", "direction", "method"]}
    t = (pl.scan_csv(a.targets, schema_overrides={**num, **ints, **txt}, null_values={k: "" for k in {**num, **ints}})
         .with_row_index("row")
         .with_columns([c(k).fill_null("").str.strip_chars().str.to_lowercase() for k in ["form", "bound", "direction", "method"]])
         .with_columns(pl.when(c("target_id").fill_null("") == "").then(c("series_id")).otherwise(c("target_id")).alias("target_id"),
                       c("baseline_year").alias("by"), c("target_year").alias("ty")))
    j = obs.join(t.select("row", "series_id", "by", "ty"), on="series_id", how="inner")
    after = c("year") > c("by")
    upto = after & (c("year") <= c("ty"))
    fit = c("year") >= c("by")
    tt = (c("year") - c("by")).cast(pl.Float64)
    agg = j.group_by("row").agg(
        c("year").max().alias("last_year"),
        c("value").sort_by("year").last().alias("last_value"),
        c("value").filter(c("year") == c("by")).first().alias("v_by"),
        c("year").filter(after).min().alias("si_year"),
        c("value").filter(after).sort_by(c("year").filter(after)).first().alias("si_value"),
        c("year").filter(upto).max().alias("l_year"),
        c("value").filter(upto).sort_by(c("year").filter(upto)).last().alias("l_value"),
        fit.sum().alias("n"), tt.filter(fit).sum().alias("st"), c("value").filter(fit).sum().alias("sy"),
        (tt * tt).filter(fit).sum().alias("stt"), (tt * c("value")).filter(fit).sum().alias("sty"))
    x = t.join(agg, on="row", how="left")

    form, bound = c("form"), c("bound")
    red = form == "reduction"
    rng = bound == "range"
    va, vh = c("value"), c("value_high")
    center = pl.when(rng).then((va + vh) / 2).otherwise(va)
    has = c("last_year").is_not_null()
    passed = (has & (c("last_year") > c("ty"))).fill_null(False) | (lit(a.evaluation_year) > c("ty"))
    printed = c("baseline").is_not_null()
    obs_by = c("v_by").is_not_null()
    stand_in = ~printed & ~obs_by & (c("si_year") <= c("ty") - 1).fill_null(False)
    from_obs = ~printed & (obs_by | stand_in)
    has_base = printed | from_obs
    x = x.with_columns(
        center.alias("center"), has.alias("has"), passed.alias("passed"), from_obs.alias("from_obs"), has_base.alias("has_base"),
        pl.when(printed | obs_by).then(c("by")).otherwise(c("si_year")).alias("t0"),
        pl.when(printed).then(c("baseline")).when(obs_by).then(c("v_by")).otherwise(c("si_value")).alias("base"),
        ((bound.is_in(["reach", ">=", ">", "<=", "<", "about", "range"])) & form.is_in(VALUE_FORMS + ["cumulative", "average_growth"])
         & center.is_finite().fill_null(False) & ~c("baseline").is_infinite().fill_null(False) & (c("ty") > c("by"))).alias("live"))
    d = (pl.when(c("direction") == "higher").then(1).when(c("direction") == "lower").then(-1).when(red).then(-1)
         .when(bound.is_in([">=", ">"])).then(1).when(bound.is_in(["<=", "<"])).then(-1)
         .when(c("has_base") & (c("center") > c("base"))).then(1).when(c("has_base") & (c("center") < c("base"))).then(-1)
         .otherwise(0))
    b_b = pl.when(rng).then(vh).otherwise(va)
    cut = 100 - c("center")
    x = x.with_columns(
        pl.when(c("live")).then(d).otherwise(0).alias("d"), b_b.alias("b_b"),
        pl.when(red).then(pl.when(bound.is_in(["reach", ">="])).then(lit("<=")).when(bound == ">").then(lit("<"))
                          .when(bound == "<=").then(lit(">=")).when(bound == "<").then(lit(">")).otherwise(bound))
        .otherwise(bound).alias("kind"),
        pl.when(red).then(pl.when(rng).then(100 - vh).otherwise(cut)).otherwise(va).alias("ka"),
        pl.when(red).then(pl.when(rng).then(100 - va).otherwise(cut)).otherwise(b_b).alias("kb"))

    def is_met(kind, lo, hi, v, dd):
        band = lo.abs() * a.about_tolerance
        return (pl.when(kind == ">=").then(v >= lo).when(kind == ">").then(v > lo).when(kind == "<=").then(v <= lo)
                .when(kind == "<").then(v < lo)
                .when(kind == "reach").then(pl.when(dd > 0).then(v >= lo).when(dd < 0).then(v <= lo).otherwise(v == lo))
                .when(kind == "about").then(pl.when(dd > 0).then(v >= lo - band).when(dd < 0).then(v <= lo + band)
                                            .otherwise((v - lo).abs() <= band))
                .when(kind == "range").then(pl.when(dd > 0).then(v >= lo).when(dd < 0).then(v <= hi).otherwise((v >= lo) & (v <= hi)))
                .otherwise(False).fill_null(False))

    dd = c("d")
    level = c("base")
    x = x.with_columns(
        pl.when(red).then(100.0).otherwise(c("base")).alias("B"),
        pl.when(red).then(c("l_value") * 100 / level).otherwise(c("l_value")).alias("A0"),
        (c("l_year").is_not_null() & (c("l_year") > c("t0"))).fill_null(False).alias("hl"),
        pl.when(c("kind") == "range").then(pl.when(dd > 0).then(c("ka")).when(dd < 0).then(c("kb"))
                                            .otherwise((c("ka") + c("kb")) / 2)).otherwise(c("ka")).alias("aim"),
        pl.when(c("method").is_in(["compound", "linear"])).then(c("method"))
        .when((form == "level") | red).then(lit("compound")).otherwise(lit("linear")).alias("m0"))
    x = x.with_columns(pl.when(c("hl")).then(c("A0")).otherwise(None).alias("A"),
                       pl.when(c("hl")).then(c("l_year")).otherwise(None).alias("ly"))
    comp = (c("m0") == "compound") & ~((c("B") <= 0) | (c("aim") <= 0) | (c("hl") & (c("A") <= 0)).fill_null(False))
    x = x.with_columns(comp.alias("comp"), (c("ty") - c("t0")).cast(pl.Float64).alias("span"),
                       (c("ly") - c("t0")).cast(pl.Float64).alias("elapsed"))
    import numpy as np
    expm1 = np.expm1                                   # a NumPy ufunc on a Polars expression: exact near 0
    req = pl.when(c("comp")).then(expm1((c("aim") / c("B")).log() / c("span"))).otherwise((c("aim") - c("B")) / c("span"))
    x = x.with_columns(pl.when(c("comp") & ~req.is_finite()).then(0.0).otherwise(req).alias("required"),
                       pl.when(c("comp")).then(expm1((c("A") / c("B")).log() / c("elapsed")))
                       .otherwise((c("A") - c("B")) / c("elapsed")).alias("actual"))
    ratio = dd * c("actual") / c("required").abs()
    x = x.with_columns(pl.when((dd != 0) & (c("required") != 0) & ratio.is_finite()).then(ratio).otherwise(None).alias("ratio"))
    met = c("hl") & is_met(c("kind"), c("ka"), c("kb"), c("A"), dd)
    ex_post = c("hl") & (c("ly") == c("ty")).fill_null(False)
    stand_in2 = ~c("hl") & ~c("passed") & c("from_obs") & is_met(c("kind"), c("ka"), c("kb"), c("B"), dd)
    r = c("ratio")
    graded = (pl.when(r >= 0.95).then(lit("on_track")).when(r >= 0.6).then(lit("needs_acceleration"))
              .when(r >= 0).then(lit("limited_progress")).otherwise(lit("moving_away")))
    value_status = (pl.when(~c("has_base")).then(pl.when(c("has") & ~red & is_met(bound, va, c("b_b"), c("last_value"), dd))
                                                 .then(lit("achieved")).otherwise(lit("no_baseline")))
                    .when(red & ~(c("base") > 0).fill_null(False)).then(lit("not_assessable"))
                    .when(~c("hl") & stand_in2).then(lit("achieved")).when(~c("hl")).then(lit("insufficient_data"))
                    .when(ex_post & met).then(lit("achieved")).when(ex_post).then(lit("missed"))
                    .when(c("passed")).then(lit("insufficient_data")).when(met).then(lit("achieved"))
                    .when(dd == 0).then(lit("not_assessable")).when(c("required") == 0).then(lit("moving_away"))
                    .when(r.is_not_null()).then(graded).otherwise(lit("not_assessable")))
    status = (pl.when(~c("live")).then(lit("not_assessable")).when(form.is_in(VALUE_FORMS)).then(value_status)
              .otherwise(lit(None, pl.Utf8)))
    n = c("n").fill_null(0).cast(pl.Float64)
    slope = (n * c("sty") - c("st") * c("sy")) / (n * c("stt") - c("st") * c("st"))
    projected = (c("sy") - slope * c("st")) / n + slope * (c("ty") - c("by")).cast(pl.Float64)
    out = x.select(
        "target_id", "series_id", "form", status.alias("status"),
        pl.when(dd > 0).then(lit("higher")).when(dd < 0).then(lit("lower")).otherwise(lit("")).alias("direction"),
        pl.when(c("live") & c("has_base")).then(c("t0")).otherwise(None).alias("baseline_year"),
        pl.when(c("live") & c("has_base")).then(c("B")).otherwise(None).alias("baseline"),
        "target_year", c("ly").alias("latest_year"), c("A").alias("latest"),
        pl.when(c("comp")).then(c("actual") * 100).otherwise(c("actual")).alias("actual_rate"), "ratio",
        c("n").fill_null(0).alias("n_fit"),
        pl.when((n >= 3) & projected.is_finite()).then(projected).otherwise(None).alias("projected"),
        "row").sort("row").drop("row")
    out.sink_csv(a.output)


def run_duckdb(a):
    import duckdb
    con = duckdb.connect()
    if a.threads:
        con.execute(f"SET threads = {int(a.threads)}")
    missing = ", ".join(f"'{m}'" for m in MISSING)
    tol = float(a.about_tolerance)

    def is_met(kind, lo, hi, v, d):
        return f"""coalesce(CASE {kind} WHEN '>=' THEN {v} >= {lo} WHEN '>' THEN {v} > {lo} WHEN '<=' THEN {v} <= {lo}
            WHEN '<' THEN {v} < {lo}
            WHEN 'reach' THEN CASE WHEN {d} > 0 THEN {v} >= {lo} WHEN {d} < 0 THEN {v} <= {lo} ELSE {v} = {lo} END
            WHEN 'about' THEN CASE WHEN {d} > 0 THEN {v} >= {lo} - abs({lo}) * {tol} WHEN {d} < 0 THEN {v} <= {lo} + abs({lo}) * {tol}
                                   ELSE abs({v} - {lo}) <= abs({lo}) * {tol} END
            WHEN 'range' THEN CASE WHEN {d} > 0 THEN {v} >= {lo} WHEN {d} < 0 THEN {v} <= {hi} ELSE {v} >= {lo} AND {v} <= {hi} END
            ELSE false END, false)"""

    def expm1(v):
        # DuckDB has no expm1: exp(x) − 1 loses the digits of a tiny x (a flat series' rate of 1e−15
        # would become 0 and change its grade), so small |x| take the Taylor series.
        return f"(CASE WHEN abs({v}) < 1e-5 THEN ({v}) + ({v}) * ({v}) / 2 + ({v}) * ({v}) * ({v}) / 6 ELSE exp({v}) - 1 END)"

    forms = ", ".join(f"'{f}'" for f in VALUE_FORMS)
    sql = f"""
    WITH obs AS (
      SELECT series_id, year, value FROM read_csv('{a.panel}', header = true, nullstr = [{missing}],
        columns = {{'series_id': 'VARCHAR', 'year': 'INTEGER', 'value': 'DOUBLE'}})
      WHERE value IS NOT NULL AND isfinite(value)),
    t0 AS (
      SELECT row_number() OVER () AS row, * FROM read_csv('{a.targets}', header = true, nullstr = [''],
        columns = {{'target_id': 'VARCHAR', 'series_id': 'VARCHAR', 'form': 'VARCHAR', 'bound': 'VARCHAR', 'value': 'DOUBLE',
                   'value_high': 'DOUBLE', 'baseline': 'DOUBLE', 'baseline_year': 'INTEGER', 'target_year': 'INTEGER',
                   'period_start': 'INTEGER', 'direction': 'VARCHAR', 'method': 'VARCHAR'}})),
    t AS (
      SELECT row, coalesce(nullif(target_id, ''), series_id) AS target_id, series_id,
             lower(trim(coalesce(form, ''))) AS form, lower(trim(coalesce(bound, ''))) AS bound,
             lower(trim(coalesce(direction, ''))) AS direction, lower(trim(coalesce(method, ''))) AS method,
             value AS va, value_high AS vh, baseline AS b0, baseline_year AS byear, target_year AS tyear,
             CASE WHEN lower(trim(bound)) = 'range' THEN (value + value_high) / 2 ELSE value END AS center
      FROM t0),
    agg AS (
      SELECT t.row, max(o.year) AS last_year, arg_max(o.value, o.year) AS last_value,
             max(o.value) FILTER (WHERE o.year = t.byear) AS v_by,
             min(o.year) FILTER (WHERE o.year > t.byear) AS si_year, arg_min(o.value, o.year) FILTER (WHERE o.year > t.byear) AS si_value,
             max(o.year) FILTER (WHERE o.year > t.byear AND o.year <= t.tyear) AS l_year,
             arg_max(o.value, o.year) FILTER (WHERE o.year > t.byear AND o.year <= t.tyear) AS l_value,
             count(*) FILTER (WHERE o.year >= t.byear) AS n,
             sum(o.year - t.byear) FILTER (WHERE o.year >= t.byear) AS st, sum(o.value) FILTER (WHERE o.year >= t.byear) AS sy,
             sum((o.year - t.byear) * (o.year - t.byear)) FILTER (WHERE o.year >= t.byear) AS stt,
             sum((o.year - t.byear) * o.value) FILTER (WHERE o.year >= t.byear) AS sty
      FROM t JOIN obs o ON o.series_id = t.series_id GROUP BY t.row),
    x1 AS (
      SELECT t.*, agg.* EXCLUDE (row), last_year IS NOT NULL AS has,
             coalesce(last_year > tyear, false) OR {int(a.evaluation_year)} > tyear AS passed,
             b0 IS NOT NULL AS printed, v_by IS NOT NULL AS obs_by,
             bound IN ('reach', '>=', '>', '<=', '<', 'about', 'range') AND form IN ({forms}, 'cumulative', 'average_growth')
               AND coalesce(isfinite(center), false) AND NOT coalesce(isinf(b0), false) AND tyear > byear AS live
      FROM t LEFT JOIN agg ON agg.row = t.row),
    x2 AS (
      SELECT *, NOT printed AND NOT obs_by AND coalesce(si_year <= tyear - 1, false) AS stand_in FROM x1),
    x3 AS (
      SELECT *, NOT printed AND (obs_by OR stand_in) AS from_obs, printed OR obs_by OR stand_in AS has_base,
             CASE WHEN printed OR obs_by THEN byear ELSE si_year END AS t0,
             CASE WHEN printed THEN b0 WHEN obs_by THEN v_by ELSE si_value END AS base,
             CASE WHEN bound = 'range' THEN vh ELSE va END AS b_b
      FROM x2),
    x4 AS (
      SELECT *,
             CASE WHEN NOT live THEN 0 WHEN direction = 'higher' THEN 1 WHEN direction = 'lower' THEN -1 WHEN form = 'reduction' THEN -1
                  WHEN bound IN ('>=', '>') THEN 1 WHEN bound IN ('<=', '<') THEN -1
                  WHEN has_base AND center > base THEN 1 WHEN has_base AND center < base THEN -1 ELSE 0 END AS d,
             CASE WHEN form = 'reduction' THEN CASE bound WHEN 'reach' THEN '<=' WHEN '>=' THEN '<=' WHEN '>' THEN '<'
                                                       WHEN '<=' THEN '>=' WHEN '<' THEN '>' ELSE bound END ELSE bound END AS kind,
             CASE WHEN form = 'reduction' THEN CASE WHEN bound = 'range' THEN 100 - vh ELSE 100 - center END ELSE va END AS ka,
             CASE WHEN form = 'reduction' THEN CASE WHEN bound = 'range' THEN 100 - va ELSE 100 - center END ELSE b_b END AS kb,
             CASE WHEN form = 'reduction' THEN 100.0 ELSE base END AS bb,
             coalesce(l_year > t0, false) AS hl
      FROM x3),
    x5 AS (
      SELECT *,
             CASE WHEN kind = 'range' THEN CASE WHEN d > 0 THEN ka WHEN d < 0 THEN kb ELSE (ka + kb) / 2 END ELSE ka END AS aim,
             CASE WHEN hl THEN CASE WHEN form = 'reduction' THEN l_value * 100 / base ELSE l_value END END AS a,
             CASE WHEN hl THEN l_year END AS ly,
             CASE WHEN method IN ('compound', 'linear') THEN method WHEN form IN ('level', 'reduction') THEN 'compound' ELSE 'linear' END AS m0
      FROM x4),
    x6 AS (
      SELECT *, m0 = 'compound' AND NOT (bb <= 0 OR aim <= 0 OR coalesce(hl AND a <= 0, false)) AS comp,
             CAST(tyear - t0 AS DOUBLE) AS span, CAST(ly - t0 AS DOUBLE) AS elapsed FROM x5),
    x7 AS (
      SELECT *,
             CASE WHEN comp THEN CASE WHEN isfinite({expm1('ln(aim / bb) / span')}) THEN {expm1('ln(aim / bb) / span')} ELSE 0 END
                  ELSE (aim - bb) / span END AS required,
             CASE WHEN comp THEN {expm1('ln(a / bb) / elapsed')} ELSE (a - bb) / elapsed END AS actual
      FROM x6),
    x8 AS (
      SELECT *, CASE WHEN d <> 0 AND required <> 0 AND isfinite(d * actual / abs(required)) THEN d * actual / abs(required) END AS ratio,
             hl AND {is_met('kind', 'ka', 'kb', 'a', 'd')} AS met,
             NOT hl AND NOT passed AND from_obs AND {is_met('kind', 'ka', 'kb', 'bb', 'd')} AS stand_in2,
             hl AND coalesce(ly = tyear, false) AS ex_post
      FROM x7)
    SELECT target_id, series_id, form,
      CASE WHEN NOT live THEN 'not_assessable'
           WHEN form NOT IN ({forms}) THEN NULL
           WHEN NOT has_base THEN CASE WHEN has AND form <> 'reduction' AND {is_met('bound', 'va', 'b_b', 'last_value', 'd')}
                                       THEN 'achieved' ELSE 'no_baseline' END
           WHEN form = 'reduction' AND NOT coalesce(base > 0, false) THEN 'not_assessable'
           WHEN NOT hl AND stand_in2 THEN 'achieved' WHEN NOT hl THEN 'insufficient_data'
           WHEN ex_post AND met THEN 'achieved' WHEN ex_post THEN 'missed'
           WHEN passed THEN 'insufficient_data' WHEN met THEN 'achieved'
           WHEN d = 0 THEN 'not_assessable' WHEN required = 0 THEN 'moving_away'
           WHEN ratio IS NULL THEN 'not_assessable'
           WHEN ratio >= 0.95 THEN 'on_track' WHEN ratio >= 0.6 THEN 'needs_acceleration' WHEN ratio >= 0 THEN 'limited_progress'
           ELSE 'moving_away' END AS status,
      CASE WHEN d > 0 THEN 'higher' WHEN d < 0 THEN 'lower' ELSE '' END AS direction,
      CASE WHEN live AND has_base THEN t0 END AS baseline_year, CASE WHEN live AND has_base THEN bb END AS baseline,
      tyear AS target_year, ly AS latest_year, a AS latest,
      CASE WHEN comp THEN actual * 100 ELSE actual END AS actual_rate, ratio, coalesce(n, 0) AS n_fit,
      CASE WHEN n >= 3 THEN (sy - (n * sty - st * sy) / (n * stt - st * st) * st) / n
                            + (n * sty - st * sy) / (n * stt - st * st) * (tyear - byear) END AS projected
    FROM x8 ORDER BY row"""
    con.execute(f"COPY ({sql}) TO '{a.output}' (HEADER, DELIMITER ',')")


def check(reference, output):
    """Compares the statuses of the value targets; prints a verdict line; True when they agree."""
    import csv
    ref = {}
    with open(reference, newline="") as fh:
        for row in csv.DictReader(fh):
            ref[row["target_id"]] = (row["form"], row["status"])
    compared = differ = 0
    examples = []
    with open(output, newline="") as fh:
        for row in csv.DictReader(fh):
            form, status = ref.get(row["target_id"], ("", None))
            if form.strip().lower() not in VALUE_FORMS:
                continue
            compared += 1
            if row["status"] != status:
                differ += 1
                if len(examples) < 5:
                    examples.append(f"{row['target_id']}: {row['status']} vs {status}")
    print(f"verdict: {'same' if differ == 0 and compared else 'DIFFERENT'} statuses on {compared - differ} of {compared} "
          f"value targets" + (f" ({'; '.join(examples)})" if examples else ""))
    return differ == 0 and compared > 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--engine", choices=["polars", "duckdb"])
    ap.add_argument("--panel")
    ap.add_argument("--targets")
    ap.add_argument("--evaluation-year", type=int, default=2026)
    ap.add_argument("--about-tolerance", type=float, default=0.05)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("-o", "--output")
    ap.add_argument("--check", nargs=2, metavar=("REFERENCE", "OUTPUT"))
    a = ap.parse_args()
    if a.check:
        sys.exit(0 if check(*a.check) else 1)
    if not (a.engine and a.panel and a.targets and a.output):
        ap.error("--engine, --panel, --targets and -o are needed")
    (run_polars if a.engine == "polars" else run_duckdb)(a)


if __name__ == "__main__":
    main()
