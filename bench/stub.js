#!/usr/bin/env node
/**
 * Stub benchmark: how fast does the emulator answer a valid os-migrateLive, compared with a
 * bare node:http server that answers 202 with no logic at all (the ceiling on this machine)?
 *
 *   npm run bench:stub            (builds first)
 *   node bench/stub.js --duration 5 --warmup 1 --connections 64
 *
 * Each server runs in its own child process, so the load generator (undici Pool, keep-alive,
 * 64 connections, pipelining 1, low-level dispatch) never shares an event loop with it, and the
 * emulator's peak RSS is its own. The measured time is split into 1 s rounds alternating
 * between the two servers, so background load on the machine affects both alike.
 *
 * Why every measured request is a genuinely valid live migration: after a 202 a server is
 * MIGRATING and a second request would get a 409. So the emulator (default world, default
 * deterministic clock, nothing injected) gets a pool of 4096 fresh ACTIVE servers, created
 * through the control API before measuring, that the load generator walks round-robin; and a
 * side connection advances the emulator's clock by 60 s every 50 ms through the control API
 * (`POST /_mvmatrix/clock`), so every started migration (3 phases × 10 s) has completed long
 * before that server's turn comes again (4096 requests later). The model does all its usual
 * work on every request (microversion negotiation, auth, policy, schema validation, state
 * checks, scheduler, migration record). Every answer is checked: anything but 202 is counted
 * and reported, and such a run is marked INVALID. The clock requests (20/s) are not counted.
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
const CLOCK_TICK_MS = 50;
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
    const started = await startEmulatorServer({ port: 0, defaultTarget: resolveTarget('zed'), emulator: createEmulator() });
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
  const rounds = Math.max(1, Math.round(durationMs / 1000));
  console.log(
    `mvmatrix stub benchmark: ${connections} keep-alive connections, pipelining 1, ${args.warmup} s warm-up, ` +
      `${args.duration} s measured per server in ${rounds} alternating rounds (so background load hits both alike)`,
  );

  let clockTicker;
  const servers = [
    await prepareServer('bare', 'bare node:http 202', async () => () => ({
      path: '/v2.1/servers/x/action',
      body: '{"os-migrateLive": {"host": null, "block_migration": "auto"}}',
    })),
    await prepareServer('emulator', 'emulator os-migrateLive', async (pool, port) => {
      const ids = await createServers(pool, SERVER_POOL);
      clockTicker = startClockTicker(new Pool(`http://127.0.0.1:${port}`, { connections: 1 }));
      let next = 0;
      return () => ({
        path: `/v2.1/servers/${ids[next++ % ids.length]}/action`,
        body: '{"os-migrateLive": {"host": null, "block_migration": "auto"}}',
      });
    }),
  ];
  const [bare, emulator] = servers;
  try {
    for (const server of servers) await drive(server, warmupMs, false);
    for (let round = 0; round < rounds; round++) {
      const rates = [];
      for (const server of servers) {
        const before = { valid: valid(server), seconds: server.seconds };
        await drive(server, durationMs / rounds, true);
        rates.push((valid(server) - before.valid) / (server.seconds - before.seconds));
      }
      process.stdout.write(`round ${round + 1}/${rounds}: bare ${fmt(rates[0])} req/s, emulator ${fmt(rates[1])} req/s\n`);
    }
  } finally {
    await clockTicker?.stop();
    for (const server of servers) {
      await server.pool.close();
      server.maxRssMb = (await server.child.stop()).maxRssMb;
    }
  }

  const ratio = rate(emulator) / rate(bare);
  const allValid = emulator.stats.other === 0 && emulator.stats.errors === 0;
  const checks = [
    [`emulator throughput ≥ ${TARGETS.minRps.toLocaleString('en')} req/s`, rate(emulator) >= TARGETS.minRps, `${fmt(rate(emulator))} req/s`],
    [`emulator ≥ ${TARGETS.minRatio * 100} % of bare node:http`, ratio >= TARGETS.minRatio, `${(ratio * 100).toFixed(1)} %`],
    [`emulator peak RSS < ${TARGETS.maxRssMb} MB`, emulator.maxRssMb < TARGETS.maxRssMb, `${emulator.maxRssMb.toFixed(1)} MB`],
    ['every measured emulator answer was a 202', allValid, `${emulator.stats.other} non-202, ${emulator.stats.errors} errors`],
  ];
  console.log('');
  for (const server of servers) {
    const { count, other, errors } = server.stats;
    console.log(`${server.label.padEnd(24)} ${fmt(rate(server)).padStart(8)} req/s   (${count} requests, ${other} non-202, ${errors} errors; peak RSS ${server.maxRssMb.toFixed(1)} MB)`);
  }
  console.log(`ratio emulator/bare      ${(ratio * 100).toFixed(1)} %`);
  console.log(`emulator peak RSS        ${emulator.maxRssMb.toFixed(1)} MB`);
  if (emulator.stats.sample) console.log(`first non-202 answer: ${emulator.stats.sample}`);
  console.log('');
  for (const [name, ok, value] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${value}`);
  const all = checks.every(([, ok]) => ok);
  console.log(`\nRESULT: ${all ? 'PASS' : allValid ? 'FAIL' : 'INVALID (the emulator did not answer only 202s)'}`);

  async function prepareServer(kind, label, prepare) {
    const child = startChild(kind);
    const port = await child.ready;
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });
    const nextRequest = await prepare(pool, port);
    return { kind, label, child, pool, nextRequest, stats: { count: 0, other: 0, errors: 0, sample: undefined }, seconds: 0, maxRssMb: NaN };
  }

  /** Runs `connections` closed loops against one server for `ms`; counts only when `measuring`. */
  async function drive(server, ms, measuring) {
    const { pool, nextRequest, stats } = server;
    const headers = { 'content-type': 'application/json', 'x-auth-token': ADMIN, 'openstack-api-version': 'compute 2.30' };
    let stop = false;
    const loop = async () => {
      while (!stop) {
        const { path, body } = nextRequest();
        try {
          const { status, text } = await send(pool, { method: 'POST', path, headers, body });
          if (!measuring) continue;
          stats.count++;
          if (status !== 202) {
            stats.other++;
            stats.sample ??= `${status} ${text.slice(0, 300)}`;
          }
        } catch (error) {
          if (!measuring) continue;
          stats.errors++;
          stats.sample ??= String(error);
        }
      }
    };
    const t0 = performance.now();
    const loops = Array.from({ length: connections }, loop);
    await sleep(ms);
    stop = true;
    await Promise.all(loops);
    if (measuring) server.seconds += (performance.now() - t0) / 1000;
  }
}

/** Valid (202) answers counted so far. */
function valid(server) {
  return server.stats.count - server.stats.other;
}

/** Valid (202) answers per second over the measured rounds. */
function rate(server) {
  return server.seconds === 0 ? 0 : valid(server) / server.seconds;
}

/**
 * One request through undici's low-level dispatch API: no response stream objects, so the load
 * generator (one core) costs as little as possible and the servers are what is measured.
 * The body is kept only for non-202 answers (to report them).
 */
function send(pool, options) {
  return new Promise((resolve, reject) => {
    let status = 0;
    let text = '';
    pool.dispatch(options, {
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData(_controller, chunk) {
        if (status !== 202) text += chunk.toString('utf8');
      },
      onResponseEnd() {
        resolve({ status, text });
      },
      onResponseError(_controller, error) {
        reject(error);
      },
    });
  });
}

/** Advances the emulator's clock by 60 s every {@link CLOCK_TICK_MS}, so started migrations complete. */
function startClockTicker(pool) {
  let failures = 0;
  const tick = async () => {
    try {
      const response = await pool.request({ method: 'POST', path: '/_mvmatrix/clock', headers: { 'content-type': 'application/json' }, body: '{"advance": 60}' });
      await response.body.dump();
      if (response.statusCode !== 200) failures++;
    } catch {
      failures++;
    }
  };
  const timer = setInterval(tick, CLOCK_TICK_MS);
  return {
    async stop() {
      clearInterval(timer);
      await pool.close();
      if (failures > 0) console.log(`warning: ${failures} clock advances failed`);
    },
  };
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
