#!/usr/bin/env bash
# The main job: install what is missing, build ontrack (release) and assess the bundled Chongqing
# dataset. Extra arguments go to `ontrack assess` (e.g. --format csv, --as-of 2022).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
Scripts/setup.sh
swift build -c release --product ontrack >&2
exec .build/release/ontrack assess Datasets/chongqing --format "${FORMAT:-table}" "$@"
