#!/usr/bin/env bash
# Times chart production on the bundled dataset: every trajectory chart into a folder, the
# dashboard, and the HTML briefing. Prints the median of RUNS runs (default 5) and the time per
# hundred charts. Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
Scripts/setup.sh
swift build -c release --product ontrack >&2
ontrack=.build/release/ontrack
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_it() {  # label, command...
  local label=$1; shift
  for _ in $(seq "$runs"); do
    local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }'
  done | median > "$tmp/$label"
}
time_it charts "$ontrack" chart Datasets/chongqing --out-dir "$tmp/out"
time_it dashboard "$ontrack" dashboard Datasets/chongqing -o "$tmp/d.svg"
time_it report "$ontrack" report Datasets/chongqing -o "$tmp/r.html"
n=$(ls "$tmp/out" | wc -l)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: Datasets/chongqing, $n targets; median of $runs runs, end to end (load, assess, draw, write)"
printf "all %d trajectory charts: %.3f s  (%.3f s per 100 charts)\n" "$n" "$(cat "$tmp/charts")" "$(awk -v t="$(cat "$tmp/charts")" -v n="$n" 'BEGIN { print t * 100 / n }')"
if [ -x .venv/bin/python ] && .venv/bin/python -c "import matplotlib, pandas" 2>/dev/null; then
  # Peer, same run: matplotlib drawing one SVG per target from ontrack's path and assess CSV.
  "$ontrack" path Datasets/chongqing -f csv > "$tmp/paths.csv"
  "$ontrack" assess Datasets/chongqing -f csv > "$tmp/assess.csv"
  for _ in $(seq "$runs"); do
    rm -rf "$tmp/mpl" && mkdir "$tmp/mpl"
    .venv/bin/python Scripts/bench_charts_matplotlib.py "$tmp/paths.csv" "$tmp/assess.csv" "$tmp/mpl" | cut -d' ' -f1
  done | median > "$tmp/mpl-time"
  m=$(ls "$tmp/mpl" | wc -l)
  printf "peer: matplotlib %s, %d charts (targets with a path), drawing only: %.3f s  (%.3f s per 100 charts)\n" \
    "$(.venv/bin/python -c 'import matplotlib; print(matplotlib.__version__)')" "$m" "$(cat "$tmp/mpl-time")" \
    "$(awk -v t="$(cat "$tmp/mpl-time")" -v n="$m" 'BEGIN { print t * 100 / n }')"
else
  echo "peer: skipped (python3 -m venv .venv && .venv/bin/pip install matplotlib pandas to measure it)"
fi
printf "dashboard (judged targets): %.3f s\n" "$(cat "$tmp/dashboard")"
printf "HTML briefing (%d KB): %.3f s\n" "$(( $(wc -c < "$tmp/r.html") / 1024 ))" "$(cat "$tmp/report")"
