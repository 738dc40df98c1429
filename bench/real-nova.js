#!/usr/bin/env node
/**
 * Real-Nova benchmark, per release Debian ships: how long its image takes to build (or
 * "cached"), how long a container takes from start to the harness's ready line, and how many
 * requests/s the real API answers next to the emulator started as the same release, measured
 * in the same run.
 *
 *   npm run bench:real-nova                         (builds first; all five releases)
 *   node bench/real-nova.js --release zed,hibiscus --duration 5 --connections 8
 *
 * Load: one undici Pool per server (keep-alive, `--connections`), a schema-valid os-migrateLive
 * at the release's maximum on a server nobody has (404 after validation, no state changes)
 * alternating with a schema-invalid one (400). The measured time is split into 1 s rounds
 * alternating between the real Nova and the emulator, so background load affects both alike.
 * Every answer's status is checked against the expected 404/400; a run with any other status
 * is marked INVALID. Building an image needs root and Debian's mirror; always exits 0 (a
 * report, not a gate).
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values: args } = parseArgs({
  options: {
    release: { type: 'string', default: 'all' },
    duration: { type: 'string', default: '6' },
    connections: { type: 'string', default: '8' },
  },
});

const { selectDebianNovas } = await import('../dist/providers/real-nova/debian-releases.js');
const { findOrBuildNovaImage } = await import('../dist/providers/real-nova/images/index.js');
const { startRealNovaContainer } = await import('../dist/providers/real-nova/container-launcher.js');
const { startEmulatorServer } = await import('../dist/nova/adapters/node-server.js');
const { createEmulator } = await import('../dist/nova/emulator.js');
const { resolveTarget } = await import('../dist/nova/target.js');
const { formatMicroversion } = await import('../dist/microversion/version.js');

const PROJECT = '6f70656e737461636b20726f636b7321';
const MISSING = '0badc0de-dead-4bad-8bad-000000000404';
const duration = Number(args.duration);
const connections = Number(args.connections);

function requestsFor(max) {
  const headers = { 'x-auth-token': `admin:${PROJECT}`, 'openstack-api-version': `compute ${max}`, 'content-type': 'application/json' };
  const path = `/v2.1/servers/${MISSING}/action`;
  return [
    { path, headers, body: JSON.stringify({ 'os-migrateLive': { host: null, block_migration: 'auto' } }), expect: 404 },
    { path, headers, body: JSON.stringify({ 'os-migrateLive': { host: null, block_migration: 'maybe' } }), expect: 400 },
  ];
}

/** Sends requests on `connections` parallel loops for `ms`; returns counts. */
async function load(pool, requests, ms) {
  const until = performance.now() + ms;
  let done = 0;
  let wrong = 0;
  let i = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const r = requests[i++ % requests.length];
      const response = await pool.request({ method: 'POST', path: r.path, headers: r.headers, body: r.body });
      await response.body.dump();
      done++;
      if (response.statusCode !== r.expect) wrong++;
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  return { done, wrong };
}

async function measure(realUrl, emulatorUrl, requests) {
  const real = new Pool(realUrl, { connections, pipelining: 1 });
  const emulated = new Pool(emulatorUrl, { connections, pipelining: 1 });
  const totals = { real: { done: 0, wrong: 0, ms: 0 }, emulator: { done: 0, wrong: 0, ms: 0 } };
  try {
    await load(real, requests, 500); // warm-up: connections, Python's first requests
    await load(emulated, requests, 500);
    for (let round = 0; round < duration; round++) {
      for (const [name, pool] of [['real', real], ['emulator', emulated]]) {
        const started = performance.now();
        const { done, wrong } = await load(pool, requests, 1000);
        totals[name].done += done;
        totals[name].wrong += wrong;
        totals[name].ms += performance.now() - started;
      }
    }
  } finally {
    await Promise.all([real.close(), emulated.close()]);
  }
  const rate = (t) => (t.done * 1000) / t.ms;
  return { real: rate(totals.real), emulator: rate(totals.emulator), wrong: totals.real.wrong + totals.emulator.wrong };
}

const rows = [];
for (const nova of selectDebianNovas(args.release)) {
  const name = nova.release.name;
  process.stderr.write(`${name}: image…\n`);
  const found = await findOrBuildNovaImage(nova.suite, { onProgress: (line) => process.stderr.write(`${name}: ${line}\n`) });
  const container = await startRealNovaContainer({ release: nova.suite, image: found.image });
  const emulator = await startEmulatorServer({ port: 0, defaultTarget: resolveTarget(name), emulator: createEmulator() });
  try {
    const result = await measure(container.url, emulator.url, requestsFor(formatMicroversion(nova.release.maxMicroversion)));
    rows.push({
      release: `${nova.release.title} ${container.novaVersion} (${nova.suite})`,
      image: found.built ? `built in ${Math.round(found.seconds)} s` : 'cached',
      start: `${container.startSeconds.toFixed(1)} s`,
      real: result.real,
      emulator: result.emulator,
      valid: result.wrong === 0,
    });
  } finally {
    await Promise.all([container.close(), emulator.close()]);
  }
}

const header = ['release', 'image', 'start→ready', 'real req/s', 'emulator req/s', 'emulator/real', ''];
const table = rows.map((r) => [r.release, r.image, r.start, r.real.toFixed(0), r.emulator.toFixed(0), `${(r.emulator / r.real).toFixed(0)}×`, r.valid ? '' : 'INVALID (unexpected statuses)']);
const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
console.log(`real-Nova benchmark: ${connections} connections, ${duration} × 1 s rounds per server, valid (404) and invalid (400) os-migrateLive alternating`);
for (const row of [header, ...table]) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
