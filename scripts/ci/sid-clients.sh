#!/usr/bin/env bash
# CI stage: fetches Debian sid's Horizon 27.0.0 and the client libraries the `drivers` tier runs
# (test/fixtures/horizon/sid-packages.txt; a few MB, unpacked, no install) into
# $MVMATRIX_SID_CLIENTS (default: $TMPDIR/mvmatrix-debian-clients/sid, where the tier looks).
# Reused when already there.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="${MVMATRIX_SID_CLIENTS:-${TMPDIR:-/tmp}/mvmatrix-debian-clients/sid}"
mapfile -t packages < <(grep -v '^#' test/fixtures/horizon/sid-packages.txt | grep -v '^$')
bash scripts/fetch-debian-clients.sh sid "$dir" "${packages[@]}"
