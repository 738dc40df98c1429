#!/usr/bin/env bash
# One CI stage: scripts/ci/stage.sh <name> <command> [args…]
# Runs the command, then prints "== timing <name>: <seconds> s (exit <code>)" and appends the
# same line to $MVMATRIX_CI_TIMINGS when set (.ci/run prints them all at the end).
set -uo pipefail
name="$1"
shift
echo "== stage ${name}: $*"
start_ns="$(date +%s%N)"
"$@"
status=$?
elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
line="$(printf '== timing %s: %d.%01d s (exit %d)' "$name" $((elapsed_ms / 1000)) $(((elapsed_ms % 1000) / 100)) "$status")"
echo "$line"
if [ -n "${MVMATRIX_CI_TIMINGS:-}" ]; then echo "$line" >> "$MVMATRIX_CI_TIMINGS"; fi
exit "$status"
