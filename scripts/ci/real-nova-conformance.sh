#!/usr/bin/env bash
# CI stage: per-release conformance against real Novas in containers (images from
# scripts/ci/real-nova-images.sh): the differential corpus (emulator as that release vs the real
# one) and cassette drift (a fresh recording equals the committed cassettes). Writes
# reports/conformance.md. (`npm test` covers the container launcher, Zed from the host package,
# and the committed cassettes of all five releases replayed against the emulator with the gate.)
# Usage: scripts/ci/real-nova-conformance.sh [releases]   (default: $MVMATRIX_CI_RELEASES or zed,hibiscus)
# Prints: "ci-timing: real-nova-conformance <seconds>s (<releases>)".
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
releases="${1:-${MVMATRIX_CI_RELEASES:-zed,hibiscus}}"
export CI="${CI:-true}"
MVMATRIX_CONFORMANCE_RELEASES="$releases" npx vitest run \
  test/conformance/differential.test.ts \
  test/conformance/cassette-drift.test.ts
echo "ci-timing: real-nova-conformance $((SECONDS - started))s ($releases)"
