#!/usr/bin/env node
/**
 * bench:cli — how long a user waits for the CLI, against bare Node measured in the same run:
 *   node -e 0                               (the baseline: Node starting and exiting)
 *   node bin/mvmatrix.js --help             (start-up, parse, print, exit)
 *   node bin/mvmatrix.js serve --port 0     (until the first stdout line, the URL: then stopped)
 *   node bin/mvmatrix.js run --help         (one command's options)
 * and, with --npx, `npx mvmatrix --help` once, to show what npx adds.
 *
 *   npm run bench:cli            (builds first)
 *   node bench/cli.js --rounds 21
 *
 * The commands alternate round by round, so background load hits them alike. Prints the
 * median and the fastest run (the least disturbed) of each and their ratio to `node -e 0`.
 * Target: `--help` and serve's first line ≤ 2× `node -e 0`. Always exits 0: a report.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineLine, median } from './lib/process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/mvmatrix.js');
const TARGET = 2;
const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, npx: { type: 'boolean', default: false } } });

if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
  console.log('bench:cli needs a build (npm run build); nothing measured.');
  process.exit(0);
}

const CASES = [
  { name: 'node -e 0', command: process.execPath, args: ['-e', '0'], until: 'exit' },
  { name: 'mvmatrix --help', command: process.execPath, args: [BIN, '--help'], until: 'exit', target: true },
  { name: 'mvmatrix serve (first line)', command: process.execPath, args: [BIN, 'serve', '--port', '0'], until: 'line', target: true },
  { name: 'mvmatrix run --help', command: process.execPath, args: [BIN, 'run', '--help'], until: 'exit' },
];

/** Wall time from spawn to exit (or to the first stdout line, after which the process is stopped). */
function time({ command, args: argv, until }) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let ms;
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (until === 'line' && ms === undefined && out.includes('\n')) {
        ms = performance.now() - t0;
        child.kill('SIGTERM');
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (until === 'exit') ms = performance.now() - t0;
      if (ms === undefined) reject(new Error(`${argv.join(' ')} exited (${code}) before its first line`));
      else resolve(ms);
    });
  });
}

console.log(`mvmatrix bench:cli — ${machineLine()}`);
const rounds = Number(args.rounds);
const samples = new Map(CASES.map((c) => [c.name, []]));
for (const c of CASES) await time(c); // warm the file cache
for (let round = 0; round < rounds; round++) {
  for (const c of CASES) samples.get(c.name).push(await time(c));
}

const base = samples.get('node -e 0');
const baseMedian = median(base);
const baseMin = Math.min(...base);
console.log(`${rounds} rounds, commands alternating\n`);
console.log(`${'command'.padEnd(30)} ${'median'.padStart(8)} ${'fastest'.padStart(8)}  ${'× node (median)'.padStart(15)}  ${'× node (fastest)'.padStart(16)}`);
const checks = [];
for (const c of CASES) {
  const s = samples.get(c.name);
  const ratioMedian = median(s) / baseMedian;
  const ratioMin = Math.min(...s) / baseMin;
  console.log(`${c.name.padEnd(30)} ${`${median(s).toFixed(0)} ms`.padStart(8)} ${`${Math.min(...s).toFixed(0)} ms`.padStart(8)}  ${ratioMedian.toFixed(2).padStart(15)}  ${ratioMin.toFixed(2).padStart(16)}`);
  if (c.target) checks.push([`${c.name} ≤ ${TARGET}× node -e 0`, ratioMedian <= TARGET, `${ratioMedian.toFixed(2)}× (median), ${ratioMin.toFixed(2)}× (fastest)`]);
}
if (args.npx) {
  const ms = await time({ command: 'npx', args: ['--no-install', 'mvmatrix', '--help'], until: 'exit' });
  console.log(`${'npx mvmatrix --help (once)'.padEnd(30)} ${`${ms.toFixed(0)} ms`.padStart(8)}  (${(ms / baseMedian).toFixed(1)}× node -e 0: call node bin/mvmatrix.js or the installed bin instead)`);
}
console.log('');
for (const [name, ok, value] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${value}`);
