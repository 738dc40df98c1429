#!/usr/bin/env bash
# CI stage: a Debian sid root with sid's OpenStack clients, so the client proof
# (test/conformance/clients-proof.test.ts) runs one current suite live next to bookworm's
# host packages. Built from Debian's packages by scripts/build-client-root.sh (~1-3 min,
# ~630 MB under /var/tmp/mvmatrix-clients/sid); reused when already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v debootstrap >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
$SUDO bash scripts/build-client-root.sh sid
echo "== timing: client roots (sid) $(( $(date +%s) - started )) s"
