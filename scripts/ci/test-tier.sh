#!/usr/bin/env bash
# One test tier (test/tiers.ts) as a CI stage with its timing line: scripts/ci/test-tier.sh <tier>
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash scripts/ci/stage.sh "test:$1" node node_modules/vitest/vitest.mjs run --project "$1"
