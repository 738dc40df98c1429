#!/usr/bin/env node
/**
 * Stub benchmark: how fast does the emulator answer a valid os-migrateLive, compared with a
 * bare node:http server that answers 202 with no logic at all (the ceiling on this machine)?
 *
 *   npm run bench:stub            (builds first)
 *   node bench/stub.js --duration 5 --warmup 1 --connections 64
 *
 * Each server runs in its own child process, so the load generator (undici Pool, keep-alive,
 * 64 connections, pipelining 1) never shares an event loop with it, and the emulator's peak
 * RSS is its own.
 *
 * Why every measured request is a genuinely valid live migration: after a 202 a server is
 * MIGRATING and a second request would get a 409. So the emulator here gets a pool of fresh
 * servers (created through the control API before measuring) that the load generator walks
 * round-robin, and the emulator's clock runs 1000× faster than the wall clock: the model's
 * migration phases (3 × 10 s by default) finish within ~30 ms of real time, long before a
 * server's turn comes again (~0.2 s later). The model itself is unchanged and does all its
 * work (microversion negotiation, auth, policy, schema validation, state checks, scheduler,
 * migration record). Every answer is checked: anything but 202 is counted and reported, and
 * such a run is marked INVALID.
 *
 * Prints requests/s for both servers, the ratio, the emulator's peak RSS, and PASS/FAIL
 * against the targets (≥ 15,000 req/s, ≥ 60 % of bare, RSS < 150 MB). Always exits 0: it is
 * a report, not a gate (performance targets are never asserted in unit tests).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TARGETS = { minRps: 15_000, minRatio: 0.6, maxRssMb: 150 };
const PROJECT = '6f70656e737461636b20726f636b7321';
const ADMIN = `admin:${PROJECT}`;
const CLOCK_SPEED = 1000;
const SERVER_POOL = 4096;

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '64' },
  },
});

if (args.serve) await serve(args.serve);
else await runBenchmark();

// ------------------------------------------------------------------ child: the servers
async function serve(kind) {
  let port;
  if (kind === 'bare') {
    const server = createServer({ keepAlive: true }, (req, res) => {
      res.writeHead(202, { 'Content-Type': 'application/json', 'Content-Length': '0' });
      res.end();
    });
    server.keepAliveTimeout = 5_000;
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = server.address().port;
  } else {
    const { startEmulatorServer } = await import('../dist/nova/adapters/node-server.js');
    const { createEmulator } = await import('../dist/nova/emulator.js');
    const { resolveTarget } = await import('../dist/nova/target.js');
    const start = Date.UTC(2026, 0, 1);
    const t0 = Date.now();
    const clock = { now: () => start + (Date.now() - t0) * CLOCK_SPEED };
    const started = await startEmulatorServer({ port: 0, defaultTarget: resolveTarget('zed'), emulator: createEmulator({ clock }) });
    port = started.port;
  }
  process.on('message', (message) => {
    if (message === 'stats') {
      process.send({ maxRssMb: process.resourceUsage().maxRSS / 1024 }, () => process.exit(0));
    }
  });
  process.send({ port });
}

function startChild(kind) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the ${kind} server exited early (code ${code})`)));
  });
  return {
    ready,
    async stop() {
      const stats = new Promise((resolve) => child.once('message', resolve));
      child.send('stats');
      const result = await Promise.race([stats, new Promise((resolve) => setTimeout(() => resolve({ maxRssMb: NaN }), 5_000))]);
      child.kill('SIGKILL');
      return result;
    },
  };
}

// ------------------------------------------------------------------ parent: the load generator
async function runBenchmark() {
  const { Pool } = await import('undici');
  const durationMs = Number(args.duration) * 1000;
  const warmupMs = Number(args.warmup) * 1000;
  const connections = Number(args.connections);
  console.log(`mvmatrix stub benchmark: ${connections} keep-alive connections, pipelining 1, ${args.warmup} s warm-up + ${args.duration} s measured per server`);

  const bare = await measure('bare node:http 202', 'bare', async () => () => ({
    path: '/v2.1/servers/x/action',
    body: '{"os-migrateLive": {"host": null, "block_migration": "auto"}}',
  }));

  const emulator = await measure('emulator os-migrateLive', 'emulator', async (pool) => {
    const ids = await createServers(pool, SERVER_POOL);
    let next = 0;
    return () => ({
      path: `/v2.1/servers/${ids[next++ % ids.length]}/action`,
      body: '{"os-migrateLive": {"host": null, "block_migration": "auto"}}',
    });
  });

  const ratio = emulator.rps / bare.rps;
  const valid = emulator.other === 0 && emulator.errors === 0;
  const checks = [
    [`emulator throughput ≥ ${TARGETS.minRps.toLocaleString('en')} req/s`, emulator.rps >= TARGETS.minRps, `${fmt(emulator.rps)} req/s`],
    [`emulator ≥ ${TARGETS.minRatio * 100} % of bare node:http`, ratio >= TARGETS.minRatio, `${(ratio * 100).toFixed(1)} %`],
    [`emulator peak RSS < ${TARGETS.maxRssMb} MB`, emulator.maxRssMb < TARGETS.maxRssMb, `${emulator.maxRssMb.toFixed(1)} MB`],
    ['every measured emulator answer was a 202', valid, `${emulator.other} non-202, ${emulator.errors} errors`],
  ];
  console.log('');
  console.log(`bare node:http        ${fmt(bare.rps).padStart(8)} req/s   (${bare.count} requests, ${bare.other} non-202, ${bare.errors} errors; peak RSS ${bare.maxRssMb.toFixed(1)} MB)`);
  console.log(`emulator migrateLive  ${fmt(emulator.rps).padStart(8)} req/s   (${emulator.count} requests, ${emulator.other} non-202, ${emulator.errors} errors)`);
  console.log(`ratio emulator/bare   ${(ratio * 100).toFixed(1)} %`);
  console.log(`emulator peak RSS     ${emulator.maxRssMb.toFixed(1)} MB`);
  if (emulator.sample) console.log(`first non-202 answer: ${emulator.sample}`);
  console.log('');
  for (const [name, ok, value] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${value}`);
  const all = checks.every(([, ok]) => ok);
  console.log(`\nRESULT: ${all ? 'PASS' : valid ? 'FAIL' : 'INVALID (the emulator did not answer only 202s)'}`);

  async function measure(label, kind, prepare) {
    const child = startChild(kind);
    const port = await child.ready;
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1, keepAliveTimeout: 4_000 });
    try {
      const nextRequest = await prepare(pool);
      const stats = { count: 0, other: 0, errors: 0, sample: undefined };
      let measuring = false;
      let stop = false;
      const headers = {
        'content-type': 'application/json',
        'x-auth-token': ADMIN,
        'openstack-api-version': 'compute 2.30',
      };
      const loop = async () => {
        while (!stop) {
          const { path, body } = nextRequest();
          try {
            const response = await pool.request({ method: 'POST', path, headers, body });
            if (response.statusCode === 202) await response.body.dump();
            else {
              const text = await response.body.text();
              if (measuring) {
                stats.other++;
                stats.sample ??= `${response.statusCode} ${text.slice(0, 300)}`;
              }
            }
            if (measuring) stats.count++;
          } catch (error) {
            if (measuring) {
              stats.errors++;
              stats.sample ??= String(error);
            }
          }
        }
      };
      process.stdout.write(`measuring ${label} ...`);
      const loops = Array.from({ length: connections }, loop);
      await sleep(warmupMs);
      measuring = true;
      const t0 = performance.now();
      await sleep(durationMs);
      measuring = false;
      const elapsed = (performance.now() - t0) / 1000;
      stop = true;
      await Promise.all(loops);
      const rps = (stats.count - stats.other) / elapsed;
      process.stdout.write(` ${fmt(rps)} req/s\n`);
      await pool.close();
      const { maxRssMb } = await child.stop();
      return { ...stats, rps, maxRssMb };
    } catch (error) {
      await child.stop();
      throw error;
    }
  }
}

/** Fresh ACTIVE servers through the emulator's control API. */
async function createServers(pool, count) {
  const ids = [];
  const batch = 64;
  for (let i = 0; i < count; i += batch) {
    const created = await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, async () => {
        const response = await pool.request({
          method: 'POST',
          path: '/_mvmatrix/servers',
          headers: { 'content-type': 'application/json', 'x-auth-token': ADMIN },
          body: '{"template": "active"}',
        });
        const text = await response.body.text();
        if (response.statusCode !== 201) throw new Error(`control API refused a server: ${response.statusCode} ${text}`);
        return JSON.parse(text).server.id;
      }),
    );
    ids.push(...created);
  }
  return ids;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fmt(n) {
  return Math.round(n).toLocaleString('en');
}
