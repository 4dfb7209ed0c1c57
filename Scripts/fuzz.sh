#!/usr/bin/env bash
# Fuzzes OnTrack's readers with libFuzzer for a bounded time: Scripts/fuzz.sh [SECONDS] (default 60 per target).
#
# Targets (harnesses in Tests/Fuzz/Targets, shared checks in Tests/Fuzz/Support.swift, seeds in
# Tests/Fuzz/Seeds/<target>):
#   csv            CSVReader and CSVTable (dataset files): places, CSVWriter round trip, ByteScanner agrees
#   number         NumberParsing: numbers, years and missing-value words against Double/Int(String)
#   panel-long     PanelReader, long layout, through a pipe: same result in 1 or many blocks, rows add up,
#                  ids UTF-8 without control characters, then the engine and both writers
#   panel-wide     the same, wide layout
#   panel-targets  PanelTargetsReader in memory and piped, then the engine on a fixed panel
#   dataset        DatasetReader.parse on three tables cut from the input at byte 0x1E, then assess,
#                  every output format, path and the SVG chart
# A harness never feeds bytes that are expected to crash: any trap is a finding.
#
# How it builds (no SwiftPM involved, so it works on a clean machine with only the toolchain and
# libopenblas-dev/liblapacke-dev/pkg-config, the same as Scripts/setup.sh installs): each library
# module (OnTrackNumerics, OnTrackPanel, OnTrackCore, OnTrackIO, OnTrackCharts) is compiled by swiftc
# in dependency order, whole-module, -O, with -enable-testing (the harnesses use internal API such as
# NumberParsing and ByteScanner through @testable import) and -sanitize=fuzzer,address (coverage
# for libFuzzer plus AddressSanitizer; fuzzer only, if this toolchain cannot link ASan). The C module
# COpenBLAS is found through Sources/COpenBLAS/module.modulemap and `pkg-config --cflags openblas`.
# Each harness is linked with the module objects and -lopenblas -llapacke. A module is rebuilt only
# when its sources, a module it imports, the flags or the toolchain change.
#
# Where things go (all under .build-fuzz, the scratch path):
#   .build-fuzz/fuzz/modules   objects and .swiftmodule files      .build-fuzz/fuzz/bin/fuzz-<target>
#   .build-fuzz/fuzz/corpus/<target>   inputs libFuzzer found (kept between runs, not committed)
#   .build-fuzz/crashes/<target>/      crash-*, timeout-*, oom-* inputs   .build-fuzz/fuzz/logs/<target>.log
# Exit status: 0 when no target crashed, 1 when any did (or a build failed).
#
# Environment: FUZZ_TARGETS="csv number" runs a subset; FUZZ_JOBS=2 runs two targets at a time;
# FUZZ_FLAGS adds libFuzzer flags. A long campaign that goes on past crashes:
#   FUZZ_JOBS=2 FUZZ_FLAGS="-fork=1 -ignore_crashes=1 -ignore_timeouts=1" Scripts/fuzz.sh 600
# To reproduce a crash (the Swift backtracer and ASan do not mix):
#   SWIFT_BACKTRACE=enable=no .build-fuzz/fuzz/bin/fuzz-<target> FILE
# to minimise it: add -minimize_crash=1 -runs=20000 -exact_artifact_path=/tmp/min. A crash, once
# fixed, goes into Tests/Fuzz/Seeds/<target>/ (every run replays the seeds first) and, when the CLI
# can show it, into Tests/Fixtures/bad-inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /opt/swift/usr/bin/swiftc ] && export PATH="/opt/swift/usr/bin:$PATH"

SECONDS_PER_TARGET="${1:-60}"
ALL_TARGETS="csv number panel-long panel-wide panel-targets dataset"
TARGETS="${FUZZ_TARGETS:-$ALL_TARGETS}"
JOBS="${FUZZ_JOBS:-1}"
SCRATCH=.build-fuzz
OUT="$SCRATCH/fuzz"
MODS="$OUT/modules"
BIN="$OUT/bin"
mkdir -p "$MODS" "$BIN" "$OUT/logs" "$OUT/corpus" "$SCRATCH/crashes"
export OPENBLAS_NUM_THREADS=1

max_len() {
    case "$1" in
        number) echo 96 ;;
        csv) echo 4096 ;;
        dataset) echo 8192 ;;
        *) echo 16384 ;; # the panel readers: past one 4 KiB block
    esac
}

# --- build -------------------------------------------------------------------------------------
BLAS_CFLAGS="$(pkg-config --cflags-only-I openblas 2>/dev/null || true)"
BLAS_LIBS="$(pkg-config --libs-only-L openblas 2>/dev/null || true)"
SANITIZE="fuzzer,address"
probe="$OUT/probe"
mkdir -p "$probe"
printf '@_cdecl("LLVMFuzzerTestOneInput") public func f(_ d: UnsafePointer<UInt8>?, _ n: Int) -> Int32 { 0 }\n' > "$probe/p.swift"
if ! swiftc -parse-as-library -sanitize=fuzzer,address "$probe/p.swift" -o "$probe/p" >"$probe/log" 2>&1; then
    echo "fuzz: AddressSanitizer does not link on this toolchain; building with -sanitize=fuzzer only" >&2
    SANITIZE="fuzzer"
    swiftc -parse-as-library -sanitize=fuzzer "$probe/p.swift" -o "$probe/p" || { echo "fuzz: swiftc -sanitize=fuzzer does not work here" >&2; exit 1; }
fi
COMMON=(-O -wmo -enable-testing -parse-as-library -swift-version 6 -sanitize="$SANITIZE"
        -I "$MODS" -I Sources/COpenBLAS $BLAS_CFLAGS)
stamp_of() { { cat "$@"; echo "${COMMON[*]}"; swiftc --version 2>&1; } | sha256sum | cut -c1-16; }

DEPENDENCIES=""  # the stamps of the modules built so far: a module is rebuilt when one it imports is
build_module() {
    local m="$1" stamp sources
    # Every Swift file of the target, subfolders included, as SwiftPM takes them.
    mapfile -t sources < <(find "Sources/$m" -name '*.swift' | LC_ALL=C sort)
    stamp="$(stamp_of "${sources[@]}")-$(echo "$DEPENDENCIES" | sha256sum | cut -c1-8)"
    DEPENDENCIES="$DEPENDENCIES $stamp"
    if [ -f "$MODS/$m.o" ] && [ "$(cat "$MODS/$m.stamp" 2>/dev/null)" = "$stamp" ]; then return 0; fi
    echo "fuzz: compiling $m" >&2
    rm -f "$MODS/$m.stamp"
    swiftc "${COMMON[@]}" -module-name "$m" -emit-module -emit-module-path "$MODS/$m.swiftmodule" \
        -c "${sources[@]}" -o "$MODS/$m.o"
    echo "$stamp" > "$MODS/$m.stamp"
}
for m in OnTrackNumerics OnTrackPanel OnTrackCore OnTrackIO OnTrackCharts; do build_module "$m"; done

for t in $TARGETS; do
    [ -f "Tests/Fuzz/Targets/$t.swift" ] || { echo "fuzz: no target $t (have: $ALL_TARGETS)" >&2; exit 1; }
    echo "fuzz: linking fuzz-$t" >&2
    # ld.gold warns about every ASan register helper it cannot export: show the output only on failure.
    swiftc "${COMMON[@]}" -module-name "Fuzz_${t//-/_}" Tests/Fuzz/Support.swift "Tests/Fuzz/Targets/$t.swift" \
        "$MODS"/*.o $BLAS_LIBS -lopenblas -llapacke -o "$BIN/fuzz-$t" >"$OUT/logs/link-$t.log" 2>&1 \
        || { cat "$OUT/logs/link-$t.log" >&2; exit 1; }
done

# --- run ---------------------------------------------------------------------------------------
run_target() {
    local t="$1"
    local crashes="$SCRATCH/crashes/$t" corpus="$OUT/corpus/$t" log="$OUT/logs/$t.log"
    mkdir -p "$crashes" "$corpus"
    local status=0
    rm -f "$OUT/logs/$t.status"
    # shellcheck disable=SC2086
    # The Swift runtime's backtracer would read memory ASan watches: libFuzzer reports traps itself.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}" \
    "$BIN/fuzz-$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")" \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$crashes/" ${FUZZ_FLAGS:-} \
        "$corpus" "Tests/Fuzz/Seeds/$t" >"$log" 2>&1 || status=$?
    local execs
    execs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
    [ -n "$execs" ] || execs="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)"
    if [ "$status" -eq 0 ]; then
        echo "fuzz: $t: ${execs:-?} executions in ${SECONDS_PER_TARGET}s, no crash"
    else
        echo "fuzz: $t: CRASHED (exit $status) after ${execs:-?} executions; input in $crashes/, log $log"
        grep -m1 -E 'FUZZ FINDING|Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|deadly signal' "$log" | sed 's/^/fuzz:   /' || true
    fi
    echo "$status" > "$OUT/logs/$t.status"
    return "$status"
}

failed=0
running=0
for t in $TARGETS; do
    if [ "$JOBS" -gt 1 ]; then
        run_target "$t" &
        running=$((running + 1))
        if [ "$running" -ge "$JOBS" ]; then wait -n || true; running=$((running - 1)); fi
    else
        run_target "$t" || true
    fi
done
wait || true
for t in $TARGETS; do
    [ "$(cat "$OUT/logs/$t.status" 2>/dev/null || echo missing)" = 0 ] || failed=1
done
exit "$failed"
