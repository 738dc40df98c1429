#!/usr/bin/env bash
# The composite action's run step (action.yml): runs mvmatrix, and when a client checkout is
# given (client-source), runs that client's real code through its driver (docs/drivers.md),
# gated against the same code at the base of the change (baseline-ref, default the pull
# request's target branch) unless a baseline file is given; then `mvmatrix diff` of the two
# runs goes into the step summary. All inputs come in as MVM_*
# environment variables; the exit code is mvmatrix's (0 ok, 1 gate failed, 2 bad input,
# 3 infrastructure). MVM_CLI replaces `npx … mvmatrix` (tests run the checkout's own CLI).
set -uo pipefail

mvm() {
  if [ -n "${MVM_CLI:-}" ]; then
    # shellcheck disable=SC2086 # MVM_CLI is a command line, e.g. "node bin/mvmatrix.js"
    $MVM_CLI "$@"
  else
    npx --yes --package "${MVM_PACKAGE:-mvmatrix}" -- mvmatrix "$@"
  fi
}

out="${MVM_OUT:-mvmatrix-reports}"
scratch="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/mvmatrix-client-gate-$$"
# The token reaches mvmatrix as $MVMATRIX_TOKEN only: never in its arguments (ps, logs).
if [ -n "${MVMATRIX_TOKEN:-}" ]; then echo "::add-mask::$MVMATRIX_TOKEN"; else unset MVMATRIX_TOKEN; fi

# What every run shares: the matrix and where Nova is.
common=(--provider "${MVM_PROVIDER:-emulator}")
if [ -n "${MVM_MATRIX:-}" ]; then common+=(--matrix "$MVM_MATRIX"); fi
if [ -n "${MVM_TARGET_URL:-}" ]; then common+=(--target-url "$MVM_TARGET_URL"); fi
args=(run "${common[@]}" --out "$out")
if [ -n "${MVM_ALLOWLIST:-}" ]; then args+=(--allowlist "$MVM_ALLOWLIST"); fi
baseline="${MVM_BASELINE:-}"

if [ -n "${MVM_CLIENT_SOURCE:-}" ]; then
  client="${MVM_CLIENT:-horizon}"
  source="$(cd "$MVM_CLIENT_SOURCE" && pwd)" || { echo "error: client-source $MVM_CLIENT_SOURCE is not a directory" >&2; exit 2; }
  # The same name for the base and the change, so their cells are the same cells.
  options="as=${client}-under-review"
  if [ -n "${MVM_CLIENT_PYTHON:-}" ]; then options="$options,python=$MVM_CLIENT_PYTHON"; fi
  if [ -n "${MVM_CLIENT_OPTIONS:-}" ]; then options="$options,$MVM_CLIENT_OPTIONS"; fi
  targets="${MVM_TARGETS:-band-edges}"
  args+=(--profile "${client}@src:${source},${options}" --targets "$targets")

  if [ -z "$baseline" ]; then
    ref="${MVM_BASELINE_REF:-}"
    if [ -z "$ref" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
      git -C "$source" fetch --quiet --no-tags origin "$GITHUB_BASE_REF" 2>/dev/null || true
      ref="origin/$GITHUB_BASE_REF"
    fi
    if [ -z "$ref" ]; then
      echo "error: client-source needs a baseline: give baseline (a file) or baseline-ref (a git ref of the client checkout)" >&2
      exit 2
    fi
    base="$scratch/base"
    mkdir -p "$scratch"
    if ! git -C "$source" worktree add --quiet --detach "$base" "$ref"; then
      echo "error: cannot check out $ref of $source for the baseline" >&2
      exit 2
    fi
    echo "mvmatrix: baseline from $ref ($(git -C "$base" rev-parse --short HEAD)) of $source"
    mvm run "${common[@]}" --out "$scratch/base-reports" --no-reports --quiet \
      --profile "${client}@src:${base},${options}" --targets "$targets" \
      --baseline "$scratch/baseline.json" --update-baseline
    code=$?
    git -C "$source" worktree remove --force "$base" >/dev/null 2>&1 || true
    if [ "$code" -ne 0 ]; then
      echo "error: the baseline run of $ref failed with exit code $code" >&2
      exit "$code"
    fi
    baseline="$scratch/baseline.json"
  fi
fi

if [ -n "$baseline" ]; then args+=(--baseline "$baseline"); fi
mvm "${args[@]}"
code=$?
# What the change did to each cell against the baseline run, grouped into findings (better,
# worse, changed meaning): into the step summary, and the base result into the artifact.
if [ -f "$scratch/base-reports/matrix.json" ] && [ -f "$out/matrix.json" ]; then
  cp "$scratch/base-reports/matrix.json" "$out/baseline-matrix.json"
  if diff_md="$(mvm diff "$out/baseline-matrix.json" "$out/matrix.json")"; then
    echo "$diff_md"
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then printf '%s\n\n' "$diff_md" >> "$GITHUB_STEP_SUMMARY"; fi
  fi
fi
rm -rf "$scratch"
exit "$code"
