#!/usr/bin/env bash
# Installs what the scripts that look at charts and briefings need, when it is missing: headless
# Chromium, poppler-utils (pdfinfo, pdftoppm) and the Noto CJK fonts (so Chinese shows as text, not
# boxes). Called by Scripts/render-charts.sh and Scripts/check-briefing.sh.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" >&2
fi
