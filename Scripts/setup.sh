#!/usr/bin/env bash
# Installs what OnTrack needs and is missing: OpenBLAS and LAPACKE headers (Debian packages
# libopenblas-dev, liblapacke-dev), libxlsxwriter (libxlsxwriter-dev: .xlsx output), libxml2
# (libxml2-dev: Foundation's XMLParser reads .xlsx input through it, and a static-stdlib build links
# it) and pkg-config. Safe to run again: it only installs what is absent.
set -euo pipefail

need=()
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists openblas 2>/dev/null || need+=(libopenblas-dev)
pkg-config --exists xlsxwriter 2>/dev/null || need+=(libxlsxwriter-dev)
pkg-config --exists libxml-2.0 2>/dev/null || need+=(libxml2-dev)
{ pkg-config --exists lapacke 2>/dev/null && [ -f /usr/include/lapacke.h ]; } || need+=(liblapacke-dev)

if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
        echo "setup: need root (or sudo) to install ${need[*]} with apt-get" >&2; exit 2
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "setup: add /opt/swift/usr/bin to PATH" >&2
    else
        echo "setup: Swift 6 toolchain not found (https://swift.org/install)" >&2
    fi
    exit 2
fi
