#!/usr/bin/env bash
# Times `ontrack assess --panel` against the pandas reference (Scripts/panel_reference.py) and the
# simple method in Polars and DuckDB SQL (Scripts/panel_simple.py) on
# synthetic panels (Scripts/panel_generate.py, cached in .build-bench/panels) and checks that both
# agree (Scripts/panel_compare.py on the smallest size). Release build. Usage:
#   Scripts/bench-panel.sh [SIZES]     SIZES default 10000,100000,1000000
# Environment: RUNS (default 5), RUNS_LARGE (runs at ≥ 1M series, ≥ 3; default RUNS), LAYOUT
# (long or wide, default long), SEED (default 42), EVALUATION_YEAR (given to both programs, default
# 2026: fixed, so that runs are reproducible), SCRATCH (the build directory, default .build; set it
# when another build uses .build), CHECK (1: afterwards, run BatchConsistencyTests on the smallest
# panel — every target against the single-series rules; 0: skip), TOOLS (default
# ontrack,pandas,polars,duckdb), PANDAS_MAX (largest size pandas runs at, default 1000000),
# ONTRACK_ARGS (extra options for ontrack, e.g. "--precision 6"), BASELINE (another ontrack
# executable, e.g. a build of main, run as ontrack-baseline for a before/after in the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
Scripts/setup.sh

# The peers need a virtualenv with NumPy, pandas, Polars and DuckDB.
if ! { [ -x .venv/bin/python ] && .venv/bin/python -c "import numpy, pandas, polars, duckdb" 2>/dev/null; }; then
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
      if [ "$(id -u)" -eq 0 ]; then
        echo "bench-panel: installing python3-venv" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
      else
        echo "bench-panel: python3 -m venv is unavailable; install python3-venv (as root) and run again" >&2
        exit 2
      fi
    fi
    python3 -m venv .venv
  fi
  echo "bench-panel: installing numpy, pandas, polars and duckdb into .venv" >&2
  .venv/bin/pip install -q numpy pandas polars duckdb >&2
fi

scratch=${SCRATCH:-.build}
swift build -c release --product ontrack --scratch-path "$scratch" >&2
args=(--sizes "${1:-10000,100000,1000000}" --runs "${RUNS:-5}" --layout "${LAYOUT:-long}" --seed "${SEED:-42}"
      --evaluation-year "${EVALUATION_YEAR:-2026}" --ontrack "$scratch/release/ontrack" --work .build-bench/panels)
[ -n "${RUNS_LARGE:-}" ] && args+=(--runs-large "$RUNS_LARGE")
[ -n "${TOOLS:-}" ] && args+=(--tools "$TOOLS")
[ -n "${PANDAS_MAX:-}" ] && args+=(--pandas-max "$PANDAS_MAX")
[ -n "${ONTRACK_ARGS:-}" ] && args+=("--ontrack-args=$ONTRACK_ARGS")
[ -n "${BASELINE:-}" ] && args+=(--ontrack-baseline "$BASELINE")
.venv/bin/python Scripts/panel_bench.py "${args[@]}"

# The batch engine against the single-series rules on every target of the smallest panel (the CI
# test runs the same check on the committed 400-series sample).
smallest=$(echo "${1:-10000,100000,1000000}" | tr ',' '\n' | sort -n | head -1)
sample=.build-bench/panels/size${smallest}-seed${SEED:-42}-years20
if [ "${CHECK:-1}" = 1 ] && [ -d "$sample" ]; then
  echo "single-series check on $sample:" >&2
  log=$(mktemp)
  if ONTRACK_PANEL_SAMPLE=$PWD/$sample swift test --scratch-path "$scratch" --filter BatchConsistencyTests >"$log" 2>&1; then
    grep -E "✔ Suite|✘|Test run" "$log" >&2 || true
    rm -f "$log"
  else
    echo "bench-panel: the single-series check failed (build or test); the last lines:" >&2
    tail -20 "$log" >&2
    rm -f "$log"
    exit 1
  fi
fi
