#!/usr/bin/env bash
# Fetches the C headers of the CPython versions the site covers that this machine has no
# interpreter for (3.14 and 3.15), from Debian's archive (suite sid), so that the hook builder's C
# output is compiled against them too (tests/unit/hooks-c.test.ts). Nothing is installed: the
# packages' headers are unpacked into <out>/<minor>/include/. Needs Debian's apt; downloads 12 MB, keeps 6.
# Usage: .ci/python-headers.sh [out folder, default .cache/python-headers]
set -euo pipefail
out=${1:-.cache/python-headers}
mkdir -p "$out"; out=$(cd "$out" && pwd)
wanted=()
for minor in 3.14 3.15; do [ -f "$out/$minor/include/python$minor/Python.h" ] || wanted+=("$minor"); done
[ ${#wanted[@]} -eq 0 ] && { echo "headers of 3.14 and 3.15 already in $out"; exit 0; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$uri" ] || uri=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list)
echo "deb [trusted=yes] $uri sid main" > "$work/sources.list"
apt=(-o Dir::Etc::sourcelist="$work/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
apt-get "${apt[@]}" update -qq
cd "$work"
# Whichever patch release sid has: the headers of one minor version declare the same API.
for minor in "${wanted[@]}"; do
  apt-get "${apt[@]}" download -qq "libpython$minor-dev"
  rm -rf "$out/$minor"; mkdir -p "$out/$minor"
  dpkg-deb -x libpython"$minor"-dev_*.deb "$work/x$minor"
  # The headers alone: the package's static library is no use to a compile-only check.
  mv "$work/x$minor/usr/include" "$out/$minor/include"
done
ls "$out"
