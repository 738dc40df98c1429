// Real-client driver benchmark (plain ESM over ../dist; `npm run bench:drivers` builds first).
//
// The same cells (the default scenarios × every microversion 2.1–2.104 as server maximum) in
// one run through:
//   1. the model profile of the same client release, novaclient@18.1.0+mv2.30 (what
//      `mvmatrix run` does by default) — the baseline;
//   2. the real python-novaclient through its driver (novaclient@installed,api=2.30), one process;
//   3. the same with two driver processes (workers=2);
// and, timed from start-up to the last cell, the Horizon gate of the composite action: the real
// Horizon form (horizon@installed) over the default scenarios × band edges.
//
// Target on 2 cores: ≥ 200 cells/s through novaclient's driver; the Horizon gate well under a
// minute. Prints the numbers and the ratios to the model run; never fails a build.
import os from 'node:os';
import { openDriverCells } from '../dist/drivers/driver-cells.js';
import { executeMatrix, prepareMatrix } from '../dist/run/execute.js';
import { openProvider } from '../dist/run/open-provider.js';

const MATRIX = new URL('../matrix/default.yaml', import.meta.url).pathname;
const concurrency = Number(process.env.MVMATRIX_BENCH_CONCURRENCY ?? 64);
const TARGET_CELLS_PER_S = 200;
const GATE_TARGET_S = 60;

function everyMicroversion() {
  return Array.from({ length: 104 }, (_, i) => `2.${i + 1}`);
}

async function run(label, profile, targets) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { expanded, hash, drivers } = await prepareMatrix(MATRIX, 'matrix/default.yaml', { profiles: [profile], targets });
  const driven = drivers.length > 0 ? await openDriverCells(drivers, { timeoutMs: 30_000 }) : undefined;
  const started = performance.now();
  // The model runs as `mvmatrix run` does by default (in-process); a real client needs HTTP.
  const provider = await openProvider({ kind: 'emulator', ...(driven ? { overHttp: true } : {}) });
  let result;
  try {
    result = await executeMatrix({ expanded, hash, provider, concurrency, timeoutMs: 30_000, ...(driven ? { driven } : {}) });
  } finally {
    await provider[Symbol.asyncDispose]();
    await driven?.[Symbol.asyncDispose]();
  }
  const ms = result.metadata.durationMs;
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const rate = Math.round((result.cells.length * 1000) / ms);
  const failed = result.cells.filter((c) => c.driver && (c.driver.answer === 'failed' || c.driver.answer === 'error')).length;
  console.log(
    `${label.padEnd(44)} ${String(result.cells.length).padStart(6)} cells  ${(ms / 1000).toFixed(2).padStart(6)} s  ${String(rate).padStart(6)} cells/s` +
      `  (wall with start-up ${(wall / 1000).toFixed(1)} s, driver start ${((started - t0) / 1000).toFixed(1)} s, node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s${failed ? `, ${failed} FAILED cells` : ''})`,
  );
  return { rate, ms, wall, result };
}

console.log(`mvmatrix driver benchmark — node ${process.version}, concurrency ${concurrency}, load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs`);
const targets = everyMicroversion();
const model = await run('model novaclient@18.1.0+mv2.30 (baseline)', 'novaclient@18.1.0+mv2.30', targets);
const one = await run('driver novaclient@installed,api=2.30', 'novaclient@installed,api=2.30', targets);
const two = await run('driver novaclient@installed,api=2.30,workers=2', 'novaclient@installed,api=2.30,workers=2', targets);
const gate = await run('Horizon gate: horizon@installed × band-edges', 'horizon@installed', ['band-edges']);

const same = one.result.cells.every((c, i) => c.outcome === model.result.cells[i]?.outcome);
console.log('');
console.log(`driver/model throughput: ${(one.rate / model.rate).toFixed(3)} (1 driver process), ${(two.rate / model.rate).toFixed(3)} (2 workers); 2 workers / 1: ${(two.rate / one.rate).toFixed(2)}`);
console.log(`same outcome as the model in every cell: ${same ? 'yes' : 'NO'}`);
const misses = [];
if (one.rate < TARGET_CELLS_PER_S) misses.push(`novaclient driver ${one.rate} cells/s < ${TARGET_CELLS_PER_S}`);
if (gate.wall / 1000 >= GATE_TARGET_S) misses.push(`Horizon gate ${(gate.wall / 1000).toFixed(1)} s ≥ ${GATE_TARGET_S} s`);
console.log(misses.length === 0 ? `targets met: ≥ ${TARGET_CELLS_PER_S} cells/s through novaclient's driver, Horizon gate < ${GATE_TARGET_S} s` : `TARGET MISSED: ${misses.join('; ')}`);
if (os.loadavg()[0] > os.availableParallelism()) console.log(`(the machine was busy: load average ${os.loadavg()[0].toFixed(1)}; rates are lower than on an idle machine)`);
