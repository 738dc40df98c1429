#!/usr/bin/env node
/**
 * Full control plane benchmark, per release: start-to-ready and matrix cells/s of the real
 * Nova's full mode next to its API-only mode and the emulator, measured in the same run.
 *
 *   npm run bench:real-nova-full                       (builds first; Zed)
 *   node bench/real-nova-full.js --release zed,hibiscus --launcher container
 *   node bench/real-nova-full.js --profile horizon@27.0.0,novaclient@18.13.1   (those profiles' cells only)
 *
 * Start: from the launch call to the harness answering (the emulator: its HTTP server). Cells:
 * the default matrix's cells of the release's own target (every profile × every scenario),
 * each on a fresh server, run through the matrix runner with the same concurrency on all three;
 * the full mode also settles and reads back every migration accepted at 2.34+. The full mode's
 * CPU seconds are the harness process's own (from its world dump). Always exits 0 (a report, not
 * a gate).
 */
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    release: { type: 'string', default: 'zed' },
    launcher: { type: 'string', default: 'auto' },
    concurrency: { type: 'string', default: '6' },
    profile: { type: 'string' },
  },
});

const { selectDebianNovas } = await import('../dist/providers/real-nova/debian-releases.js');
const { launchRealNova, RealNovaProvider } = await import('../dist/providers/real-nova/real-nova-provider.js');
const { startEmulatorProvider } = await import('../dist/providers/emulator/emulator-provider.js');
const { executeMatrix, prepareMatrix } = await import('../dist/run/execute.js');
const { DEFAULT_MATRIX_FILE } = await import('../dist/matrix/load-matrix.js');

// A real Nova in a container holds no handle in this process: without this, Node finds nothing
// left to do between two steps and exits (status 0, no table) — as serve did before 01f32b6.
const keepAlive = setInterval(() => undefined, 2 ** 30);
const concurrency = Number(args.concurrency);
const profiles = args.profile?.split(',').map((p) => p.trim()).filter((p) => p !== '');
const { expanded: all, hash } = await prepareMatrix(DEFAULT_MATRIX_FILE, DEFAULT_MATRIX_FILE, profiles?.length ? { profiles } : {});

/** The matrix cells of one target, run on `provider`: cells, seconds, cells/s. */
async function runCells(target, provider) {
  const expanded = { ...all, targets: all.targets.filter((t) => t.id === target), cells: all.cells.filter((c) => c.target.id === target) };
  const started = performance.now();
  const result = await executeMatrix({ expanded, hash, provider, concurrency, timeoutMs: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  const failed = result.cells.filter((c) => c.outcome === 'error').length;
  return { cells: result.cells.length, seconds, rate: result.cells.length / seconds, failed };
}

async function timed(start) {
  const started = performance.now();
  const value = await start();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function cpuSeconds(url) {
  try {
    const dump = await (await fetch(`${url}_mvmatrix/world`)).json();
    return dump.process?.cpu_seconds;
  } catch {
    return undefined;
  }
}

const rows = [];
for (const nova of selectDebianNovas(args.release, '--release')) {
  const name = nova.release.name;
  const launcher = args.launcher;
  const progress = (line) => process.stderr.write(`${name}: ${line}\n`);

  progress('emulator…');
  const emulator = await timed(() => startEmulatorProvider());
  const emulatorCells = await runCells(name, emulator.value);
  await emulator.value[Symbol.asyncDispose]();
  rows.push({ release: name, mode: 'emulator', start: emulator.seconds, ...emulatorCells });

  progress('real Nova, API only…');
  const apiOnly = await timed(() => launchRealNova(nova, { launcher, onProgress: progress }));
  try {
    const cells = await runCells(name, new RealNovaProvider({ releases: name, running: apiOnly.value }));
    rows.push({ release: name, mode: 'API only', start: apiOnly.seconds, ...cells });
  } finally {
    await apiOnly.value.close();
  }

  progress('real Nova, full control plane…');
  const full = await timed(() => launchRealNova(nova, { launcher, full: true, onProgress: progress }));
  try {
    const startCpu = await cpuSeconds(full.value.url);
    const cells = await runCells(name, new RealNovaProvider({ releases: name, running: full.value, full: true }));
    const endCpu = await cpuSeconds(full.value.url);
    const mode = full.value.mode === 'full' ? 'full control plane' : `API only (full unavailable: ${full.value.fullUnavailable})`;
    rows.push({ release: name, mode, start: full.seconds, ...cells, cpu: startCpu === undefined || endCpu === undefined ? undefined : { start: startCpu, cells: endCpu - startCpu } });
  } finally {
    await full.value.close();
  }
}

const header = ['release', 'provider', 'start→ready', 'cells', 'cells/s', 'vs emulator', 'harness CPU (start / cells)', ''];
const table = rows.map((r) => {
  const emulator = rows.find((e) => e.release === r.release && e.mode === 'emulator');
  return [
    r.release,
    r.mode,
    `${r.start.toFixed(1)} s`,
    String(r.cells),
    r.rate.toFixed(r.rate < 10 ? 2 : 0),
    r.mode === 'emulator' ? '1×' : `1/${(emulator.rate / r.rate).toFixed(0)}`,
    r.cpu ? `${r.cpu.start.toFixed(0)} s / ${r.cpu.cells.toFixed(0)} s` : '',
    r.failed > 0 ? `${r.failed} error cells` : '',
  ];
});
const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
console.log(`real-Nova full-mode benchmark: the default matrix's cells of each release's own target${profiles?.length ? ` (profiles ${profiles.join(', ')})` : ''}, concurrency ${concurrency}`);
for (const row of [header, ...table]) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
clearInterval(keepAlive);
