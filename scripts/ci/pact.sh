#!/usr/bin/env bash
# CI stage "pact" (docs/pact.md): regenerate the committed consumer pacts and fail when they
# differ from the commit; verify them against the embedded emulator, every replay cassette in
# contracts/cassettes/ (each against its release's pacts) and the real Nova of every release
# Debian ships (Victoria … Hibiscus), each started once in a container of its image
# (scripts/ci/real-nova-images.sh builds them first). CI=true: a missing image, or a release the
# matrix's contract names without pacts, is a failure, not a skip. With PACT_BROKER_BASE_URL set,
# publish the pacts to that Pact Broker (untested here: no broker can run on this machine).
# Needs a build (npm test does one). Prints a timing line per source and one for the stage.
# MVMATRIX_PACT_RELEASES: the real Novas to verify against (default all); MVMATRIX_PACT_JOBS:
# Pact verifier runs at once (default 6: the five real Novas side by side; a run waits on its
# provider more than it computes). --timeout 30000: a hang guard per request on a loaded machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
out="${MVMATRIX_PACT_REPORTS:-reports}"

echo "== pact: regenerate contracts/pacts and compare with the commit"
node bin/mvmatrix.js pact
stale="$(git status --porcelain -- contracts/pacts)"
if [ -n "$stale" ]; then
  echo "$stale"
  git --no-pager diff --stat -- contracts/pacts || true
  echo "::error::contracts/pacts is not what 'mvmatrix pact' writes for this commit: run 'npm run build && node bin/mvmatrix.js pact' and commit contracts/pacts/"
  exit 1
fi
generated=$(date +%s)

echo "== pact: verify against the emulator, the replay cassettes and the real Novas (${MVMATRIX_PACT_RELEASES:-all})"
node bin/mvmatrix.js verify --out "$out" --release "${MVMATRIX_PACT_RELEASES:-all}" --jobs "${MVMATRIX_PACT_JOBS:-6}" --timeout 30000
verified=$(date +%s)

if [ -n "${PACT_BROKER_BASE_URL:-}" ]; then
  # Broker-less by default; this path is untested here (no broker can run on this machine).
  echo "== pact: publish to $PACT_BROKER_BASE_URL"
  npx --yes -p @pact-foundation/pact-cli@18.1.2 pact broker publish contracts/pacts \
    --consumer-app-version "${GITHUB_SHA:-$(git rev-parse HEAD)}" \
    --branch "${GITHUB_REF_NAME:-$(git rev-parse --abbrev-ref HEAD)}"
fi

echo "== pact stage: $(( $(date +%s) - started )) s (generate + compare $(( generated - started )) s, verify $(( verified - generated )) s)"
