#!/usr/bin/env bash
# CI stage: the real Nova's full control plane (conductor, scheduler, Placement, a libvirt compute
# per world host over Nova's fake libvirt) against the emulator, in containers of the real-Nova
# images CI builds (scripts/ci/real-nova-images.sh: $MVMATRIX_CI_RELEASES, default zed,hibiscus):
# - the stateful differential for every one of those releases (every default-matrix scenario at
#   every band edge, migrations settled and read back);
# - the default matrix's scenarios with `--full`, verdicts per outcome class, for the first
#   release only ($MVMATRIX_CI_FULL_MATRIX_RELEASES) and the newest client of each family plus
#   bookworm's Horizon ($MVMATRIX_CI_FULL_MATRIX_PROFILES): a real control plane boots a server per
#   cell (~1-2 s of CPU each), so all 340 cells of even one release do not fit the stage's
#   10 minutes on 2 cores; the whole matrix: MVMATRIX_CI_FULL_MATRIX_PROFILES=all.
# Writes the full-mode sections of reports/conformance.md. Fails (never skips) when an image of
# those releases is missing.
# Usage: scripts/ci/real-nova-full.sh [releases]   (default: $MVMATRIX_CI_RELEASES or zed,hibiscus)
# Prints: "ci-timing: real-nova-full <seconds>s (<releases>; matrix phase: <releases>)".
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$SECONDS
releases="${1:-${MVMATRIX_CI_RELEASES:-zed,hibiscus}}"
matrix_releases="${MVMATRIX_CI_FULL_MATRIX_RELEASES:-${releases%%,*}}"
matrix_profiles="${MVMATRIX_CI_FULL_MATRIX_PROFILES:-horizon@23.0.0,horizon@27.0.0,novaclient@18.13.1,openstacksdk@4.20.0,openstackclient@10.3.0}"
if [ "$matrix_profiles" = all ]; then matrix_profiles=""; fi
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
