#!/usr/bin/env bash
# CI stage: the HTTP edge of the embedded emulator through the built CLI. `run` calls the
# emulator in-process by default (docs/decisions/0003); this runs the default matrix once more
# with --over-http (the node:http edge on its worker thread, as `serve` answers) and fails
# unless matrix.json's evidence and cells are byte-identical to the in-process run's (each
# cell's durationMs aside: it measures the run, not Nova).
# (The e2e tier proves the same from the sources; this checks the shipped build.)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node bin/mvmatrix.js run --quiet --no-reports --out "$out/in-process"
node bin/mvmatrix.js run --quiet --no-reports --over-http --out "$out/http"
node -e '
const { readFileSync } = require("node:fs");
const cells = (dir) => { const t = readFileSync(`${dir}/matrix.json`, "utf8"); return t.slice(t.indexOf("\"cells\": [")).replace(/,"durationMs":[0-9.e+-]+/g, ""); };
const [a, b] = [cells(process.argv[1]), cells(process.argv[2])];
if (a !== b) { const la = a.split("\n"), lb = b.split("\n"); const i = la.findIndex((l, k) => l !== lb[k]); console.error(`cells differ at line ${i}:\n  in-process: ${la[i]}\n  over HTTP:  ${lb[i]}`); process.exit(1); }
console.log(`over HTTP and in-process: byte-identical evidence and cells (${a.split("\n").length} lines of matrix.json)`);
' "$out/in-process" "$out/http"
