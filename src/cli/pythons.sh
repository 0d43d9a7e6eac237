#!/usr/bin/env bash
# npm run pythons [-- DIR]: native CPython 3.13.18, 3.14.10 and 3.15.2 for this machine (Debian 12),
# the releases people install today, from Debian's archive (suite sid), unpacked under DIR
# (default .cache/pythons) without touching the system. Each interpreter is pointed at sid's own
# loader and libraries with patchelf, so it runs here directly, as its own sys.executable too, with
# ssl, sqlite3, ctypes, dbm and readline; its shared libpython and C headers come too, so that a
# program embedding Python (the hook builder's C output) builds and runs against each release, and
# ensurepip with the pip and setuptools wheels Debian ships apart (python3.X-venv, python3-pip-whl).
#
# What it checks: apt verifies the archive's signed Release file against Debian's keyring and each
# package against the signed index; the packages' SHA-256 sums are written to DIR/SHA256SUMS, and
# each interpreter must start, run a child of itself and import ssl, sqlite3 and ctypes before
# its release is written to DIR/RELEASES. Run again, it does nothing while DIR/RELEASES matches.
# The tracer (npm run trace) and the tests find DIR/usr/bin/python3.X by themselves.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.cache/pythons}
mkdir -p "$out"
out=$(cd "$out" && pwd)
wanted="3.13.18 3.14.10 3.15.2"
# What RELEASES records: the releases and, after them, what else is unpacked with them; a cache
# written before ensurepip came along is fetched again.
layout="$wanted with venv"

if [ -f "$out/RELEASES" ] && [ "$(cat "$out/RELEASES")" = "$layout" ]; then
  echo "pythons: CPython $wanted already in $out/usr/bin (delete $out to fetch them again)"
  exit 0
fi
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v patchelf >/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patchelf >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/debs"
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$uri" ] || uri=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list)
echo "deb $uri sid main" > "$work/sid.list"
apt=(-o Dir::Etc::sourcelist="$work/sid.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$work/lists" -o APT::Sandbox::User=root)
echo "pythons: reading sid's signed index from $uri"
apt-get "${apt[@]}" update -qq
packages=()
for release in $wanted; do
  minor=${release%.*}
  for name in "python$minor-minimal" "libpython$minor-minimal" "libpython$minor-stdlib" "libpython$minor" "libpython$minor-dev" "python$minor-venv"; do
    packages+=("$name=$release-1")
  done
done
# sid's C library and the libraries the interpreters link to: they need a newer glibc than Debian 12's.
# ensurepip's wheels, which Debian ships apart from the interpreters (unversioned: sid's current ones).
packages+=(python3-pip-whl python3-setuptools-whl)
packages+=(libc6 zlib1g libexpat1 libffi8 libsqlite3-0 libssl3t64 libbz2-1.0 liblzma5 libzstd1 libuuid1 libmpdec4 libncursesw6 libtinfo6 libreadline8t64 libgdbm6t64 libdb5.3t64 libcrypt1 libgcc-s1 libstdc++6)
(cd "$work/debs" && apt-get "${apt[@]}" download -qq "${packages[@]}")
(cd "$work/debs" && sha256sum ./*.deb | sed 's| \./| |') > "$work/SHA256SUMS"
rm -rf "$out/usr" "$out/lib" "$out/lib64" "$out/etc" "$out/RELEASES"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$out"; done
cp "$work/SHA256SUMS" "$out/SHA256SUMS"
loader="$out/usr/lib64/ld-linux-x86-64.so.2"
libraries="$out/usr/lib/x86_64-linux-gnu:$out/lib/x86_64-linux-gnu"
for release in $wanted; do
  minor=${release%.*}
  python="$out/usr/bin/python$minor"
  patchelf --set-interpreter "$loader" --force-rpath --set-rpath "$libraries" "$python"
  # The shared libpython, for programs that embed Python: the same libraries, found through its own rpath.
  for library in "$out"/usr/lib/x86_64-linux-gnu/libpython"$minor".so.1.0; do
    patchelf --force-rpath --set-rpath "$libraries" "$library"
  done
  got=$("$python" -c 'import sys, ssl, sqlite3, ctypes, ensurepip, subprocess; subprocess.run([sys.executable, "-c", "0"], check=True); print("%d.%d.%d" % sys.version_info[:3])')
  [ "$got" = "$release" ] || { echo "pythons: $python is $got, not $release" >&2; exit 1; }
  echo "pythons: $python is CPython $got (headers in $out/usr/include/python$minor, libpython in $out/usr/lib/x86_64-linux-gnu)"
done
echo "$layout" > "$out/RELEASES"
echo "pythons: done; the packages' SHA-256 sums are in $out/SHA256SUMS"
