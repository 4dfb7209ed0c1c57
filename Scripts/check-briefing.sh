#!/usr/bin/env bash
# Prints the default briefing of a dataset to PDF in headless Chromium, in Chinese and in English,
# and checks it as a reader would meet it:
#   - at most MAX_PAGES A4 pages (default 6);
#   - at the printed width, with the print stylesheet, no table cell narrower than its longest word
#     (no cell overflows) and no column under 2.5 characters wide;
#   - at 420 px wide (a phone), nothing runs off the page: wide tables scroll inside their box;
#   - the sort controls answer the keyboard (Enter on a header sorts the table).
# Leaves the PDFs, page images and screenshots in .build-briefing/ for looking at.
#
#   Scripts/check-briefing.sh [DATASET]        # default Datasets/chongqing
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
Scripts/setup.sh
Scripts/browser-tools.sh

dataset=${1:-Datasets/chongqing}
max_pages=${MAX_PAGES:-6}
swift build --product ontrack >&2
ontrack="$(swift build --show-bin-path)/ontrack"
out=.build-briefing
rm -rf "$out" && mkdir -p "$out"
chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars)

# The measuring script: appended to a copy of the briefing; writes its findings into <pre id=check>.
cat > "$out/measure.js" <<'EOF'
(function () {
  var problems = [];
  var cells = document.querySelectorAll('td, th');
  Array.prototype.forEach.call(cells, function (c) {
    if (c.offsetParent === null) { return; }
    var em = parseFloat(getComputedStyle(c).fontSize);
    if (c.scrollWidth > c.clientWidth + 1) { problems.push('overflow: ' + c.textContent.slice(0, 40)); }
    if (c.textContent.trim().length > 1 && c.clientWidth < 2.5 * em) { problems.push('narrow (' + c.clientWidth + 'px): ' + c.textContent.slice(0, 40)); }
  });
  var wide = document.documentElement.scrollWidth > window.innerWidth + 1;
  var sortOK = true, button = document.querySelector('table.sortable th .sort');
  if (button) {
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    sortOK = button.parentNode.getAttribute('aria-sort') === 'ascending';
  }
  var pre = document.createElement('pre');
  pre.id = 'check';
  pre.textContent = 'cells=' + cells.length + ' problems=' + problems.length + ' pagewide=' + wide + ' keyboard=' + sortOK + '\n' + problems.slice(0, 20).join('\n');
  document.body.appendChild(pre);
})();
EOF

status=0
for lang in zh en; do
  html="$out/briefing-$lang.html"
  "$ontrack" report "$dataset" --lang "$lang" -o "$html"
  "${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$out/briefing-$lang.pdf" "file://$PWD/$html" 2>/dev/null
  pages=$(pdfinfo "$out/briefing-$lang.pdf" | awk '/^Pages:/ {print $2}')
  pdftoppm -r 60 -png "$out/briefing-$lang.pdf" "$out/page-$lang"
  verdict=ok; [ "$pages" -le "$max_pages" ] || { verdict="TOO LONG"; status=1; }
  echo "$lang: $pages A4 pages (at most $max_pages): $verdict"

  # Printed width (A4 less 2 x 12 mm ≈ 703 px) with the print stylesheet applied on screen.
  sed -e 's/@media print/@media all/' "$html" > "$out/print-$lang.html"
  printf '<script>\n%s\n</script>\n' "$(cat "$out/measure.js")" >> "$out/print-$lang.html"
  report=$("${chrome[@]}" --window-size=703,1000 --dump-dom "file://$PWD/$out/print-$lang.html" 2>/dev/null \
    | python3 -c 'import sys,re,html; m=re.search(r"<pre id=\"check\">(.*?)</pre>", sys.stdin.read(), re.S); print(html.unescape(m.group(1)) if m else "no result")')
  echo "$lang at print width: $report" | head -8
  echo "$report" | head -1 | grep -q "problems=0 pagewide=false" || status=1
  echo "$report" | head -1 | grep -q "keyboard=true" || status=1

  # A phone: 420 px, the screen stylesheet.
  cp "$html" "$out/phone-$lang.html"
  printf '<script>\n%s\n</script>\n' "$(cat "$out/measure.js")" >> "$out/phone-$lang.html"
  phone=$("${chrome[@]}" --window-size=420,900 --dump-dom "file://$PWD/$out/phone-$lang.html" 2>/dev/null \
    | python3 -c 'import sys,re,html; m=re.search(r"<pre id=\"check\">(.*?)</pre>", sys.stdin.read(), re.S); print(html.unescape(m.group(1)).splitlines()[0] if m else "no result")')
  echo "$lang at 420 px: $phone"
  echo "$phone" | grep -q "pagewide=false" || status=1
  "${chrome[@]}" --window-size=420,900 --screenshot="$out/phone-$lang.png" "file://$PWD/$html" 2>/dev/null
done
echo "PDFs, page images and phone screenshots in $out/"
exit $status
