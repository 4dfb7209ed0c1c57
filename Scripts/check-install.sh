#!/usr/bin/env bash
# Installs the .deb in a fresh Debian 12 (bookworm) root made with debootstrap — no Swift
# toolchain, nothing else installed — and checks what a new user does first:
#   apt-get install ./ontrack_*.deb, ontrack --version, ontrack assess chongqing (the installed
#   example, found by name), ontrack report chongqing -o /tmp/b.html, ontrack example, man ontrack,
#   and Tab completion in interactive bash, zsh and fish (Scripts/check-completions.sh --installed);
#   then the tarball's install.sh into ~/.local by a user without root.
#
#   Scripts/check-install.sh [DEB]    default: the .deb in .build-package/dist (Scripts/package.sh)
#
# Needs root (chroot, mount) and the network (debootstrap, apt-get). The minimal bookworm root is
# made once in $DEBOOTSTRAP_BASE (default /tmp/ontrack-debootstrap/bookworm, a few minutes) and
# copied for every run, so that each run starts from a root nothing was installed in. The copy is
# removed afterwards unless KEEP_ROOT=1. Exit 0 when every check passes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
deb="${1:-$(ls -t .build-package/dist/ontrack_*.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "check-install: no .deb (run Scripts/package.sh, or give its path)" >&2; exit 2; }
deb="$(readlink -f "$deb")"
[ "$(id -u)" -eq 0 ] || { echo "check-install: needs root (chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "check-install: apt-get install debootstrap" >&2; exit 2; }

base="${DEBOOTSTRAP_BASE:-/tmp/ontrack-debootstrap/bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if [ ! -x "$base/usr/bin/apt-get" ]; then
    echo "check-install: debootstrap --variant=minbase bookworm $base (once)"
    rm -rf "$base"; mkdir -p "$(dirname "$base")"
    debootstrap --variant=minbase bookworm "$base.partial" "$mirror" > "$(dirname "$base")/debootstrap.log" 2>&1 \
        || { tail -20 "$(dirname "$base")/debootstrap.log" >&2; exit 1; }
    mv "$base.partial" "$base"
fi

top="$(mktemp -d /tmp/ontrack-check-install.XXXXXX)"
root="$top/root"
mounted=()
cleanup() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" || true; done
    if [ "${KEEP_ROOT:-0}" = 1 ]; then echo "check-install: root kept in $root"; return; fi
    # Never delete through a mount that is still there.
    if findmnt -rn -o TARGET | grep -q "^$top"; then echo "check-install: $root still has mounts; not removed" >&2; return; fi
    rm -rf "$top"
}
trap cleanup EXIT
cp -a "$base" "$root"
for m in proc dev dev/pts sys; do
    case "$m" in proc) mount -t proc proc "$root/proc";; sys) mount -t sysfs sys "$root/sys";; *) mount --bind "/$m" "$root/$m";; esac
    mounted+=("$root/$m")
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
cp Scripts/check-completions.sh "$root/tmp/check-completions.sh"
in_root() { chroot "$root" /usr/bin/env -i HOME=/root TERM=xterm LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

failures=0
step() { echo; echo "== $*"; }
check() { # check NAME COMMAND...: runs COMMAND in the root, prints its output, counts a failure
    local name="$1"; shift
    if in_root bash -c "$*"; then echo "-- ok: $name"; else echo "-- FAIL: $name"; failures=$((failures + 1)); fi
}

step "fresh Debian root: $(cat "$root/etc/debian_version"), $(in_root dpkg-query -f '.\n' -W | wc -l) packages, Swift: $(in_root bash -c 'command -v swift swiftc; ls /usr/lib/swift 2>/dev/null' | wc -l) files"
in_root apt-get update -qq
step "apt-get install ./$(basename "$deb")"
if in_root apt-get install -y "/tmp/$(basename "$deb")" > "$top/apt.log" 2>&1; then
    grep -E '^(The following NEW|  |Setting up ontrack)' "$top/apt.log" | head -20
    echo "-- ok: apt-get install"
else
    tail -30 "$top/apt.log"; echo "-- FAIL: apt-get install"; exit 1
fi

check "no Swift toolchain in the root" '! command -v swift && ! find / -xdev -name "libswiftCore*" | grep -q . && echo "no swift, no libswiftCore"'
check "ldd lists no Swift library" 'ldd /usr/bin/ontrack && ! ldd /usr/bin/ontrack | grep -Eq "swift|not found"'
check "ontrack --version" 'ontrack --version'
check "ontrack assess chongqing (by name, from /tmp)" 'cd /tmp && [ ! -e chongqing ] && ontrack assess chongqing -f csv > /tmp/a.csv && wc -l /tmp/a.csv && head -c 300 /tmp/a.csv && echo && cut -d, -f1 /tmp/a.csv | sed -n 2,4p'
check "ontrack report chongqing -o /tmp/b.html" 'cd /tmp && ontrack report chongqing --lang en -o /tmp/b.html && ls -l /tmp/b.html && grep -c "<svg" /tmp/b.html && head -c 120 /tmp/b.html && echo'
check "an Excel workbook out and back in (libxlsxwriter, libxml2)" 'cd /tmp && ontrack assess chongqing -o /tmp/a.xlsx && ls -l /tmp/a.xlsx && head -c 2 /tmp/a.xlsx | grep -q PK && printf "series_id,form,bound,value,baseline,baseline_year,target_year\ns1,level,reach,10,5,2020,2025\n" > /tmp/t.csv && printf "series_id,year,value\ns1,2020,5\ns1,2021,6\ns1,2022,7\n" > /tmp/p.csv && ontrack assess --panel /tmp/p.csv --targets /tmp/t.csv -o /tmp/p.xlsx && ontrack assess --panel /tmp/p.xlsx --targets /tmp/t.csv -f csv | cut -d, -f1-4'
check "a dataset not found says where it looked" 'cd /tmp && ontrack assess nowhere; test $? -eq 2'
check "ontrack example" 'cd /tmp && ontrack example cq && ontrack validate cq -q && ls cq'
in_root apt-get install -y man-db > "$top/apt-man.log" 2>&1 || { tail "$top/apt-man.log"; echo "-- FAIL: man-db"; failures=$((failures + 1)); }
check "man ontrack" 'man -w ontrack && MANWIDTH=100 man -P cat ontrack 2>/dev/null | sed -n 1,12p && MANWIDTH=100 man -P cat ontrack 2>/dev/null | grep -q "ontrack assess"'
check "completion files in the standard folders" 'ls -l /usr/share/bash-completion/completions/ontrack /usr/share/zsh/vendor-completions/_ontrack /usr/share/fish/vendor_completions.d/ontrack.fish'
in_root apt-get install -y tmux bash-completion zsh fish > "$top/apt-tmux.log" 2>&1 || { tail "$top/apt-tmux.log"; echo "-- FAIL: tmux"; failures=$((failures + 1)); }
check "Tab completion in bash, zsh and fish (from the standard folders)" 'bash /tmp/check-completions.sh --installed'

# The tarball, installed by a user without root into ~/.local (its own prefix: the example dataset
# is found in ~/.local/share/ontrack/datasets), then uninstalled.
tarball="${TARBALL:-$(ls -t "$(dirname "$deb")"/ontrack-*-linux-*.tar.gz 2>/dev/null | head -1)}"
if [ -f "$tarball" ]; then
    cp "$tarball" "$root/tmp/ontrack.tar.gz"
    check "tarball: install.sh into ~/.local as a user, no root" 'useradd -m analyst && su analyst -c "set -e; cd ~ && tar xzf /tmp/ontrack.tar.gz && cd ontrack-*-linux-*/ && ./install.sh && cd ~ && ~/.local/bin/ontrack --version && ~/.local/bin/ontrack assess chongqing -f csv | wc -l && { ~/.local/bin/ontrack assess nowhere 2>&1 | grep -o \"in /home/analyst/.local/share/ontrack/datasets\"; } && ls ~/.local/share/man/man1 ~/.local/share/bash-completion/completions && ontrack-*-linux-*/install.sh --uninstall && test ! -e ~/.local/bin/ontrack"'
else
    echo "check-install: no tarball next to the .deb; tarball check skipped"
fi

echo
if [ "$failures" -gt 0 ]; then echo "check-install: $failures check(s) failed"; exit 1; fi
echo "check-install: every check passed in a fresh Debian $(cat "$root/etc/debian_version") root ($(basename "$deb"))"
