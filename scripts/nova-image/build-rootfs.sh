#!/usr/bin/env bash
# Phase 1 of a real-Nova image, from Debian's mirror only: debootstrap (cached base tarball)
# → chroot apt-get install of the package set (cached .debs) → nova-common's api-paste.ini
# extracted without running its maintainer scripts. The result is kept as a tarball in the
# cache (OUT), so phase 2 (build-image.sh: warm-up, schemas, docker import) can be redone
# without reinstalling. Called by src/providers/real-nova/images/ (which decides WHAT to
# build); this script only does it.
#
# Environment (all required unless noted):
#   SUITE           Debian suite (bookworm, sid, ...)
#   CACHE           cache directory (base tarballs, .deb archives, work dirs)
#   APT_SOURCES     the chroot's sources.list, one "deb ..." line per line
#   NOVA_VERSION    exact python3-nova (and nova-common) package version, e.g. 2:26.2.2-1~deb12u5
#   PACKAGES        space-separated packages to install besides python3-nova
#   MIRROR          mirror for debootstrap
#   OUT             tarball to write (atomically)
#   COMPILE         (optional) skip (default): py3compile is not run during install (phase 2
#                   compiles what the harness and clients import by running them);
#                   all: Debian's default (py3compile in every postinst)
# Prints "build-rootfs: <stage> <seconds>s" timing lines on stderr.
set -euo pipefail
: "${SUITE:?}" "${CACHE:?}" "${APT_SOURCES:?}" "${NOVA_VERSION:?}" "${MIRROR:?}" "${OUT:?}"
PACKAGES="${PACKAGES:-}"
COMPILE="${COMPILE:-skip}"
here="$(cd "$(dirname "$0")" && pwd)"

STAGE_PREFIX=build-rootfs
# shellcheck source=rootfs-work.sh
. "$here/rootfs-work.sh"

base="$(bash "$here/debootstrap-base.sh" "$SUITE" "$CACHE" "$MIRROR")"
stage debootstrap-base

mkdir -p "$CACHE/archives/$SUITE/partial"
open_rootfs "$base" "$SUITE"
stage extract

# apt and dpkg inside the chroot: no recommends, old Release files accepted (forky/sid may be
# past Valid-Until by this machine's clock), downloaded .debs kept (they live in the cache),
# no fsync per file (a throw-away build), no docs/man pages/translations in the image.
printf '%s\n' "$APT_SOURCES" >"$root/etc/apt/sources.list"
cat >"$root/etc/apt/apt.conf.d/90mvmatrix" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Check-Valid-Until "false";
Acquire::Languages "none";
APT::Keep-Downloaded-Packages "true";
Binary::apt::APT::Keep-Downloaded-Packages "true";
Dpkg::Use-Pty "false";
CONF
rm -f "$root/etc/apt/apt.conf.d/docker-clean"
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/90mvmatrix-unsafe-io"
cat >"$root/etc/dpkg/dpkg.cfg.d/90mvmatrix-nodoc" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/info/*
CONF
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf"

mount_in "$CACHE/archives/$SUITE" var/cache/apt/archives
mount_in proc proc

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 HOME=/root "$@"; }

if [ "$COMPILE" != all ]; then
  # Skip Debian's byte-compilation during install: every python3-* postinst runs
  # `py3compile -p <package>` (all of Nova's test tree included), which is most of the
  # install time. What the harness and clients import is compiled below by running them.
  in_root dpkg-divert --local --rename --divert /usr/bin/py3compile.mvmatrix --add /usr/bin/py3compile >/dev/null
  printf '#!/bin/sh\nexit 0\n' >"$root/usr/bin/py3compile"
  chmod 755 "$root/usr/bin/py3compile"
fi

in_root apt-get -q update >&2
stage apt-update
# shellcheck disable=SC2086
in_root apt-get -q -y install "python3-nova=$NOVA_VERSION" $PACKAGES >&2
stage apt-install

# nova-common of the same version: only its api-paste.ini (its maintainer scripts want
# debconf/dbconfig, so the package is unpacked, not installed).
in_root sh -c "cd /tmp && apt-get -q download nova-common=$NOVA_VERSION" >&2
mkdir -p "$work/nova-common" "$root/usr/share/nova-common"
dpkg-deb -x "$root"/tmp/nova-common_*.deb "$work/nova-common"
cp "$work/nova-common/usr/share/nova-common/api-paste.ini" "$root/usr/share/nova-common/api-paste.ini"
rm -f "$root"/tmp/nova-common_*.deb
stage nova-common

if [ "$COMPILE" != all ]; then
  rm -f "$root/usr/bin/py3compile"
  in_root dpkg-divert --local --rename --divert /usr/bin/py3compile.mvmatrix --remove /usr/bin/py3compile >/dev/null
fi

# Record what is inside: exact versions of the packages that matter.
mkdir -p "$root/etc/mvmatrix"
# shellcheck disable=SC2086
in_root dpkg-query -W -f '${Package}=${Version}\n' python3-nova $PACKAGES >"$root/etc/mvmatrix/packages"
rm -rf "$root"/var/lib/apt/lists/* "$root/etc/dpkg/dpkg.cfg.d/90mvmatrix-unsafe-io" "$root/usr/sbin/policy-rc.d" \
  "$root/etc/resolv.conf" "$root"/tmp/* "$root"/var/log/apt/* "$root"/var/cache/debconf/*-old
unmount_all
mkdir -p "$(dirname "$OUT")"
tar -C "$root" --numeric-owner -cf "$OUT.tmp.$$" .
mv "$OUT.tmp.$$" "$OUT"
stage tar
