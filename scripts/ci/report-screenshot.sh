#!/usr/bin/env bash
# CI stage: the README's screenshot (docs/screenshots/) is the real first screen of the default
# report. Renders that screen at 1400×1000 and 390×844, checks that the first finding and the
# release table are on it with no sideways scroll, and fails when its text digest differs from
# the committed docs/screenshots/matrix.first-screen.txt (pixels differ between machines; the
# digest does not), so the committed image cannot go stale.
#   bash scripts/ci/report-screenshot.sh [REPORTS_DIR]   check; REPORTS_DIR holds a run of the default
#                                                        matrix (default: run it now)
#   bash scripts/ci/report-screenshot.sh --update        run the default matrix and refresh docs/screenshots/
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
trap 'echo "== report screenshot check: $(( $(date +%s) - started )) s"' EXIT

update=false
reports=""
for arg in "$@"; do
  case "$arg" in
    --update) update=true ;;
    *) reports="$arg" ;;
  esac
done
[ -f dist/cli/main.js ] || npm run build >/dev/null
if [ -z "$reports" ]; then
  reports="$(mktemp -d)"
  node bin/mvmatrix.js run --out "$reports" --quiet
fi
if $update; then
  node .github/scripts/screenshot-report.mjs "$reports/matrix.html" docs/screenshots
else
  node .github/scripts/screenshot-report.mjs "$reports/matrix.html" "$(mktemp -d)" --check docs/screenshots
fi
