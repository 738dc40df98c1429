#!/usr/bin/env bash
# CI stage: the real Nova's full control plane (conductor, scheduler, Placement, a libvirt compute
# per world host over Nova's fake libvirt) against the emulator, in containers of the real-Nova
# images CI builds (scripts/ci/real-nova-images.sh: $MVMATRIX_CI_RELEASES, default zed,hibiscus):
# - the stateful differential for every one of those releases (every default-matrix scenario at
#   every band edge, migrations settled and read back);
# - the default matrix's scenarios with `--full`, verdicts per outcome class, for the releases
#   and client profiles of scripts/ci/full-defaults.sh (every CI release; a subset of profiles,
#   since a real control plane boots a server per cell).
# Writes the full-mode sections of reports/conformance.md. Fails (never skips) when an image of
# those releases is missing.
# Usage: scripts/ci/real-nova-full.sh [releases]   (default: $MVMATRIX_CI_RELEASES or zed,hibiscus)
# Prints: "ci-timing: real-nova-full <seconds>s (<releases>; matrix phase: <releases>)".
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
releases="${1:-${MVMATRIX_CI_RELEASES:-zed,hibiscus}}"
# shellcheck source=scripts/ci/full-defaults.sh
. scripts/ci/full-defaults.sh
export CI="${CI:-true}"

[ -f dist/cli/main.js ] || npm run build >/dev/null
# The images must be there already (the images stage builds them): a missing one is a failure.
suites="$(node --input-type=module -e "
const { selectDebianNovas } = await import('./dist/providers/real-nova/debian-releases.js');
console.log(selectDebianNovas(process.argv[1], 'releases').map((n) => n.suite).join(' '));
" "$releases")"
for suite in $suites; do
  if ! docker image inspect "mvmatrix/real-nova:${suite}" >/dev/null 2>&1; then
    echo "real-nova-full: image mvmatrix/real-nova:${suite} is missing; build it first: bash scripts/ci/real-nova-images.sh ${releases}" >&2
    exit 3
  fi
done

MVMATRIX_FULL_RELEASES="$releases" MVMATRIX_FULL_MATRIX_RELEASES="$matrix_releases" MVMATRIX_FULL_MATRIX_PROFILES="$matrix_profiles" \
  npx vitest run --project real-nova test/conformance/stateful-differential.test.ts
echo "ci-timing: real-nova-full $((SECONDS - started))s (${releases}; matrix phase: ${matrix_releases}, profiles: ${matrix_profiles:-all})"
