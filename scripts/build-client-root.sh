#!/usr/bin/env bash
# Builds a small Debian root holding one suite's OpenStack clients, from Debian's own packages,
# for the client proof (test/conformance/clients-proof.test.ts, npm run capture:clients).
#
#   scripts/build-client-root.sh <suite> [dir]      suite: bullseye bookworm trixie forky sid
#
# Default dir: /var/tmp/mvmatrix-clients/<suite>. Needs root and debootstrap. Idempotent: a
# finished root (it has <dir>/.mvmatrix-clients) is reused as is. The root gets
# python3-novaclient, python3-openstacksdk, python3-openstackclient and python3-django-horizon
# (--no-install-recommends); byte-compilation is switched off (py3compile diverted), which
# saves most of the CPU and changes nothing the clients do. The package versions are written to
# <dir>/.mvmatrix-clients as "package version" lines.
set -euo pipefail
suite="${1:?usage: build-client-root.sh <suite> [dir]}"
dir="${2:-/var/tmp/mvmatrix-clients/$suite}"
mirror="${MVMATRIX_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages=(python3-novaclient python3-openstacksdk python3-openstackclient python3-django-horizon)
started=$(date +%s)

case "$suite" in
  bullseye|bookworm|trixie|forky|sid) ;;
  *) echo "build-client-root: unknown suite '$suite' (bullseye bookworm trixie forky sid)" >&2; exit 2 ;;
esac
if [ -f "$dir/.mvmatrix-clients" ]; then
  echo "build-client-root: $suite ready at $dir (cached)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then echo "build-client-root: needs root (debootstrap, chroot)" >&2; exit 3; fi
command -v debootstrap >/dev/null || { echo "build-client-root: debootstrap is missing (apt-get install debootstrap)" >&2; exit 3; }

# debootstrap of bookworm has no script named forky: the sid script fits every newer suite.
script=""
[ -e "/usr/share/debootstrap/scripts/$suite" ] || script=/usr/share/debootstrap/scripts/sid

rm -rf "$dir.partial"
mkdir -p "$(dirname "$dir")"
echo "build-client-root: debootstrap $suite → $dir"
debootstrap --variant=minbase "$suite" "$dir.partial" "$mirror" $script >"$dir.partial.log" 2>&1 ||
  { tail -20 "$dir.partial.log" >&2; exit 3; }

# Testing/unstable Release files can be past their Valid-Until by this machine's clock.
echo 'Acquire::Check-Valid-Until "false";' >"$dir.partial/etc/apt/apt.conf.d/99mvmatrix"
# No byte-compilation: dh_python3's postinst only calls py3compile when it exists.
chroot "$dir.partial" dpkg-divert --quiet --local --rename --add /usr/bin/py3compile
chroot "$dir.partial" dpkg-divert --quiet --local --rename --add /usr/bin/pypy3compile

echo "build-client-root: installing ${packages[*]}"
chroot "$dir.partial" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 apt-get -qq update >>"$dir.partial.log" 2>&1
chroot "$dir.partial" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 \
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >>"$dir.partial.log" 2>&1 ||
  { tail -20 "$dir.partial.log" >&2; exit 3; }
chroot "$dir.partial" apt-get clean

chroot "$dir.partial" dpkg-query -W -f='${Package} ${Version}\n' "${packages[@]}" python3 python3-keystoneauth1 python3-osc-lib \
  >"$dir.partial/.mvmatrix-clients"
rm -f "$dir.partial.log"
mv "$dir.partial" "$dir"
echo "build-client-root: $suite ready at $dir in $(( $(date +%s) - started )) s"
cat "$dir/.mvmatrix-clients"
