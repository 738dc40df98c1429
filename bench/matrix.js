#!/usr/bin/env node
/**
 * bench:matrix — how long `mvmatrix run` (default matrix, reports included) makes a user wait,
 * where the time goes, and how it scales; every baseline measured in the same run:
 *
 *   node -e 0                       Node's own start-up (the floor of the start-up phase)
 *   in-process ceiling              the default matrix's cells in this process, calling the
 *                                   model in-process, no CLI, no files (the floor of the cells phase)
 *   mvmatrix run                    the CLI as users run it (in-process emulator, all reports),
 *                                   wall time spawn → exit, CPU, peak RSS, and its phases
 *                                   (MVMATRIX_TIMINGS: start-up, matrix, cells, matrix.json,
 *                                   view model, each report, writing)
 *   mvmatrix run --over-http        the same over loopback HTTP (the emulator's node:http edge)
 *   mvmatrix run, 10× the cells     every scenario copied ten times: CPU and peak RSS against
 *                                   the 1× run (targets ≤ 10× the CPU, ≤ 2× the memory); from
 *                                   100,000 cells on run tightens V8's heap growth, so the 1×
 *                                   run is measured once more with that setting
 *
 *   npm run bench:matrix            (builds first)
 *   node bench/matrix.js --rounds 5 [--matrix matrix/default.yaml]
 *
 * The runs alternate round by round so background load hits them alike; medians are printed
 * with the noise (half the min–max spread). Target: `run` < 2 s wall on a quiet 2-core machine.
 * Always exits 0: a report, not a gate.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineLine, median, spreadPercent } from './lib/process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/mvmatrix.js');
const TARGETS = { wallS: 2, cpuRatio10x: 10, rssRatio10x: 2 };
const { values: args } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, matrix: { type: 'string', default: 'matrix/default.yaml' }, 'skip-10x': { type: 'boolean', default: false } },
});
const rounds = Number(args.rounds);

if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
  console.log('bench:matrix needs a build (npm run build); nothing measured.');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'mvmatrix-bench-matrix-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const matrixFile = join(ROOT, args.matrix);

/** Spawns a command; resolves with its wall time (spawn → exit) and what it wrote to MVMATRIX_TIMINGS. */
function timed(argv, label) {
  const timings = join(work, `timings-${Math.random().toString(36).slice(2)}.jsonl`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, MVMATRIX_TIMINGS: timings }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${label} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      const line = existsSync(timings) ? JSON.parse(readFileSync(timings, 'utf8').trim().split('\n').pop()) : null;
      resolve({ ms, line });
    });
  });
}

function runArgs(matrix, out, extra = []) {
  return [BIN, 'run', '--matrix', matrix, '--out', join(work, out), '--quiet', ...extra];
}

async function inProcessCeiling() {
  const { prepareMatrix, executeMatrix } = await import('../dist/run/execute.js');
  const { startInProcessEmulatorProvider } = await import('../dist/providers/emulator/in-process-provider.js');
  const { expanded, hash } = await prepareMatrix(matrixFile, args.matrix);
  const samples = [];
  for (let i = 0; i < 3; i++) {
    const provider = await startInProcessEmulatorProvider();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await executeMatrix({ expanded, hash, provider });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    samples.push({ ms, cpuMs: (cpu.user + cpu.system) / 1000, cells: result.cells.length });
  }
  return samples;
}

/** The matrix with every scenario copied ten times under new ids. */
async function tenfoldMatrix() {
  const { parse, stringify } = await import('yaml');
  const definition = parse(readFileSync(matrixFile, 'utf8'));
  definition.scenarios = Array.from({ length: 10 }, (_, k) => definition.scenarios.map((s) => ({ ...s, id: `${s.id}-x${k}` }))).flat();
  const file = join(work, 'matrix-10x.yaml');
  writeFileSync(file, stringify(definition));
  return file;
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const noise = (values) => `±${(spreadPercent(values) / 2).toFixed(0)}%`;

console.log(`mvmatrix bench:matrix — ${machineLine()}`);
console.log(`matrix ${args.matrix}; ${rounds} rounds, runs alternating\n`);

// Warm the file cache, then alternate.
await timed(runArgs(matrixFile, 'warm'), 'warm-up run');
const nodeMs = [];
const runs = [];
const httpRuns = [];
for (let round = 0; round < rounds; round++) {
  nodeMs.push((await timed(['-e', '0'], 'node -e 0')).ms);
  runs.push(await timed(runArgs(matrixFile, `run-${round}`), 'mvmatrix run'));
  httpRuns.push(await timed(runArgs(matrixFile, `http-${round}`, ['--over-http']), 'mvmatrix run --over-http'));
}
const ceiling = await inProcessCeiling();
const ceilingBest = ceiling.reduce((a, b) => (b.ms < a.ms ? b : a));

const cells = runs[0].line.cells;
const wall = runs.map((r) => r.ms);
const httpWall = httpRuns.map((r) => r.ms);
console.log(`${cells.toLocaleString('en')} cells\n`);
console.log(`${'run'.padEnd(34)} ${'wall'.padStart(8)} ${'noise'.padStart(6)} ${'CPU'.padStart(8)} ${'peak RSS'.padStart(9)}`);
const row = (label, list) =>
  console.log(
    `${label.padEnd(34)} ${s(median(list.map((r) => r.ms))).padStart(8)} ${noise(list.map((r) => r.ms)).padStart(6)} ${s(median(list.map((r) => r.line?.cpuMs ?? NaN))).padStart(8)} ${`${median(list.map((r) => r.line?.maxRssMb ?? NaN)).toFixed(0)} MB`.padStart(9)}`,
  );
console.log(`${'node -e 0'.padEnd(34)} ${s(median(nodeMs)).padStart(8)} ${noise(nodeMs).padStart(6)}`);
row('mvmatrix run (in-process)', runs);
row('mvmatrix run --over-http', httpRuns);
console.log(`${'in-process ceiling (cells only)'.padEnd(34)} ${s(ceilingBest.ms).padStart(8)} ${''.padStart(6)} ${s(ceilingBest.cpuMs).padStart(8)}`);

console.log('\nphases of mvmatrix run (medians; wall / CPU of the whole process):');
const names = runs[0].line.phases.map((p) => p.name);
for (const name of names) {
  const of = (r) => r.line.phases.find((p) => p.name === name) ?? { ms: NaN, cpuMs: NaN };
  const ms = median(runs.map((r) => of(r).ms));
  const cpu = median(runs.map((r) => of(r).cpuMs));
  console.log(`  ${name.padEnd(22)} ${`${ms.toFixed(0)} ms`.padStart(8)} ${`${cpu.toFixed(0)} ms`.padStart(8)}`);
}
const runCells = median(runs.map((r) => r.line.phases.find((p) => p.name === 'cells')?.ms ?? NaN));
console.log(`  (process exit)        ${`${(median(wall) - median(runs.map((r) => r.line.wallMs))).toFixed(0)} ms`.padStart(8)}`);
console.log(`\nstart-up: ${(median(runs.map((r) => r.line.phases[0].ms))).toFixed(0)} ms vs node -e 0 ${median(nodeMs).toFixed(0)} ms`);
console.log(`cells phase: ${s(runCells)} vs the in-process ceiling ${s(ceilingBest.ms)} (${(runCells / ceilingBest.ms).toFixed(2)}×)`);
console.log(`over HTTP / in-process wall: ${(median(httpWall) / median(wall)).toFixed(2)}×`);

const checks = [[`run < ${TARGETS.wallS} s wall`, median(wall) < TARGETS.wallS * 1000, `${s(median(wall))} (${noise(wall)})`]];
if (!args['skip-10x']) {
  const file10 = await tenfoldMatrix();
  const big = await timed(runArgs(file10, 'run-10x'), 'mvmatrix run (10×)');
  const cpuRatio = big.line.cpuMs / median(runs.map((r) => r.line.cpuMs));
  const rssRatio = big.line.maxRssMb / median(runs.map((r) => r.line.maxRssMb));
  console.log(`\n10× the cells (${big.line.cells.toLocaleString('en')}): wall ${s(big.ms)}, CPU ${s(big.line.cpuMs)} (${cpuRatio.toFixed(2)}× the 1× run), peak RSS ${big.line.maxRssMb.toFixed(0)} MB (${rssRatio.toFixed(2)}×)`);
  // From 100,000 cells on, run lets its heap grow by 50 % instead of V8's default (decision 0007):
  // the 1× run once more with that setting, so the ratio at one setting is printed too.
  const sameSetting = await timed(['--heap-growing-percent=50', ...runArgs(matrixFile, 'run-1x-h50')], 'mvmatrix run (1×, heap growing 50 %)');
  const sameRatio = big.line.maxRssMb / sameSetting.line.maxRssMb;
  console.log(`  the 10× run lets its heap grow by 50 % (≥ 100,000 cells, decision 0007); the 1× run with the same setting: ${s(sameSetting.ms)} wall, peak RSS ${sameSetting.line.maxRssMb.toFixed(0)} MB (10× / 1× at one setting: ${sameRatio.toFixed(2)}×)`);
  checks.push([`10× the cells ≤ ${TARGETS.cpuRatio10x}× the CPU`, cpuRatio <= TARGETS.cpuRatio10x, `${cpuRatio.toFixed(2)}×`]);
  checks.push([`10× the cells ≤ ${TARGETS.rssRatio10x}× the memory`, rssRatio <= TARGETS.rssRatio10x, `${rssRatio.toFixed(2)}× (${sameRatio.toFixed(2)}× at one heap setting)`]);
}
console.log('');
for (const [name, ok, value] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${value}`);
