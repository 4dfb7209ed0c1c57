#!/usr/bin/env bash
# Renders sample charts, the dashboard, the status overview and the HTML briefing to PNG (and the
# briefing to PDF) in headless Chromium, then checks that no image is blank. Installs chromium and
# the Noto CJK fonts with apt-get when they are missing (so Chinese shows as text, not boxes).
#
#   Scripts/render-charts.sh                 # images into .build-render/
#   Scripts/render-charts.sh --update-docs   # also refresh the README images in docs/images/
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
Scripts/setup.sh

Scripts/browser-tools.sh

swift build -c release --product ontrack >&2
ontrack=.build/release/ontrack
out=.build-render
rm -rf "$out" && mkdir -p "$out"
data=Datasets/chongqing

# name, then the ontrack arguments that write $out/name.svg
$ontrack chart $data --id 004.c2.17 -o "$out/trajectory-level.svg"
$ontrack chart $data --id 004.c2.17 --lang en -o "$out/trajectory-level-en.svg"
$ontrack chart $data --id 004.c2.18 -o "$out/trajectory-cumulative.svg"
$ontrack chart $data --id 004.c2.01 -o "$out/trajectory-average-growth.svg"
$ontrack chart $data --id 000.c1.03 -o "$out/trajectory-series-break.svg"
$ontrack chart $data --id 004.c2.22 -o "$out/trajectory-bound.svg"
$ontrack chart $data --id 004.c2.19 --lang en -o "$out/trajectory-card-en.svg"
$ontrack chart $data --id 004.l0178.1 -o "$out/trajectory-baseline-year.svg"
$ontrack dashboard $data --columns 3 -o "$out/dashboard.svg"
$ontrack dashboard $data --overview -o "$out/overview.svg"
$ontrack report $data -o "$out/briefing.html"

shot() {  # file, png, width, height
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$3,$4" --screenshot="$2" "file://$PWD/$1" >/dev/null 2>&1
}
# Charts are taller when they carry an outlook or an explanation line: shoot them at their own size.
svg_size() { sed -n '1s/.*width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1 \2/p' "$1" | awk '{ printf "%d %d\n", $1 + 0.5, $2 + 0.5 }'; }
for f in "$out"/trajectory-*.svg; do read -r w h < <(svg_size "$f"); shot "$f" "${f%.svg}.png" "${w:-720}" "${h:-440}"; done
shot "$out/dashboard.svg" "$out/dashboard.png" 1068 980
shot "$out/overview.svg" "$out/overview.png" 760 520
shot "$out/briefing.html" "$out/briefing.png" 1200 1600
chromium --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$out/briefing.pdf" \
  "file://$PWD/$out/briefing.html" >/dev/null 2>&1
[ -s "$out/briefing.pdf" ] || { echo "BLANK  $out/briefing.pdf: not written" >&2; exit 1; }
echo "ok     $out/briefing.pdf: $(wc -c < "$out/briefing.pdf") bytes"

python3 Scripts/png_check.py "$out"/*.png

if [ "${1:-}" = "--update-docs" ]; then
  cp "$out/trajectory-level.png" docs/images/trajectory.png
  cp "$out/dashboard.png" docs/images/dashboard.png
  echo "docs/images updated" >&2
fi
