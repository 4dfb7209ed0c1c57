#!/usr/bin/env bash
# Builds the release packages of ontrack from the committed HEAD (never from uncommitted changes):
#
#   dist/ontrack_VERSION_ARCH.deb                  for Debian 12 and its derivatives (dpkg-deb)
#   dist/ontrack-VERSION-linux-ARCH.tar.gz         the same tree with install.sh, for other Linux
#
# The binary is a release build with the Swift runtime linked in (--static-swift-stdlib) and
# stripped: it needs only Debian's OpenBLAS, LAPACKE, libstdc++ and libc, never a Swift toolchain.
# `ontrack --version` says which commit it was built from. The tree holds the man page (from
# swift-argument-parser's generate-manual plugin), bash, zsh and fish completions, README, the
# license when the repository has one, and the example dataset (share/ontrack/datasets/chongqing).
#
#   Scripts/package.sh            build both into .build-package/dist (git-ignored)
#   DIST=/tmp/out Scripts/package.sh
#
# The build runs in .build-package/src, a copy of HEAD kept between runs so that a second run
# compiles only what changed; the working tree is not touched. Takes several minutes the first time.
# Not part of CI (Scripts/test.sh); Scripts/check-install.sh installs the .deb in a fresh Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
[ -x /opt/swift/usr/bin/swift ] && export PATH="/opt/swift/usr/bin:$PATH"
Scripts/setup.sh
for tool in dpkg-deb dpkg-shlibdeps strip gzip; do
    command -v "$tool" >/dev/null || { echo "package: $tool is missing (apt-get install dpkg-dev binutils)" >&2; exit 2; }
done

work="${PACKAGE_WORK:-$repo/.build-package}"
dist="${DIST:-$work/dist}"
src="$work/src"
mkdir -p "$work" "$dist" "$src"

commit="$(git rev-parse --short=10 HEAD)"
commit_date="$(git show -s --format=%cd --date=format:%Y%m%d HEAD)"
built="$(date -u +%Y-%m-%d)"
version="$(sed -n 's/^ *static let version = "\(.*\)"$/\1/p' Sources/ontrack/BuildInfo.swift)"
[ -n "$version" ] || { echo "package: no version in Sources/ontrack/BuildInfo.swift" >&2; exit 2; }
deb_version="${DEB_VERSION:-$version+git$commit_date.$commit-1}"
arch="$(dpkg --print-architecture)"
maintainer="${DEB_MAINTAINER:-$(git show -s --format='%an <%ae>' HEAD)}"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "package: note: uncommitted changes are not packaged; building commit $commit" >&2
fi

# 1. A copy of HEAD in $src, files rewritten only where they differ (keeps the build incremental).
fresh="$(mktemp -d "$work/head.XXXXXX")"
trap 'rm -rf "$fresh"' EXIT
git archive HEAD | tar -x -C "$fresh"
# The build stamp: only the copy says which commit it is.
info="$fresh/Sources/ontrack/BuildInfo.swift"
sed -i "s/^\( *static let build = \)\"source build\"$/\1\"commit $commit, built $built\"/" "$info"
grep -q "commit $commit" "$info" || { echo "package: could not stamp the commit into BuildInfo.swift" >&2; exit 2; }
(cd "$fresh" && find . -type f) | while IFS= read -r f; do
    if ! cmp -s "$fresh/$f" "$src/$f"; then mkdir -p "$src/$(dirname "$f")"; cp "$fresh/$f" "$src/$f"; fi
done
(cd "$src" && find . \( -path ./.build -o -path ./.swiftpm -o -path ./Package.resolved \) -prune -o -type f -print) | while IFS= read -r f; do
    [ -e "$fresh/$f" ] || rm -f "$src/$f"
done

# 2. The self-contained binary.
cd "$src"
echo "package: release build with the Swift runtime linked in (--static-swift-stdlib)" >&2
swift build -c release --static-swift-stdlib --product ontrack >"$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; exit 1; }
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/ontrack"

# 3. The man page: one page, ontrack(1), with every subcommand, by swift-argument-parser's
#    generate-manual plugin. Run as a plugin it would first build the whole package again in
#    release mode without --static-swift-stdlib (a second full build, undone by the next static
#    one), so the plugin is asked only to build its tool (--help), which then reads this binary.
echo "package: man page (swift-argument-parser's generate-manual plugin)" >&2
swift package --disable-sandbox plugin generate-manual --help >"$work/generate-manual.log" 2>&1 \
    || { tail -20 "$work/generate-manual.log" >&2; exit 1; }
tool="$(find .build -type f -perm -u+x -name generate-manual-tool | head -1)"
[ -x "$tool" ] || { echo "package: the generate-manual plugin's tool was not built (see $work/generate-manual.log)" >&2; exit 1; }
# generate-manual drops every character outside ASCII (≥, ·, 左右, …): it reads the help through a
# wrapper that writes each such character as @UXXXX@, and the page gets groff's \[uXXXX] for it.
mandir="$work/man"; rm -rf "$mandir"; mkdir -p "$mandir"
help="$work/ontrack-help"
printf '#!/bin/sh\nexec "%s" "$@" | perl -CSD -pe '"'"'s/([^\\x00-\\x7F])/sprintf("\\@U%%04X\\@", ord($1))/ge'"'"'\n' "$binary" > "$help"
chmod +x "$help"
"$tool" "$help" --output-directory "$mandir" --date "$(git -C "$repo" show -s --format=%cd --date=format:%Y-%m-%d HEAD)" \
    >>"$work/generate-manual.log" 2>&1 || { tail -20 "$work/generate-manual.log" >&2; exit 1; }
manual="$mandir/ontrack.1"
[ -s "$(dirname "$manual")/ontrack-help.1" ] && mv "$(dirname "$manual")/ontrack-help.1" "$manual"
[ -s "$manual" ] || { echo "package: generate-manual wrote no ontrack.1 (see $work/generate-manual.log)" >&2; exit 1; }
perl -pi -e 's/\@U([0-9A-F]{4,6})\@/\\[u$1]/g' "$manual"
cd "$repo"

# 4. The tree, rooted at /usr.
root="$work/root"
rm -rf "$root"
usr="$root/usr"
install -d "$usr/bin" "$usr/share/man/man1" "$usr/share/doc/ontrack" \
    "$usr/share/bash-completion/completions" "$usr/share/zsh/vendor-completions" \
    "$usr/share/fish/vendor_completions.d" "$usr/share/ontrack/datasets"
install -m 755 "$binary" "$usr/bin/ontrack"
strip --strip-unneeded "$usr/bin/ontrack"
if ldd "$usr/bin/ontrack" | grep -Eq 'swift|not found'; then
    ldd "$usr/bin/ontrack" >&2
    echo "package: the binary still needs a Swift toolchain library (or a missing one)" >&2; exit 1
fi
line="$("$usr/bin/ontrack" --version)"
case "$line" in *"commit $commit"*) ;; *) echo "package: --version says '$line', not commit $commit" >&2; exit 1;; esac
gzip -9n < "$manual" > "$usr/share/man/man1/ontrack.1.gz"
"$usr/bin/ontrack" --generate-completion-script bash > "$usr/share/bash-completion/completions/ontrack"
"$usr/bin/ontrack" --generate-completion-script zsh > "$usr/share/zsh/vendor-completions/_ontrack"
"$usr/bin/ontrack" --generate-completion-script fish > "$usr/share/fish/vendor_completions.d/ontrack.fish"
install -m 644 "$src/README.md" "$usr/share/doc/ontrack/README.md"
license=""
for f in LICENSE LICENSE.md LICENSE.txt COPYING; do
    if [ -f "$src/$f" ]; then license="$f"; install -m 644 "$src/$f" "$usr/share/doc/ontrack/copyright"; break; fi
done
[ -n "$license" ] || echo "package: warning: the repository has no LICENSE file; none is packaged" >&2
cp -r "$src/Datasets/chongqing" "$usr/share/ontrack/datasets/chongqing"
install -m 644 "$src/Datasets/FORMAT.md" "$usr/share/ontrack/datasets/FORMAT.md"
find "$root" -type d -exec chmod 755 {} + ; find "$usr/share" -type f -exec chmod 644 {} +

# 5. The .deb. Depends: the packages that hold the libraries ldd lists (dpkg-shlibdeps reads their
#    shlibs/symbols files), e.g. libopenblas0-pthread, liblapacke, libstdc++6, libc6.
shlib="$work/shlibdeps"
rm -rf "$shlib"; mkdir -p "$shlib/debian"
printf 'Source: ontrack\n\nPackage: ontrack\nArchitecture: any\n' > "$shlib/debian/control"
depends="$(cd "$shlib" && dpkg-shlibdeps -O -e"$usr/bin/ontrack" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || { echo "package: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
installed_size="$(du -sk --apparent-size "$usr" | cut -f1)"
install -d "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<EOF
Package: ontrack
Version: $deb_version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Recommends: man-db, bash-completion
Section: science
Priority: optional
Description: where each target of a development plan stands against the path to it
 OnTrack draws the path from a plan's baseline to each quantified target, puts the latest
 comparable actual on that path and grades progress with the method Eurostat and Statistics
 Canada use for SDG monitoring. This package holds the ontrack command (a self-contained build,
 commit $commit), its man page, bash, zsh and fish completions, and the example dataset
 (Chongqing's 14th Five-Year Plan) in /usr/share/ontrack/datasets.
EOF
deb="$dist/ontrack_${deb_version}_$arch.deb"
rm -f "$dist"/ontrack_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

# 6. The tarball: the same tree under ontrack-VERSION-linux-ARCH/ (bin/, share/) and install.sh.
name="ontrack-$version-$commit-linux-$arch"
tree="$work/$name"
rm -rf "$tree"; mkdir -p "$tree"
cp -a "$usr/bin" "$usr/share" "$tree/"
install -m 755 "$src/Scripts/install.sh" "$tree/install.sh"
install -m 644 "$src/README.md" "$tree/README.md"
[ -z "$license" ] || install -m 644 "$src/$license" "$tree/$license"
rm -f "$dist"/ontrack-*-linux-*.tar.gz
tar -C "$work" --owner=0 --group=0 -czf "$dist/$name.tar.gz" "$name"

echo "package: $line"
echo "package: $(du -h "$usr/bin/ontrack" | cut -f1) binary, Depends: $depends"
echo "package: $deb"
echo "package: $dist/$name.tar.gz"
