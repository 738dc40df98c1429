#!/usr/bin/env bash
# CI stage: the real Nova's full control plane (conductor, scheduler, Placement, a libvirt compute
# per world host over Nova's fake libvirt) against the emulator — the stateful differential
# (every default-matrix scenario at every band edge, migrations settled and read back) and the
# default matrix's cells with `--full`, verdicts per outcome class (docs/real-nova-full.md).
# Writes the full-mode sections of reports/conformance.md.
# Usage: scripts/ci/real-nova-full.sh [releases]
#   host (default: $MVMATRIX_CI_FULL_RELEASES or host) = Zed from the host's python3-nova;
#   or release names/suites (zed,hibiscus; all), each in a container of its image
#   (scripts/ci/real-nova-images.sh builds them).
# Prints: "ci-timing: real-nova-full <seconds>s (<releases>)".
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
releases="${1:-${MVMATRIX_CI_FULL_RELEASES:-host}}"
export CI="${CI:-true}"
MVMATRIX_FULL_RELEASES="$releases" npx vitest run test/conformance/stateful-differential.test.ts
echo "ci-timing: real-nova-full $((SECONDS - started))s ($releases)"
