#!/usr/bin/env bash
# Checks that a panel's views render (issue 17: "a panel's chart, dashboard and briefing render —
# SVG parsed, PNG not blank"): chart, dashboard, overview and briefing of two panels (the synthetic
# long panel of Tests/Fixtures/panel-sample and the World Bank wide export of Tests/Fixtures/shapes),
# plus the chart of a dataset's what-if target (Tests/Fixtures/what-if). Each SVG and the briefing
# are parsed as XML; each is rendered to PNG by headless Chromium; each PNG must not be blank
# (Scripts/png_check.py: more than 1% of pixels inked and more than 8 colours).
#
# Not part of Scripts/test.sh (CI): it needs Chromium and the Noto CJK fonts from apt (installed
# here by Scripts/browser-tools.sh when missing, minutes on a fresh machine) and a browser start per
# image; the tests already parse every view's SVG and HTML (ChartCommandTests, WhatIfTargetTests).
#
#   Scripts/check-panel-views.sh                      # builds ontrack (debug) into .build
#   ONTRACK=path/to/ontrack Scripts/check-panel-views.sh
#   SCRATCH=.build-views Scripts/check-panel-views.sh # build into another scratch folder
#
# Images go to .build-panel-views/ (kept for a look). Exit 0 when every view parses and renders.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
start=$(date +%s)
Scripts/browser-tools.sh

if [ -z "${ONTRACK:-}" ]; then
  Scripts/setup.sh
  scratch=${SCRATCH:-.build}
  swift build --scratch-path "$scratch" --product ontrack >&2
  ONTRACK="$(swift build --scratch-path "$scratch" --show-bin-path)/ontrack"
fi
out=.build-panel-views
rm -rf "$out" && mkdir -p "$out"

sample=(--panel Tests/Fixtures/panel-sample/observations-long.csv --targets Tests/Fixtures/panel-sample/targets.csv)
wdi=(--panel Tests/Fixtures/shapes/wdi-wide.csv --targets Tests/Fixtures/shapes/wdi-targets.csv)
year=(--evaluation-year 2026)

# The views, written as files.
"$ONTRACK" chart "${sample[@]}" "${year[@]}" --id t0000001 -o "$out/panel-chart.svg"
"$ONTRACK" chart "${sample[@]}" "${year[@]}" --id t0000002 --lang en -o "$out/panel-chart-cumulative-en.svg"
"$ONTRACK" chart "${wdi[@]}" "${year[@]}" --id abw-life --lang en -o "$out/wdi-chart-en.svg"
"$ONTRACK" dashboard "${wdi[@]}" "${year[@]}" --lang en -o "$out/wdi-dashboard-en.svg"
"$ONTRACK" dashboard "${sample[@]}" "${year[@]}" -o "$out/panel-dashboard.svg"
"$ONTRACK" dashboard "${sample[@]}" "${year[@]}" --overview --lang en -o "$out/panel-overview-en.svg"
"$ONTRACK" report "${sample[@]}" "${year[@]}" --lang en -o "$out/panel-briefing-en.html"
"$ONTRACK" report "${wdi[@]}" "${year[@]}" -o "$out/wdi-briefing.html"
"$ONTRACK" chart Tests/Fixtures/what-if "${year[@]}" --id t.green -o "$out/what-if-chart.svg"

# Parsed: every SVG, and the briefings (well-formed XML as well as HTML).
python3 - "$out"/*.svg "$out"/*.html <<'EOF'
import sys
import xml.etree.ElementTree as ET
failed = False
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
        texts = sum(1 for e in root.iter() if e.tag.endswith("}text") or e.tag == "text")
        print(f"parsed {path}: <{root.tag.split('}')[-1]}>, {sum(1 for _ in root.iter())} elements, {texts} <text>")
    except ET.ParseError as e:
        failed = True
        print(f"BROKEN {path}: {e}")
sys.exit(1 if failed else 0)
EOF

# Rendered: each at its own size (the top 1200 px of a tall dashboard; the briefing's first screen).
shot() {  # file, png, width, height
  timeout 60 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$3,$4" --screenshot="$2" "file://$PWD/$1" >/dev/null 2>&1
  [ -s "$2" ] || { echo "BLANK  $2: not written by chromium" >&2; exit 1; }
}
svg_size() { sed -n '1s/.*width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1 \2/p' "$1" | awk '{ printf "%d %d\n", $1 + 0.5, $2 + 0.5 }'; }
for f in "$out"/*.svg; do
  read -r w h < <(svg_size "$f")
  h=${h:-440}; [ "$h" -gt 1200 ] && h=1200
  shot "$f" "${f%.svg}.png" "${w:-720}" "$h"
done
for f in "$out"/*.html; do shot "$f" "${f%.html}.png" 1200 1600; done

python3 Scripts/png_check.py "$out"/*.png
echo "check-panel-views: $(ls "$out"/*.png | wc -l) views parsed and rendered, none blank, in $(( $(date +%s) - start )) s"
