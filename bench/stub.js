#!/usr/bin/env node
/**
 * bench:stub — how fast does the emulator answer, next to the ceiling (a bare node:http server
 * sending the same bytes) and next to other servers a team could test against (Pact's mock
 * server, Prism's mock server, the real Nova API)? Measured by an independent load generator
 * (wrk, its own process) in the same run, round by round, so background load hits every
 * server alike.
 *
 *   npm run bench:stub                                  (builds first)
 *   node bench/stub.js --rounds 5 --duration 2 --servers bare,emulator,pact,prism,real-nova
 *
 * Scenarios (every server answers the exact status, headers and body size the emulator does):
 *   migrate-202  a valid os-migrateLive (2.68, scheduler picks) on fresh ACTIVE servers: the
 *                emulator gets a pool of 4,096 servers made through its control API, walked
 *                round-robin, and a side connection advances its clock 60 s every 50 ms, so
 *                each server's migration has completed long before its turn comes again;
 *   migrate-409  os-migrateLive on the seeded server already migrating (409 conflictingRequest);
 *   get-server   GET /v2.1/servers/{id} of the seeded ACTIVE server (200, 765 bytes of JSON).
 *
 * Every answer is checked (status); a round with any other status is reported as INVALID.
 * Per request it prints the server process's CPU time (from /proc, all its threads).
 * The bare server reads the whole request body and sends the canned response byte for byte.
 *
 * Targets: the emulator ≥ 0.70 of the bare server's requests/s in every scenario. Always
 * exits 0: a report, never a gate (performance is never asserted in tests).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fmtInt, machineLine, median, processCpuSeconds, processPeakRssMb, sleep, spreadPercent, startProcess, waitForPort } from './lib/process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_RATIO = 0.7;
const PROJECT = '6f70656e737461636b20726f636b7321';
const ACTIVE = '5e000001-0000-4000-8000-000000000001';
const MIGRATING = '5e000005-0000-4000-8000-000000000005';
const POOL = 4096;
const ALL_SERVERS = ['bare', 'emulator', 'pact', 'prism', 'real-nova'];
const ALL_SCENARIOS = ['migrate-202', 'migrate-409', 'get-server'];

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '64' },
    servers: { type: 'string', default: ALL_SERVERS.join(',') },
    scenarios: { type: 'string', default: ALL_SCENARIOS.join(',') },
    'real-nova-pool': { type: 'string', default: '300' },
    'real-nova-connections': { type: 'string', default: '4' },
  },
});
const rounds = Number(args.rounds);
const duration = Number(args.duration);
const connections = Number(args.connections);
const wanted = new Set(args.servers.split(','));
const scenarioNames = args.scenarios.split(',');

const HEADERS = {
  accept: 'application/json',
  'content-type': 'application/json',
  'x-auth-token': `admin:${PROJECT}`,
  'openstack-api-version': 'compute 2.68',
};
const MIGRATE_BODY = '{"os-migrateLive": {"host": null, "block_migration": "auto"}}';

if (spawnSync('wrk', ['--version']).error) {
  console.log('bench:stub needs wrk (Debian package `wrk`: apt-get install wrk); nothing measured.');
  process.exit(0);
}
if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
  console.log('bench:stub needs a build (npm run build); nothing measured.');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'mvmatrix-bench-stub-'));
const stops = [];
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

console.log(`mvmatrix bench:stub — ${machineLine()}`);
console.log(`wrk: 1 thread, ${connections} keep-alive connections; ${rounds} rounds × ${duration} s per server and scenario, servers alternating within each round\n`);

try {
  // The emulator, as users run it.
  const emulator = startProcess(process.execPath, [join(ROOT, 'bin/mvmatrix.js'), 'serve', '--port', '0'], { cwd: ROOT, label: 'mvmatrix serve' });
  stops.push(() => emulator.stop());
  const emulatorUrl = await emulator.ready;
  const emulatorServer = { name: 'emulator', label: 'mvmatrix emulator', url: emulatorUrl, pid: emulator.child.pid };

  const scenarios = await defineScenarios(emulatorUrl);
  const realNova = wanted.has('real-nova') ? await startRealNova() : null;

  const results = [];
  for (const name of scenarioNames) {
    const scenario = scenarios[name];
    if (!scenario) throw new Error(`unknown scenario ${name} (known: ${ALL_SCENARIOS.join(', ')})`);
    const servers = [];
    const scenarioStops = [];
    try {
      for (const kind of ALL_SERVERS.filter((s) => wanted.has(s))) {
        const server = kind === 'emulator' ? emulatorServer : kind === 'real-nova' ? realNova : await startAnchor(kind, scenario, scenarioStops);
        if (server) servers.push({ ...server, rates: [], cpu: [], invalid: 0, firstOther: 0 });
      }
      const clock = name === 'migrate-202' ? startClockTicker(emulatorUrl) : null;
      try {
        for (const server of servers) await prepare(server, scenario);
        for (const server of servers) await runWrk(server, scenario, Number(args.warmup));
        for (let round = 0; round < rounds; round++) {
          for (const server of servers) {
            await prepare(server, scenario);
            const cpu0 = processCpuSeconds(server.pid);
            const out = await runWrk(server, scenario, duration);
            const cpu = processCpuSeconds(server.pid) - cpu0;
            const total = out.valid + out.other;
            server.rates.push(out.valid / out.seconds);
            server.cpu.push(total > 0 ? (cpu * 1e6) / total : NaN);
            server.invalid += out.other;
            if (out.other > 0 && !server.firstOther) server.firstOther = out.firstOther;
          }
        }
      } finally {
        await clock?.stop();
      }
    } finally {
      for (const stop of scenarioStops.reverse()) await stop();
    }
    results.push({ scenario, servers });
    printScenario(scenario, servers);
  }
  emulatorServer.peakRssMb = processPeakRssMb(emulatorServer.pid);
  printSummary(results, emulatorServer);
} finally {
  for (const stop of stops.reverse()) await stop();
}

// ---------------------------------------------------------------------------------- scenarios

async function defineScenarios(url) {
  const ids = await createEmulatorServers(url, POOL);
  const scenarios = {
    'migrate-202': {
      name: 'migrate-202',
      title: 'valid os-migrateLive on fresh servers (202)',
      method: 'POST',
      body: MIGRATE_BODY,
      status: 202,
      paths: ids.map((id) => `/v2.1/servers/${id}/action`),
      pathRegex: '/v2\\.1/servers/[0-9a-f-]+/action',
    },
    'migrate-409': {
      name: 'migrate-409',
      title: 'os-migrateLive on a migrating server (409)',
      method: 'POST',
      body: MIGRATE_BODY,
      status: 409,
      paths: [`/v2.1/servers/${MIGRATING}/action`],
    },
    'get-server': {
      name: 'get-server',
      title: 'GET /v2.1/servers/{id} (200)',
      method: 'GET',
      body: undefined,
      status: 200,
      paths: [`/v2.1/servers/${ACTIVE}`],
    },
  };
  // The canned answer every other server sends: what the emulator itself answers.
  for (const scenario of Object.values(scenarios)) {
    const path = scenario.name === 'migrate-202' ? `/v2.1/servers/${(await createEmulatorServers(url, 1))[0]}/action` : scenario.paths[0];
    scenario.canned = await capture(url, scenario.method, path, scenario.body);
    if (scenario.canned.status !== scenario.status) throw new Error(`the emulator answered ${scenario.canned.status} to ${scenario.name}: ${scenario.canned.body}`);
    scenario.samplePath = scenario.paths[0];
    scenario.headers = HEADERS;
    scenario.pathsFile = join(work, `${scenario.name}.paths`);
    writeFileSync(scenario.pathsFile, `${scenario.paths.join('\n')}\n`);
    scenario.cannedFile = join(work, `${scenario.name}.canned.json`);
    writeFileSync(scenario.cannedFile, JSON.stringify(scenario.canned));
    scenario.file = join(work, `${scenario.name}.json`);
    writeFileSync(scenario.file, JSON.stringify(scenario));
  }
  return scenarios;
}

async function capture(url, method, path, body) {
  const response = await fetch(new URL(path.slice(1), url), { method, headers: HEADERS, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const headers = [];
  response.headers.forEach((value, name) => {
    if (['date', 'connection', 'keep-alive'].includes(name)) return;
    // fetch joins repeated headers (Vary); split them back into lines as the emulator sent them.
    for (const one of name === 'vary' ? value.split(', ') : [value]) headers.push([name, one]);
  });
  return { status: response.status, headers, body: text };
}

async function createEmulatorServers(url, count) {
  const ids = [];
  for (let i = 0; i < count; i += 64) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(64, count - i) }, async () => {
        const response = await fetch(new URL('_mvmatrix/servers', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"template": "active"}' });
        if (response.status !== 201) throw new Error(`control API refused a server: ${response.status} ${await response.text()}`);
        return (await response.json()).server.id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

/** Advances the emulator's clock by 60 s every 50 ms, so the migrations started by the 202s complete. */
function startClockTicker(url) {
  let failures = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    fetch(new URL('_mvmatrix/clock', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance": 60}' })
      .then((r) => r.arrayBuffer().then(() => r.status !== 200 && failures++))
      .catch(() => failures++)
      .finally(() => (busy = false));
  }, 50);
  return {
    async stop() {
      clearInterval(timer);
      while (busy) await sleep(10);
      if (failures > 0) console.log(`warning: ${failures} clock advances failed`);
    },
  };
}

// ------------------------------------------------------------------------------------ servers

async function startAnchor(kind, scenario, scenarioStops) {
  if (kind === 'bare') {
    const bare = startProcess(process.execPath, [join(ROOT, 'bench/servers/bare.js'), scenario.cannedFile], { label: 'bare server' });
    scenarioStops.push(() => bare.stop());
    return { name: 'bare', label: 'bare node:http (ceiling)', url: await bare.ready, pid: bare.child.pid };
  }
  if (kind === 'pact') {
    if (!existsSync(join(ROOT, 'node_modules/@pact-foundation/pact'))) return skip('pact', 'devDependency @pact-foundation/pact is not installed');
    const pact = startProcess(process.execPath, [join(ROOT, 'bench/servers/pact-mock.js'), scenario.file], { label: 'Pact mock server', readyPattern: /^http/ });
    scenarioStops.push(() => pact.stop());
    return { name: 'pact', label: `Pact mock server ${packageVersion('@pact-foundation/pact')}`, url: await pact.ready, pid: pact.child.pid };
  }
  if (kind === 'prism') {
    const bin = join(ROOT, 'node_modules/.bin/prism');
    if (!existsSync(bin)) return skip('prism', 'devDependency @stoplight/prism-cli is not installed');
    const spec = join(work, `${scenario.name}.openapi.json`);
    writeFileSync(spec, JSON.stringify(openApiFor(scenario)));
    const port = await freePort();
    const prism = startProcess(bin, ['mock', spec, '--host', '127.0.0.1', '--port', String(port), '--dynamic', 'false', '--errors', 'false', '--verboseLevel', 'error'], {
      label: 'Prism mock server',
    });
    prism.ready.catch(() => {}); // it prints nothing when ready at this verbosity: wait for its port
    scenarioStops.push(() => prism.stop());
    await waitForPort(port, { exited: () => prism.child.exitCode !== null, label: 'Prism mock server' });
    return { name: 'prism', label: `Prism mock server ${packageVersion('@stoplight/prism-cli')}`, url: `http://127.0.0.1:${port}/`, pid: prism.child.pid };
  }
  throw new Error(`unknown server ${kind}`);
}

async function startRealNova() {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import nova'], { stdio: 'ignore' });
  if (probe.status !== 0) return skip('real-nova', 'python3-nova is not installed (scripts/install-real-nova.sh)');
  const nova = startProcess(process.execPath, [join(ROOT, 'bench/servers/real-nova.js')], { label: 'real Nova', readyPattern: /^\{/ });
  stops.push(() => nova.stop());
  const { url, pid, version } = JSON.parse(await nova.ready);
  // 64 connections would each wait ~64 × its per-request time (100 ms and more): nothing
  // would complete within a round. A few connections measure what it can do.
  return { name: 'real-nova', label: `real Nova API ${version}`, url, pid, pool: null, connections: Number(args['real-nova-connections']) };
}

function skip(name, reason) {
  console.log(`(${name} left out: ${reason})`);
  wanted.delete(name);
  return null;
}

/** Makes every server ready for one measurement of a scenario (the real Nova needs fresh servers). */
async function prepare(server, scenario) {
  if (server.name !== 'real-nova' || scenario.name !== 'migrate-202') return;
  if (!server.pool) {
    const size = Number(args['real-nova-pool']);
    const ids = [];
    for (let i = 0; i < size; i++) {
      const response = await fetch(new URL('_mvmatrix/servers', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"template": "active"}' });
      if (response.status !== 201) throw new Error(`real Nova control API: ${response.status} ${await response.text()}`);
      ids.push((await response.json()).server.id);
    }
    server.pool = join(work, 'real-nova.paths');
    writeFileSync(server.pool, `${ids.map((id) => `/v2.1/servers/${id}/action`).join('\n')}\n`);
  } else {
    // No conductor consumes the cast: accepted servers stay `migrating` until reset.
    const response = await fetch(new URL('_mvmatrix/reset', server.url), { method: 'POST' });
    await response.arrayBuffer();
  }
}

function openApiFor(scenario) {
  const [path, parameters] = scenario.name === 'migrate-202' ? ['/v2.1/servers/{server_id}/action', [{ name: 'server_id', in: 'path', required: true, schema: { type: 'string' } }]] : [scenario.samplePath, []];
  const headers = {};
  for (const [name, value] of scenario.canned.headers) {
    if (['content-type', 'content-length'].includes(name.toLowerCase())) continue;
    headers[name] = { schema: { type: 'string' }, example: value };
  }
  const response = { description: scenario.title, headers };
  if (scenario.canned.body !== '') response.content = { 'application/json': { example: JSON.parse(scenario.canned.body) } };
  const operation = { operationId: scenario.name, parameters, responses: { [scenario.canned.status]: response } };
  if (scenario.body !== undefined) {
    operation.requestBody = {
      required: true,
      content: {
        'application/json': {
          schema: { type: 'object', required: ['os-migrateLive'], properties: { 'os-migrateLive': { type: 'object', properties: { host: { type: ['string', 'null'] }, block_migration: {} } } } },
        },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 'Nova live migration (one route)', version: '2.68' }, paths: { [path]: { [scenario.method.toLowerCase()]: operation } } };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function packageVersion(name) {
  try {
    return JSON.parse(spawnSync(process.execPath, ['-p', `JSON.stringify(require('${name}/package.json').version)`], { cwd: ROOT, encoding: 'utf8' }).stdout);
  } catch {
    return '';
  }
}

// -------------------------------------------------------------------------------- measurement

function runWrk(server, scenario, seconds) {
  const pathsFile = server.name === 'real-nova' && server.pool && scenario.name === 'migrate-202' ? server.pool : scenario.pathsFile;
  const env = {
    ...process.env,
    BENCH_METHOD: scenario.method,
    BENCH_BODY: scenario.body ?? '',
    BENCH_PATHS: pathsFile,
    BENCH_STATUS: String(scenario.status),
    BENCH_HEADERS: Object.entries(scenario.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n'),
  };
  const url = server.url.replace(/\/$/, '');
  return new Promise((resolve, reject) => {
    const wrk = spawn('wrk', ['-t1', `-c${server.connections ?? connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', join(ROOT, 'bench/wrk/requests.lua'), url], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    wrk.stdout.on('data', (d) => (out += d));
    wrk.stderr.on('data', (d) => (out += d));
    wrk.once('exit', (code) => {
      const m = /BENCH valid=(\d+) other=(\d+) first_other=(\d+) duration_us=(\d+)/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`wrk failed against ${server.label} (exit ${code}): ${out.trim()}`));
      const errors = /Socket errors: (.*)/.exec(out)?.[1];
      resolve({ valid: Number(m[1]), other: Number(m[2]), firstOther: Number(m[3]), seconds: Number(m[4]) / 1e6, errors });
    });
  });
}

// ------------------------------------------------------------------------------------ report

function printScenario(scenario, servers) {
  const bare = servers.find((s) => s.name === 'bare');
  const bareRate = bare ? median(bare.rates) : NaN;
  console.log(`${scenario.name}: ${scenario.title}`);
  console.log(`  ${'server'.padEnd(28)} ${'req/s'.padStart(9)}  ${'noise'.padStart(6)}  ${'× bare'.padStart(7)}  ${'CPU/request'.padStart(11)}  connections`);
  for (const s of servers) {
    const rate = median(s.rates);
    const invalid = s.invalid > 0 ? `  INVALID: ${s.invalid} answers were not ${scenario.status} (first: ${s.firstOther})` : '';
    console.log(
      `  ${s.label.padEnd(28)} ${fmtInt(rate).padStart(9)}  ${`±${(spreadPercent(s.rates) / 2).toFixed(0)}%`.padStart(6)}  ${(rate / bareRate).toFixed(3).padStart(7)}  ${`${median(s.cpu).toFixed(0)} µs`.padStart(11)}  ${String(s.connections ?? connections).padStart(11)}${invalid}`,
    );
  }
  console.log('');
}

function printSummary(results, emulatorServer) {
  console.log('Summary (medians of the rounds; noise = half the min–max spread of the rounds):');
  const checks = [];
  for (const { scenario, servers } of results) {
    const bare = servers.find((s) => s.name === 'bare');
    const emu = servers.find((s) => s.name === 'emulator');
    if (!bare || !emu) continue;
    const ratio = median(emu.rates) / median(bare.rates);
    checks.push([`${scenario.name}: emulator ≥ ${TARGET_RATIO} of bare node:http`, ratio >= TARGET_RATIO && emu.invalid === 0, `${ratio.toFixed(3)} (${fmtInt(median(emu.rates))} vs ${fmtInt(median(bare.rates))} req/s)`]);
    console.log(`  ${scenario.name}: CPU per request, emulator ${median(emu.cpu).toFixed(0)} µs vs bare ${median(bare.cpu).toFixed(0)} µs (bare/emulator ${(median(bare.cpu) / median(emu.cpu)).toFixed(2)})`);
    for (const anchor of servers.filter((s) => !['bare', 'emulator'].includes(s.name))) {
      const times = median(emu.rates) / median(anchor.rates);
      console.log(`  ${scenario.name}: the emulator answers ${times.toFixed(1)}× the requests/s of the ${anchor.label}${anchor.invalid ? ' (anchor INVALID)' : ''}`);
    }
  }
  console.log(`  emulator peak RSS: ${emulatorServer.peakRssMb.toFixed(0)} MB\n`);
  for (const [name, ok, value] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}: ${value}`);
}
