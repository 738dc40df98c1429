#!/usr/bin/env bash
# Builds (once) the minimal Debian root filesystem of one suite and keeps it as a tarball in the
# cache, so later image builds of that suite skip debootstrap entirely.
# Usage: debootstrap-base.sh <suite> <cache-dir> <mirror>
# Output: <cache-dir>/base/<suite>.tar (written atomically); prints its path.
set -euo pipefail
suite="$1"; cache="$2"; mirror="$3"
out="$cache/base/$suite.tar"
if [ -s "$out" ]; then echo "$out"; exit 0; fi
mkdir -p "$cache/base" "$cache/debootstrap-debs/$suite"
work="$(mktemp -d "$cache/base/.$suite.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Suites newer than this debootstrap knows (forky) use sid's script: same layout.
script=""
if [ ! -e "/usr/share/debootstrap/scripts/$suite" ]; then script="/usr/share/debootstrap/scripts/sid"; fi
debootstrap --variant=minbase --cache-dir="$cache/debootstrap-debs/$suite" \
  "$suite" "$work/rootfs" "$mirror" $script >&2
tar -C "$work/rootfs" --numeric-owner -cf "$work/base.tar" .
mv "$work/base.tar" "$out"
echo "$out"
