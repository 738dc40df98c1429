// Matrix runner benchmark (plain ESM over ../dist; `npm run bench:matrix` builds first).
//
//  1. the full default matrix over HTTP against the embedded emulator, start-up included;
//  2. the same cells in-process, calling the emulator model's handle() with no HTTP (the ceiling);
//  3. 10× the cells (synthetic copies of every scenario) over HTTP, to check the runner scales
//     linearly (target: ≤ 11× the time of run 1).
//
// Targets on 2 cores: run 1 < 3 s wall, ≥ 10,000 cells/s, peak RSS < 300 MB. This prints the
// numbers and flags misses; it never fails a build (performance lives here, not in tests).
import os from 'node:os';
import { createEmulator } from '../dist/nova/emulator.js';
import { resolveTarget } from '../dist/nova/target.js';
import { openProvider } from '../dist/matrix/open-provider.js';
import { executeMatrix, prepareMatrix, PROFILE_REGISTRY } from '../dist/matrix/execute.js';
import { expandMatrix } from '../dist/matrix/expand.js';
import { createInProcessTransport } from '../dist/matrix/in-process-transport.js';
import { createInProcessProvider } from '../dist/matrix/in-process-provider.js';

const MATRIX = new URL('../matrix/default.yaml', import.meta.url).pathname;
const concurrency = Number(process.env.MVMATRIX_BENCH_CONCURRENCY ?? 128);
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function overHttp(expanded, hash) {
  // What `mvmatrix run` uses: the embedded emulator on its own worker thread.
  const provider = await openProvider({ kind: 'emulator' });
  try {
    return await executeMatrix({ expanded, hash, provider, concurrency });
  } finally {
    await provider[Symbol.asyncDispose]();
  }
}

function line(label, cells, ms, cpu) {
  const rate = Math.round((cells * 1000) / ms);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(
    `${label.padEnd(36)} ${String(cells).padStart(7)} cells  ${(ms / 1000).toFixed(2).padStart(6)} s  ${String(rate).padStart(7)} cells/s  ` +
      `(CPU ${cpuS.toFixed(2)} s, ${Math.round(cells / cpuS)} cells per CPU-second)`,
  );
  return rate;
}

// 1. HTTP, wall time from reading the matrix file to the last cell.
const c0 = process.cpuUsage();
const t0 = performance.now();
const { expanded, hash } = await prepareMatrix(MATRIX, 'matrix/default.yaml');
const http = await overHttp(expanded, hash);
const httpMs = performance.now() - t0;
const httpCpu = process.cpuUsage(c0);
const rssAfterHttp = rssMb();

// 2. In-process ceiling: same cells, same model, no sockets.
const c1 = process.cpuUsage();
const t1 = performance.now();
const emulator = createEmulator();
const inProcess = await executeMatrix({
  expanded,
  hash,
  provider: createInProcessProvider(emulator),
  transport: createInProcessTransport(emulator, resolveTarget('zed')),
  concurrency,
});
const inProcessMs = performance.now() - t1;
const inProcessCpu = process.cpuUsage(c1);

const same = http.cells.every((c, i) => c.id === inProcess.cells[i]?.id && c.outcome === inProcess.cells[i]?.outcome);

// 3. Ten times the cells: every scenario copied ten times under new ids.
const scaled = {
  ...expanded.definition,
  scenarios: Array.from({ length: 10 }, (_, k) => expanded.definition.scenarios.map((s) => ({ ...s, id: `${s.id}-x${k}` }))).flat(),
};
const expanded10 = expandMatrix(scaled, PROFILE_REGISTRY);
const c2 = process.cpuUsage();
const t2 = performance.now();
const http10 = await overHttp(expanded10, hash);
const http10Ms = performance.now() - t2;
const http10Cpu = process.cpuUsage(c2);

console.log(`mvmatrix matrix benchmark — node ${process.version}, concurrency ${concurrency}, load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs`);
const httpRate = line('default matrix over HTTP (emulator)', http.cells.length, httpMs, httpCpu);
const ceilingRate = line('same cells in-process (no HTTP)', inProcess.cells.length, inProcessMs, inProcessCpu);
line('10× cells over HTTP', http10.cells.length, http10Ms, http10Cpu);
console.log(`HTTP / in-process rate ratio: ${(httpRate / ceilingRate).toFixed(2)}   10× time ratio: ${(http10Ms / httpMs).toFixed(2)} (target ≤ 11)`);
console.log(`peak RSS after the default run: ${rssAfterHttp} MB; overall: ${rssMb()} MB`);
console.log(`HTTP and in-process outcomes identical: ${same ? 'yes' : 'NO'}`);
const misses = [
  httpMs >= 3000 && `wall ${(httpMs / 1000).toFixed(2)} s ≥ 3 s`,
  httpRate < 10000 && `${httpRate} cells/s < 10,000`,
  rssAfterHttp >= 300 && `RSS ${rssAfterHttp} MB ≥ 300 MB`,
  http10Ms / httpMs > 11 && `10× run took ${(http10Ms / httpMs).toFixed(1)}× the time`,
].filter(Boolean);
console.log(misses.length === 0 ? 'all targets met' : `targets missed: ${misses.join('; ')}`);
