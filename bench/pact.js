// Pact benchmark (plain ESM over ../dist; `npm run bench:pact` builds first).
//
// For the default contract subset (matrix/default.yaml `contract:`), in one run:
//  1. raw requests: the same cells through the matrix runner against the embedded emulator
//     (the baseline every ratio is against), at the runner's concurrency and one at a time;
//  2. generation: `mvmatrix pact` into a scratch directory (Pact mock server per interaction);
//  3. verification: Pact's verifier against the emulator, with 1 and with 2 verifier runs at once.
//
// Targets on 2 cores: ≥ 500 interactions, generated in < 30 s, verified against the emulator
// in < 90 s. This prints the numbers and flags misses; it never fails a build.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { executeMatrix, prepareMatrix } from '../dist/run/execute.js';
import { openProvider } from '../dist/run/open-provider.js';
import { selectContractCells } from '../dist/pact/contract-subset.js';
import { generatePacts } from '../dist/pact/generate.js';
import { parsePactFile } from '../dist/pact/pact-file.js';
import { verifyAgainstSources } from '../dist/pact/verify.js';
import { countVerdicts, formatCounts } from '../dist/pact/verification-summary.js';

const MATRIX = new URL('../matrix/default.yaml', import.meta.url).pathname;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const seconds = (ms) => `${(ms / 1000).toFixed(2).padStart(6)} s`;

async function onEmulator(fn, overHttp = false) {
  // The runner calls the emulator in-process; Pact's verifier (another process) needs its URL.
  const provider = await openProvider({ kind: 'emulator', overHttp });
  try {
    return await fn(provider);
  } finally {
    await provider[Symbol.asyncDispose]();
  }
}

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

const { expanded, hash } = await prepareMatrix(MATRIX, 'matrix/default.yaml');
const cells = selectContractCells(expanded);
const ids = new Set(cells.map((c) => c.target.id));
const subset = { ...expanded, cells, targets: expanded.targets.filter((t) => ids.has(t.id)) };

// 1. Raw requests.
const raw = await onEmulator((provider) => timed(() => executeMatrix({ expanded: subset, hash, provider })));
const rawOne = await onEmulator((provider) => timed(() => executeMatrix({ expanded: subset, hash, provider, concurrency: 1 })));
const sent = raw.value.cells.filter((c) => c.request !== null).length;

// 2. Generation.
const scratch = await mkdtemp(join(os.tmpdir(), 'mvmatrix-bench-pact-'));
const pactDir = join(scratch, 'pacts');
const gen = await timed(() => generatePacts({ matrixPath: MATRIX, outDir: pactDir, baseline: null, allowlist: { entries: [] } }));
const files = (await readdir(pactDir)).filter((f) => f.endsWith('.json'));
const pacts = await Promise.all(files.map(async (f) => parsePactFile(await readFile(join(pactDir, f), 'utf8'), join(pactDir, f))));
const interactions = gen.value.interactions;
const largest = Math.max(...pacts.map((p) => p.interactions.length));

// 3. Verification against the emulator.
async function verify(jobs) {
  return onEmulator((provider) =>
    timed(() => verifyAgainstSources({ pacts, sources: [{ id: 'emulator', kind: 'emulator', label: 'the embedded emulator', provider }], jobs, timeoutMs: 30_000, knownDifferences: [] })),
    true,
  );
}
const verify1 = await verify(1);
const verify2 = await verify(2);
await rm(scratch, { recursive: true, force: true });

const rate = (n, ms) => `${String(Math.round((n * 1000) / ms)).padStart(6)} /s`;
console.log(`mvmatrix Pact benchmark — node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs`);
console.log(`contract subset: ${cells.length} cells, ${interactions} interactions (${sent} requests sent by the runner), ${files.length} pact files, at most ${largest} interactions in one file`);
console.log(`raw requests, runner concurrency 64          ${seconds(raw.ms)} ${rate(sent, raw.ms)}`);
console.log(`raw requests, one cell at a time              ${seconds(rawOne.ms)} ${rate(sent, rawOne.ms)}`);
console.log(`pact generation (matrix run + Pact)           ${seconds(gen.ms)} ${rate(interactions, gen.ms)}  ${(gen.ms / raw.ms).toFixed(1)}× raw, ${(gen.ms / rawOne.ms).toFixed(1)}× one at a time` +
  `${gen.value.retries > 0 ? `  (${gen.value.retries} #1835 retries)` : ''}`);
for (const [jobs, run] of [[1, verify1], [2, verify2]]) {
  console.log(`verification, ${jobs} verifier run(s) at once     ${seconds(run.ms)} ${rate(interactions, run.ms)}  ${(run.ms / raw.ms).toFixed(1)}× raw, ${(run.ms / rawOne.ms).toFixed(1)}× one at a time: ${formatCounts(countVerdicts(run.value.verdicts))}`);
}
console.log(`peak RSS: ${rssMb()} MB (the verifier runs in child processes, not counted)`);
// Every interaction must verify against the emulator it was generated from; else the times above measure a failure.
for (const [jobs, run] of [[1, verify1], [2, verify2]]) {
  const failed = run.value.verdicts.filter((v) => v.verdict === 'failed' && !v.pending).length;
  if (failed > 0) console.log(`MISS  ${failed} interaction(s) failed against the emulator with ${jobs} verifier run(s): the verification times above do not count`);
}
const best = Math.min(verify1.ms, verify2.ms);
const misses = [
  interactions < 500 && `${interactions} interactions < 500`,
  gen.ms >= 30_000 && `generation ${seconds(gen.ms).trim()} ≥ 30 s`,
  best >= 90_000 && `verification ${seconds(best).trim()} ≥ 90 s`,
].filter(Boolean);
console.log(misses.length === 0 ? 'all targets met (≥ 500 interactions, generation < 30 s, verification < 90 s)' : `targets missed: ${misses.join('; ')}`);
