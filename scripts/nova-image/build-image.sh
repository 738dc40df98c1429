#!/usr/bin/env bash
# Phase 2 of a real-Nova image: from the packages rootfs of phase 1 (build-rootfs.sh), run the
# warm-up (the harness once: empty schemas baked into /var/lib/mvmatrix/schemas, byte code of
# what the harness and the clients import), then `docker import` with labels.
# Called by src/providers/real-nova/images/build.ts.
#
# Environment (all required):
#   ROOTFS_TAR     phase 1's tarball
#   WARMUP_DIR     warm-up configuration (nova.conf, harness.json, world.json, requests.json, imports.json)
#   HARNESS_DIR    the real-Nova Python harness
#   CACHE          cache directory (work dirs)
#   TAG            image tag to create
#   LABELS         newline-separated key=value labels
#   BUILD_STARTED  epoch seconds when the build began (for the build-seconds label)
# Prints "build-image: <stage> <seconds>s" timing lines on stderr and the image id on stdout.
set -euo pipefail
: "${ROOTFS_TAR:?}" "${WARMUP_DIR:?}" "${HARNESS_DIR:?}" "${CACHE:?}" "${TAG:?}" "${BUILD_STARTED:?}"
LABELS="${LABELS:-}"

here="$(cd "$(dirname "$0")" && pwd)"
STAGE_PREFIX=build-image
# shellcheck source=rootfs-work.sh
. "$here/rootfs-work.sh"

open_rootfs "$ROOTFS_TAR" image
stage extract

mkdir -p "$root/opt/mvmatrix/harness" "$root/opt/mvmatrix/warmup"
cp "$HARNESS_DIR"/*.py "$root/opt/mvmatrix/harness/"
cp "$WARMUP_DIR"/* "$root/opt/mvmatrix/warmup/"
mount_in proc proc
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root PYTHONHASHSEED=0 \
  /usr/bin/python3 /opt/mvmatrix/harness/nova_warmup.py --config /opt/mvmatrix/warmup --schemas /var/lib/mvmatrix/schemas \
  >"$work/warmup.log" 2>&1 || { tail -n 60 "$work/warmup.log" >&2; echo "build-image: the warm-up failed" >&2; exit 1; }
grep '^nova-warmup:' "$work/warmup.log" >&2 || true
unmount_all
# The harness copy only served the warm-up: containers get the caller's harness.
rm -rf "$root/opt/mvmatrix/warmup" "$root/opt/mvmatrix/harness" "$root"/tmp/* "$root"/var/tmp/*
stage warm-up

changes=(--change 'ENV LANG=C.UTF-8' --change 'ENV PYTHONUNBUFFERED=1' --change 'ENV PYTHONHASHSEED=0'
  --change 'WORKDIR /' --change 'CMD ["/usr/bin/python3", "-c", "print(\"a real-Nova image of mvmatrix: start it with mvmatrix serve --real-nova --release <name>\")"]')
while IFS= read -r label; do
  [ -n "$label" ] && changes+=(--change "LABEL $label")
done <<<"$LABELS"
packages="$(paste -sd, "$root/etc/mvmatrix/packages")"
changes+=(--change "LABEL mvmatrix.packages=\"$packages\"")
changes+=(--change "LABEL mvmatrix.build-seconds=\"$(($(date +%s) - BUILD_STARTED))\"")
id="$(tar -C "$root" --numeric-owner -c . | docker import "${changes[@]}" - "$TAG")"
stage docker-import
echo "$id"
