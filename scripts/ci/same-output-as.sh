#!/usr/bin/env bash
# Proof that a change to the pipeline changed no output: builds git ref $1 (default: main) in a
# scratch directory, runs the default matrix with both builds and fails unless matrix.json (cells,
# evidence and metadata), matrix.md, matrix.html, junit.xml and summary.md are byte-identical,
# the documented timing fields aside (startedAt, finishedAt, durationMs; JUnit time= and
# timestamp=; the run's timestamp in the reports' header). For merging a performance change:
#   bash scripts/ci/same-output-as.sh main
# Extra arguments go to both runs (e.g. --matrix matrix/other.yaml).
set -euo pipefail
cd "$(dirname "$0")/../.."
ref="${1:-main}"; shift || true
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git archive "$ref" | tar -x -C "$scratch"
mkdir "$scratch/ref-out" "$scratch/this-out"
rm -rf "$scratch/node_modules" && ln -s "$PWD/node_modules" "$scratch/node_modules"
(cd "$scratch" && npm run --silent build >/dev/null)
# The same matrix file for both (the ref's own default.yaml may differ when the ref is older).
node "$scratch/bin/mvmatrix.js" run --quiet --matrix matrix/default.yaml --out "$scratch/ref-out" "$@"
node bin/mvmatrix.js run --quiet --matrix matrix/default.yaml --out "$scratch/this-out" "$@"
node -e '
const { readFileSync } = require("node:fs");
const [refDir, thisDir] = process.argv.slice(1);
const timing = (text) => text
  .replace(/"(startedAt|finishedAt)": ?"[^"]*"/g, "\"$1\":\"<t>\"")
  .replace(/"durationMs": ?[0-9.e+-]+/g, "\"durationMs\":<t>")
  .replace(/ (time|timestamp)="[^"]*"/g, " $1=\"<t>\"")
  .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<t>");
let failed = false;
for (const file of ["matrix.json", "matrix.md", "matrix.html", "junit.xml", "summary.md"]) {
  const a = timing(readFileSync(`${refDir}/${file}`, "utf8")), b = timing(readFileSync(`${thisDir}/${file}`, "utf8"));
  if (a === b) { console.log(`${file}: byte-identical (${a.length} characters, timing fields aside)`); continue; }
  failed = true;
  const la = a.split("\n"), lb = b.split("\n"); const i = la.findIndex((l, k) => l !== lb[k]);
  console.error(`${file} differs at line ${i + 1}:\n  ref:  ${String(la[i]).slice(0, 300)}\n  this: ${String(lb[i]).slice(0, 300)}`);
}
process.exit(failed ? 1 : 0);
' "$scratch/ref-out" "$scratch/this-out"
