#!/usr/bin/env bash
# The `drivers` test tier alone (test/tiers.ts; .ci/run runs it inside `npm test`, after
# scripts/ci/sid-clients.sh):
# the real-client driver suites (test/drivers/): the host's
# Debian 12 clients through their drivers, Horizon 27.0.0 from Debian sid gated end to end
# (shipped vs. the reviewer's fix, through the composite action's script), and real client code
# against the real Nova API. Fetches sid's Horizon and libraries first (a few MB, no install).
# Prints a timing line.
set -euo pipefail
cd "$(dirname "$0")/../.."
export CI="${CI:-true}"
export MVMATRIX_SID_CLIENTS="${MVMATRIX_SID_CLIENTS:-${TMPDIR:-/tmp}/mvmatrix-debian-clients/sid}"

start=$(date +%s)
bash scripts/ci/sid-clients.sh
fetched=$(date +%s)
node node_modules/vitest/vitest.mjs run --project drivers
end=$(date +%s)
echo "== drivers: sid clients fetched in $((fetched - start)) s, driver suites $((end - fetched)) s"
