#!/usr/bin/env node
// Regenerates contracts/real-nova-gate-allowlist.yaml from the committed real-Nova matrix
// cassettes (replayed, no Docker), the emulator, matrix/baseline.json and
// contracts/conformance-allowlist.yaml. Run after re-recording a cassette or regenerating the
// baseline (needs `npm run build`). Usage: node scripts/real-nova-gate-allowlist.mjs
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const { loadAllowList } = await import('../dist/conformance/allowlist.js');
const { renderGateAllowlist } = await import('../dist/conformance/matrix-differential-run.js');
const { writeFileAtomic } = await import('../dist/fs/atomic-write.js');
const allowList = await loadAllowList('contracts/conformance-allowlist.yaml');
const text = await renderGateAllowlist('contracts/cassettes', 'matrix/default.yaml', 'matrix/baseline.json', allowList);
await writeFileAtomic('contracts/real-nova-gate-allowlist.yaml', text);
console.log(`wrote contracts/real-nova-gate-allowlist.yaml (${text.split('\n  - cell:').length - 1} entries)`);
