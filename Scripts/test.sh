#!/usr/bin/env bash
# The test job (also run by CI through .ci/run): install what is missing, build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
Scripts/setup.sh
# Results differ in the last bits between OpenBLAS thread counts: pin one thread for reproducibility.
export OPENBLAS_NUM_THREADS=1
swift build --build-tests
swift test --skip-build
# The shipped dataset must validate: every quote at its cited line, ids, units, years.
"$(swift build --show-bin-path)/ontrack" validate Datasets/chongqing
# The readers under libFuzzer, 60 s per target (6 targets; crashes kept in .build-fuzz/crashes/).
Scripts/fuzz.sh 60
# The analyst notebooks must run top to bottom, headless (a virtualenv from PyPI, made when missing).
ONTRACK="$(swift build --show-bin-path)/ontrack" Scripts/run-notebooks.sh
