#!/usr/bin/env bash
# Installs ontrack from the release tarball (made by Scripts/package.sh) into a prefix:
# PREFIX/bin/ontrack, the man page, the bash, zsh and fish completions and the example dataset
# (PREFIX/share/ontrack/datasets/chongqing, which `ontrack assess chongqing` finds by name).
#
#   ./install.sh                      PREFIX=/usr/local as root, else ~/.local (no root needed)
#   ./install.sh --prefix ~/opt/ontrack
#   ./install.sh --uninstall [--prefix DIR]   removes what an earlier run installed there
#
# ontrack needs OpenBLAS, LAPACKE, libxlsxwriter and libxml2 at run time (libopenblas.so.0,
# liblapacke.so.3, libxlsxwriter.so.4, libxml2.so.2; on Debian and Ubuntu the packages libopenblas0,
# liblapacke, libxlsxwriter4 and libxml2); it needs no Swift toolchain.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "$(id -u)" -eq 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
uninstall=false
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2;;
        --prefix=*) prefix="${1#--prefix=}"; shift;;
        --uninstall) uninstall=true; shift;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
        *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2;;
    esac
done
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix";; esac
manifest="$prefix/share/ontrack/install-manifest.txt"

if $uninstall; then
    [ -f "$manifest" ] || { echo "install.sh: nothing installed by install.sh in $prefix ($manifest is missing)" >&2; exit 2; }
    while IFS= read -r f; do rm -f "$prefix/$f"; done < "$manifest"
    rm -f "$manifest"
    find "$prefix/share/ontrack" -depth -type d -empty -delete 2>/dev/null || true
    echo "install.sh: removed ontrack from $prefix"
    exit 0
fi

[ -x "$here/bin/ontrack" ] || { echo "install.sh: run it from the unpacked tarball (bin/ontrack is missing)" >&2; exit 2; }
mkdir -p "$prefix"
[ -w "$prefix" ] || { echo "install.sh: cannot write to $prefix; run as root or pass --prefix ~/.local" >&2; exit 2; }
files="$(cd "$here" && find bin share -type f | sort)"
while IFS= read -r f; do
    mkdir -p "$prefix/$(dirname "$f")"
    if [ "$f" = bin/ontrack ]; then mode=755; else mode=644; fi
    install -m "$mode" "$here/$f" "$prefix/$f"
done <<< "$files"
mkdir -p "$(dirname "$manifest")"
printf '%s\n' "$files" > "$manifest"
echo "install.sh: installed $("$prefix/bin/ontrack" --version 2>/dev/null || echo ontrack) in $prefix"

# What the shell still needs to find it.
missing="$(ldd "$prefix/bin/ontrack" 2>/dev/null | sed -n 's/^[[:space:]]*\([^ ]*\) => not found$/\1/p' | tr '\n' ' ')"
[ -z "$missing" ] || echo "install.sh: warning: missing libraries: $missing(Debian/Ubuntu: apt-get install libopenblas0 liblapacke libxlsxwriter4 libxml2)" >&2
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "install.sh: add $prefix/bin to PATH";; esac
echo "install.sh: man ontrack reads $prefix/share/man (found through PATH by man-db, or add it to MANPATH)"
echo "install.sh: completions: bash-completion loads $prefix/share/bash-completion/completions by itself for ~/.local and /usr/local;"
echo "            elsewhere add to ~/.bashrc: source $prefix/share/bash-completion/completions/ontrack;"
echo "            zsh: fpath+=($prefix/share/zsh/vendor-completions) before compinit; fish: $prefix/share/fish/vendor_completions.d"
