#!/usr/bin/env python3
"""Benchmark of `ontrack assess --panel` against the pandas reference (Scripts/panel_reference.py) and
the simple method in Polars and in DuckDB SQL (Scripts/panel_simple.py).

For each size: generates the panel once with Scripts/panel_generate.py (cached in
WORK/size<N>-seed<S>-years<Y>/, regenerated when the generator changes), then runs the programs
in turn, RUNS times each, the order rotated every round, each as a child process measured with
os.wait4: wall seconds with time.perf_counter around the child, CPU seconds (user + system) and
peak resident memory from its rusage. All read the same two files and write a CSV; the time is end
to end (start-up, parse, assess, write). The machine's load (1-minute average) is printed with
every run and per size.

Prints, per size, the median seconds, the median CPU seconds, the input throughput (panel +
targets bytes / median seconds), series per second, the median peak RSS and each peer's ratio to
ontrack; after the first round of the smallest size it runs Scripts/panel_compare.py on the
ontrack and pandas outputs, and Scripts/panel_simple.py --check on the Polars and DuckDB outputs
(their statuses of the value targets against pandas), and prints the verdicts. pandas is skipped
above --pandas-max series (default 1,000,000: at 3M it takes minutes a run), and said so. The OS
file cache is warm after the first run (and from the start for a panel generated in this
invocation); the first round is measured like the others and nothing is pre-read on purpose.
ontrack may use every core; the pandas reference runs on one (NumPy as installed). Both are given
the same --evaluation-year (default 2026, fixed so that runs are reproducible: the year decides which
target years have passed without a value).

Usage: panel_bench.py --sizes 10000,100000,1000000 --runs 5 --ontrack PATH --work DIR
                      [--layout long|wide] [--seed 42] [--years 20] [--runs-large 3]
                      [--evaluation-year 2026]
"""
import argparse
import hashlib
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_child(cmd, err_path):
    """Runs cmd; returns (wall seconds, CPU seconds, peak RSS in bytes). Exits on failure."""
    with open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)   # reaped by wait4; keep Popen consistent
    if proc.returncode != 0:
        with open(err_path, "rb") as fh:
            tail = fh.read()[-2000:].decode(errors="replace")
        sys.exit(f"panel_bench: exit {proc.returncode} from {' '.join(cmd)}\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024   # Linux reports KiB


def generator_stamp(args, size):
    with open(os.path.join(HERE, "panel_generate.py"), "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()[:16]
    return f"series={size} years={args.years} seed={args.seed} generator={digest}\n"


def panel_dir(args, size):
    d = os.path.join(args.work, f"size{size}-seed{args.seed}-years{args.years}")
    stamp = generator_stamp(args, size)
    files = ["observations-long.csv", "observations-wide.csv", "targets.csv"]
    stamp_path = os.path.join(d, ".stamp")
    cached = all(os.path.exists(os.path.join(d, f)) for f in files) and os.path.exists(stamp_path) \
        and open(stamp_path).read() == stamp
    if not cached:
        log(f"generating {size} series in {d}")
        os.makedirs(d, exist_ok=True)
        subprocess.run([args.python, os.path.join(HERE, "panel_generate.py"), "--series", str(size),
                        "--years", str(args.years), "--seed", str(args.seed), "--out", d], check=True)
        with open(stamp_path, "w") as fh:
            fh.write(stamp)
    return d


def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 ** 2:.1f} GiB"
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"machine: {cpu}, {cores} cores available, {mem} memory; {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def versions(python):
    out = subprocess.run([python, "-c", "import numpy, pandas, polars, duckdb; "
                          "print(numpy.__version__, pandas.__version__, polars.__version__, duckdb.__version__)"],
                         capture_output=True, text=True)
    return out.stdout.strip().split() if out.returncode == 0 else ["?", "?", "?", "?"]


def load():
    return os.getloadavg()[0]


def contiguous_panel(args, d):
    """The long panel with every series' rows together (a stable sort by series id: the generator's
    ids are zero-padded, so this is also the targets' order); the bytes of every row unchanged."""
    src = os.path.join(d, "observations-long.csv")
    dst = os.path.join(d, "observations-long-contiguous.csv")
    if not os.path.exists(dst) or os.path.getmtime(dst) < os.path.getmtime(src):
        log(f"sorting {src} into {dst}")
        code = ("import sys, polars as pl\n"
                "df = pl.read_csv(sys.argv[1], infer_schema_length=0)\n"
                "df.with_row_index('r').sort(['series_id', 'r']).drop('r').write_csv(sys.argv[2], line_terminator='\\n')\n")
        subprocess.run([args.python, "-c", code, src, dst + ".tmp"], check=True)
        os.replace(dst + ".tmp", dst)
    return dst


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-large", type=int, default=None,
                    help="runs for sizes ≥ 1,000,000 (at least 3; default: --runs)")
    ap.add_argument("--ontrack", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--layout", choices=["long", "wide"], default="long")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--evaluation-year", type=int, default=2026,
                    help="the year the assessment is made in, for both programs (default 2026)")
    ap.add_argument("--python", default=sys.executable, help="interpreter for the peers (numpy, pandas, polars, duckdb)")
    ap.add_argument("--tools", default="ontrack,ontrack-contiguous,pandas,polars,duckdb",
                    help="ontrack-contiguous: ontrack on the same panel with each series' rows together "
                         "(observations-long-contiguous.csv, made once from the long panel), which it streams")
    ap.add_argument("--ontrack-baseline", default=None,
                    help="another ontrack build (e.g. of main) to run as the tool ontrack-baseline, for before/after in one run")
    ap.add_argument("--pandas-max", type=int, default=1_000_000, help="skip pandas above this many series")
    ap.add_argument("--ontrack-args", default="", help="extra arguments for ontrack (e.g. --precision 6)")
    args = ap.parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    if args.runs < 1:
        ap.error("--runs must be ≥ 1")
    ontrack = os.path.abspath(args.ontrack)
    if not os.access(ontrack, os.X_OK):
        sys.exit(f"panel_bench: {ontrack} is not an executable")
    reference = os.path.join(HERE, "panel_reference.py")
    simple = os.path.join(HERE, "panel_simple.py")
    np_v, pd_v, pl_v, dd_v = versions(args.python)
    tools_wanted = [t for t in args.tools.split(",") if t]

    print(f"ontrack assess --panel vs the pandas reference (Scripts/panel_reference.py, NumPy {np_v}, pandas {pd_v}) and "
          f"the simple method (Scripts/panel_simple.py) in Polars {pl_v} and DuckDB {dd_v}; "
          f"{args.layout} panel, {args.years} years, seed {args.seed}, evaluation year {args.evaluation_year}")
    print("end to end per run (start-up, read, assess, write CSV), medians. File cache: warm after the first run "
          "(a freshly generated panel is warm from the start); nothing is pre-read on purpose")
    for n, size in enumerate(sizes):
        d = panel_dir(args, size)
        panel = os.path.join(d, f"observations-{args.layout}.csv")
        targets = os.path.join(d, "targets.csv")
        in_bytes = os.path.getsize(panel) + os.path.getsize(targets)
        runs = args.runs if size < 1_000_000 or args.runs_large is None else max(3, args.runs_large)
        if args.ontrack_baseline and "ontrack-baseline" not in tools_wanted:
            tools_wanted.insert(1, "ontrack-baseline")
        tools = [t for t in tools_wanted if not (t == "pandas" and size > args.pandas_max)]
        if args.layout != "long":
            tools = [t for t in tools if t not in ("polars", "duckdb", "ontrack-contiguous")]
        contiguous = contiguous_panel(args, d) if "ontrack-contiguous" in tools else panel
        out = {t: os.path.join(d, f"out-{t}.csv") for t in tools_wanted}
        cmds = {
            "ontrack": [ontrack, "assess", "--panel", panel, "--panel-layout", args.layout, "--targets", targets,
                        "--evaluation-year", str(args.evaluation_year), "--format", "csv", "-o", out["ontrack"], "--timings"]
                       + args.ontrack_args.split(),
            "ontrack-baseline": [os.path.abspath(args.ontrack_baseline or ontrack), "assess", "--panel", panel, "--panel-layout",
                                 args.layout, "--targets", targets, "--evaluation-year", str(args.evaluation_year),
                                 "--format", "csv", "-o", out.get("ontrack-baseline", "")],
            "ontrack-contiguous": [ontrack, "assess", "--panel", contiguous, "--panel-layout", args.layout, "--targets", targets,
                                   "--evaluation-year", str(args.evaluation_year), "--format", "csv", "-o",
                                   out.get("ontrack-contiguous", ""), "--timings"] + args.ontrack_args.split(),
            "pandas": [args.python, reference, "--panel", panel, "--layout", args.layout, "--targets", targets,
                       "--evaluation-year", str(args.evaluation_year), "-o", out.get("pandas", "")],
            "polars": [args.python, simple, "--engine", "polars", "--panel", panel, "--targets", targets,
                       "--evaluation-year", str(args.evaluation_year), "-o", out.get("polars", "")],
            "duckdb": [args.python, simple, "--engine", "duckdb", "--panel", panel, "--targets", targets,
                       "--evaluation-year", str(args.evaluation_year), "-o", out.get("duckdb", "")],
        }
        res = {t: [] for t in tools}
        loads = []
        for r in range(runs):
            order = tools[r % len(tools):] + tools[:r % len(tools)]
            for tool in order:
                before = load()
                wall, cpu, rss = run_child(cmds[tool], os.path.join(d, f"stderr-{tool}.txt"))
                res[tool].append((wall, cpu, rss))
                loads.append(before)
                log(f"  {size:>9} series  run {r + 1}/{runs}  {tool:8s} {wall:8.3f} s  cpu {cpu:7.3f} s  "
                    f"{rss / 2 ** 20:8.1f} MiB  (load {before:.2f})")
            if r == 0 and n == 0 and "pandas" in tools:
                if "ontrack" in tools:
                    cmp = subprocess.run([args.python, os.path.join(HERE, "panel_compare.py"), out["ontrack"], out["pandas"]],
                                         capture_output=True, text=True)
                    with open(os.path.join(d, "compare.txt"), "w") as fh:
                        fh.write(cmp.stdout + cmp.stderr)
                    verdict = [l for l in cmp.stdout.splitlines() if l.startswith("verdict:")]
                    print(f"check ontrack vs pandas ({size} series, first run): "
                          f"{verdict[-1] if verdict else 'panel_compare failed: ' + cmp.stderr.strip()[-300:]}"
                          f"  [full report: {os.path.join(d, 'compare.txt')}]")
                if "ontrack-baseline" in tools and "ontrack" in tools:
                    same = open(out["ontrack"], "rb").read() == open(out["ontrack-baseline"], "rb").read()
                    print(f"check ontrack vs ontrack-baseline ({size} series, first run): "
                          f"{'the same bytes' if same else 'OUTPUT DIFFERS'}")
                if "ontrack-contiguous" in tools and "ontrack" in tools:
                    same = open(out["ontrack"], "rb").read() == open(out["ontrack-contiguous"], "rb").read()
                    print(f"check ontrack on the contiguous panel ({size} series, first run): "
                          f"{'the same bytes as on the scattered one' if same else 'OUTPUT DIFFERS'}")
                for peer in ("polars", "duckdb"):
                    if peer in tools:
                        chk = subprocess.run([args.python, simple, "--check", out["pandas"], out[peer]], capture_output=True, text=True)
                        print(f"check {peer} statuses vs pandas ({size} series, first run): "
                              f"{(chk.stdout.strip() or chk.stderr.strip()[-300:])}")
        print(f"\n{size:,} series, {size:,} targets; input {in_bytes / 1e6:.1f} MB "
              f"({os.path.basename(panel)} + targets.csv); {runs} run{'s' if runs != 1 else ''} each, tools rotated; "
              f"load (1-min average) before the runs: median {statistics.median(loads):.2f}, max {max(loads):.2f}")
        print(f"  {'':19s} {'median s':>10s} {'min s':>8s} {'CPU s':>8s} {'MB/s':>8s} {'series/s':>12s} {'peak RSS MiB':>13s}"
              f" {'time ×ontrack':>14s} {'memory ×ontrack':>16s}")
        med = {}
        for tool in tools:
            walls = [w for w, _, _ in res[tool]]
            cpu = statistics.median(c for _, c, _ in res[tool])
            rss = statistics.median(m for _, _, m in res[tool]) / 2 ** 20
            med[tool] = (statistics.median(walls), rss)
        for tool in tools:
            walls = [w for w, _, _ in res[tool]]
            cpu = statistics.median(c for _, c, _ in res[tool])
            s_, rss = med[tool]
            ratio = f"{s_ / med['ontrack'][0]:14.2f} {rss / med['ontrack'][1]:16.2f}" if "ontrack" in med else ""
            print(f"  {tool:19s} {s_:10.3f} {min(walls):8.3f} {cpu:8.3f} {in_bytes / 1e6 / s_:8.1f} {size / s_:12,.0f} {rss:13.1f} {ratio}")
        for tool in ("ontrack", "ontrack-contiguous"):
            if tool in tools:
                err = open(os.path.join(d, f"stderr-{tool}.txt")).read()
                mode = "streamed" if "streamed)" in err else "whole panel" if "whole panel)" in err else "?"
                print(f"  {tool}: read {mode}")
        skipped = [t for t in tools_wanted if t not in tools]
        if skipped:
            print(f"  skipped at this size: {', '.join(skipped)}")
    print()
    print(machine())


if __name__ == "__main__":
    main()
