/**
 * Robustness of the emulator over real HTTP: thousands of random and hostile requests against
 * one in-process server. Real Nova only answers 5xx for RPC timeouts, which the emulator never
 * produces, so any 5xx here is a bug; every error must be a Nova fault body.
 */
import { connect, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { resolveTarget } from '../../src/nova/target.js';
import { expectNovaErrorBody, expectNovaFault, type Answer } from '../support/nova-answers.js';

const PROJECT = '6f70656e737461636b20726f636b7321';
const BODY_LIMIT = 114688;
const RUNS = 200;
const REQUESTS_PER_RUN = 50; // 200 × 50 = 10,000 requests, 50 in flight at a time

let server: StartedEmulatorServer;
let pool: Pool;
let serverIds: string[] = [];

beforeAll(async () => {
  server = await startEmulatorServer({
    port: 0,
    defaultTarget: resolveTarget('zed'),
    emulator: createEmulator({}),
    timeouts: { headersMs: 1_000, requestMs: 3_000 },
    log: () => {},
  });
  pool = new Pool(server.url, { connections: 50, pipelining: 1, keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000 });
  const world = await pool.request({ method: 'GET', path: '/_mvmatrix/world' });
  const dump = await world.body.text();
  serverIds = [...new Set(dump.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [])];
});

afterAll(async () => {
  await pool?.close();
  await server?.close();
});

// ---------------------------------------------------------------- arbitraries
const printable = (min: number, max: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
const pathChar = fc.integer({ min: 0x21, max: 0x7e }).filter((c) => c !== 0x3f && c !== 0x23).map((c) => String.fromCharCode(c));

const segment = fc.oneof(
  fc.constantFrom('v2.1', 'v2', 'servers', 'action', 'migrations', 'os-migrations', 'detail', 'os-services', 'os-hypervisors'),
  fc.constantFrom('..', '.', '%2e%2e', '%2E%2E%2F', '%00', '%ff%fe', '%zz', '', '@zed', '@mitaka', '@2.47', '@', '@%zz', '@zed@2.60', '@9.99'),
  fc.constantFrom('_mvmatrix', 'world', 'clock', 'reset', PROJECT, 'versions', 'v2.1%20', 'ＳＥＲＶＥＲＳ'.normalize('NFKC')),
  fc.constant('__server__'),
  fc.string({ unit: pathChar, maxLength: 40 }),
  fc.string({ maxLength: 12 }).map((s) => encodeURIComponent(s)),
);

const path = fc
  .tuple(fc.array(segment, { maxLength: 8 }), fc.nat())
  .map(([segments, pick]) => segments.map((s) => (s === '__server__' ? (serverIds[pick % Math.max(serverIds.length, 1)] ?? 'x') : s)))
  .map((segments) => `/${segments.join('/')}`);

const actionPath = fc.tuple(fc.constantFrom('', '/@zed', '/@mitaka', '/@2.30', '/@zed@2.60', '/@hibiscus'), fc.nat(), fc.constantFrom('/v2.1', '/v2', `/v2.1/${PROJECT}`)).map(
  ([prefix, pick, base]) => `${prefix}${base}/servers/${serverIds[pick % Math.max(serverIds.length, 1)] ?? 'x'}/action`,
);

const query = fc.option(fc.oneof(fc.string({ unit: pathChar, maxLength: 60 }), fc.constantFrom('limit=1&marker=x', 'changes-since=2026-01-01', 'status=%ff', 'a=b=c&&')), { nil: undefined });

const version = fc.oneof(
  fc.constantFrom('2.1', '2.25', '2.30', '2.68', '2.93', 'latest', 'Latest', '2.01', '2', '2.999', '3.0', '', ' 2.10 ', '2.1, 2.5', '1.1'),
  printable(0, 30),
);
const versionHeaders = fc.record(
  {
    'openstack-api-version': fc.oneof(version.map((v) => `compute ${v}`), fc.constantFrom('volume 3.0', 'compute', 'COMPUTE 2.3', 'compute 2.3, compute 2.5'), printable(0, 40)),
    'x-openstack-nova-api-version': version,
  },
  { requiredKeys: [] },
);
const otherHeaders = fc.record(
  {
    'x-auth-token': fc.oneof(fc.constantFrom(`admin:${PROJECT}`, `member:${PROJECT}`, 'admin', ':', 'member:other', ''), printable(0, 80)),
    'content-type': fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/xml', 'application/json; charset=latin-1', ''), printable(0, 40)),
    accept: fc.oneof(fc.constantFrom('application/json', 'application/xml', '*/*', 'text/html;q=0.1'), printable(0, 40)),
    // Rare: most of them cost a reconnect (431 closes the connection).
    'x-huge': fc.oneof({ weight: 9, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'h'.repeat(n)) }),
    'x-latin1': fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
    'x-random': printable(0, 200),
  },
  { requiredKeys: [] },
);

const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);
const migrateLive = fc.record(
  {
    host: fc.oneof(fc.constant(null), fc.constantFrom('compute-01', 'compute-02', 'compute-03', 'compute-04', 'nowhere', ''), fc.anything()),
    block_migration: fc.oneof(fc.boolean(), fc.constantFrom('auto', 'True', 'false', 'yes', '1', 0, 1, null), fc.anything()),
    disk_over_commit: fc.oneof(fc.boolean(), fc.constantFrom('True', 'no', 0, null), fc.anything()),
    force: fc.oneof(fc.boolean(), fc.constantFrom('true', 'False', null, 2), fc.anything()),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.constant(''),
  migrateLive.map((args) => JSON.stringify({ 'os-migrateLive': args })),
  fc.tuple(fc.string({ maxLength: 20 }), fc.anything()).map(([key, value]) => JSON.stringify({ [key]: value })),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"os-migrateLive": ', '{"os-migrateLive": {"host": "compute-02", }}', '[1,2', 'nul', '"\\ud800"', '{"a":1}{"b":2}', 'NaN', '1e99999'),
  fc.constantFrom(10, 1_000, 10_000).map((depth) => nested(depth, '[', ']')),
  fc.constantFrom(10, 1_000, 10_000).map((depth) => `{"os-migrateLive": ${nested(depth, '{"a":', '}').replace(/:}/, ':1}')}}`),
  fc.constantFrom(10_000, 5_000).map((depth) => `{"os-migrateLive": {"host": ${nested(depth, '[', ']')}}}`),
  fc.integer({ min: 1_000, max: BODY_LIMIT - 100 }).map((n) => JSON.stringify({ 'os-migrateLive': { host: 'x'.repeat(n), block_migration: 'auto' } })),
  fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 3 }).map((n) => 'y'.repeat(n)),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0xc3, 0x28, 0x7d])),
);

const method = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') },
  { weight: 1, arbitrary: fc.constantFrom('PROPFIND', 'TRACE', 'MKCOL', 'FOO', 'get', 'SEARCH') },
);

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

const PREFIXES = ['', '/@zed', '/@mitaka', '/@2.30', '/@zed@2.60', '/@hibiscus'];

/** Close to what a real client sends, so the fuzzing also walks the paths that end in a 202. */
const plausibleRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    prefix: fc.constantFrom(...PREFIXES),
    pick: fc.nat(),
    token: fc.constantFrom(`admin:${PROJECT}`, `member:${PROJECT}`),
    version: fc.constantFrom('latest', '2.25', '2.30', '2.1'),
    args: fc.constantFrom(
      { host: null, block_migration: 'auto' },
      { host: 'compute-02', block_migration: 'auto' },
      { host: 'compute-02', block_migration: false, disk_over_commit: false },
      { host: null, block_migration: 'auto', force: false },
    ),
  })
  .map(({ prefix, pick, token, version, args }) => ({
    method: 'POST',
    path: `${prefix}/v2.1/servers/${serverIds[pick % Math.max(serverIds.length, 1)] ?? 'x'}/action`,
    headers: { 'x-auth-token': token, 'x-openstack-nova-api-version': version, 'content-type': 'application/json' },
    body: JSON.stringify({ 'os-migrateLive': args }),
  }));

const randomRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    method,
    path: fc.oneof({ weight: 3, arbitrary: path }, { weight: 2, arbitrary: actionPath }),
    query,
    versions: versionHeaders,
    others: otherHeaders,
    body,
    chunked: fc.boolean(),
  })
  .map(({ method, path, query, versions, others, body, chunked }) => ({
    method,
    path: query === undefined ? path : `${path}?${query}`,
    headers: { ...versions, ...others, ...(chunked && body !== '' ? { 'transfer-encoding': 'chunked' } : {}) },
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  }));

const fuzzRequest = fc.oneof({ weight: 9, arbitrary: randomRequest }, { weight: 1, arbitrary: plausibleRequest });

/** Lets every started migration finish, so servers become migratable again between batches. */
async function advanceClocks(): Promise<void> {
  for (const prefix of PREFIXES) {
    const response = await pool.request({ method: 'POST', path: `${prefix}/_mvmatrix/clock`, headers: { 'content-type': 'application/json' }, body: '{"advance": 3600}' });
    await response.body.text();
  }
}

// ---------------------------------------------------------------- checks
async function send(request: FuzzRequest): Promise<Answer> {
  const headers = { ...request.headers };
  const chunked = headers['transfer-encoding'] === 'chunked';
  delete headers['transfer-encoding'];
  const payload = request.body;
  const response = await pool.request({
    method: request.method,
    path: request.path,
    headers,
    body: chunked && payload !== undefined ? Readable.from(chunks(payload)) : payload,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  return { status: response.statusCode, body: await response.body.text() };
}

async function* chunks(payload: string | Buffer): AsyncGenerator<Buffer> {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  for (let at = 0; at < bytes.length; at += 16_384) yield bytes.subarray(at, at + 16_384);
}

function describeRequest(r: FuzzRequest): string {
  const b = r.body === undefined ? '' : ` body(${r.body.length})=${JSON.stringify(String(r.body).slice(0, 120))}`;
  return `${r.method} ${r.path.slice(0, 200)} headers=${JSON.stringify(r.headers).slice(0, 300)}${b}`;
}

async function expectAlive(): Promise<void> {
  const response = await pool.request({ method: 'GET', path: '/' });
  expect(response.statusCode).toBe(200);
  await response.body.text();
}

// ---------------------------------------------------------------- raw sockets
/** Everything the server sends until it closes the connection (no deadline: the tier's hang guard ends a hang). */
function rawExchange(write: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = '';
    socket.on('data', (data) => (received += data.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
    socket.on('connect', () => write(socket));
  });
}

function parseRaw(text: string): Answer {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  return { status, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

describe('the emulator over HTTP under hostile input', () => {
  it('finds the world servers to aim the fuzzing at', () => {
    expect(serverIds.length).toBeGreaterThan(0);
  });

  it(`answers ${RUNS * REQUESTS_PER_RUN} random requests without a 5xx, every error a Nova fault`, async () => {
    let sent = 0;
    const statuses = new Map<number, number>();
    // fc.check rather than fc.assert: a counterexample holds megabytes of body text; the
    // failure message below carries a short description of the failing request instead.
    const result = await fc.check(
      fc.asyncProperty(fc.array(fuzzRequest, { minLength: REQUESTS_PER_RUN, maxLength: REQUESTS_PER_RUN }), async (batch) => {
        await advanceClocks();
        const answers = await Promise.all(batch.map((r) => send(r)));
        answers.forEach((answer, i) => {
          const request = batch[i]!;
          const context = `${answer.status} for ${describeRequest(request)}`;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          expect(answer.status, context).toBeGreaterThanOrEqual(200);
          expect(answer.status, context).toBeLessThan(500);
          if (answer.status >= 400) expectNovaErrorBody(answer, request.method, context);
        });
        sent += batch.length;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    if (result.failed) {
      const reason = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      throw new Error(`fuzzing failed (seed ${result.seed}, path ${result.counterexamplePath}): ${reason.slice(0, 2_000)}`);
    }
    expect(sent).toBeGreaterThanOrEqual(10_000);
    // The generators must reach the interesting answers, or the test proves little.
    for (const status of [200, 202, 400, 404, 413]) expect(statuses.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);
    await expectAlive();
  });

  it('answers a garbage request line with a Nova 400 and closes', async () => {
    const answer = parseRaw(await rawExchange((s) => s.write('GARBAGE \u0000\u0001 nonsense\r\n\r\n')));
    expect(answer.status).toBe(400);
    expectNovaFault(answer, 'garbage request line');
    await expectAlive();
  });

  it('answers oversize headers with a Nova fault and keeps serving', async () => {
    const answer = parseRaw(await rawExchange((s) => s.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`)));
    expect(answer.status).toBe(431);
    expectNovaFault(answer, 'oversize headers');
    await expectAlive();
  });

  it('answers a declared oversize body with sizelimit 413 as soon as the limit is crossed, then closes', async () => {
    // Real Nova 26.2.2 answers exactly this page (checked with --real-nova).
    const raw = await rawExchange((s) =>
      s.write(`POST /v2.1/servers/x/action HTTP/1.1\r\nHost: x\r\nX-Auth-Token: admin:${PROJECT}\r\nContent-Length: ${BODY_LIMIT * 4}\r\n\r\n${'z'.repeat(BODY_LIMIT + 1)}`),
    );
    const answer = parseRaw(raw);
    expect(answer.status).toBe(413);
    expect(answer.body).toBe(`413 Request Entity Too Large\n\nRequest is too large. Larger than max_request_body_size (${BODY_LIMIT}).\n\n   `);
    expect(raw).toMatch(/\r\nConnection: close\r\n/i);
  });

  it('survives clients that vanish mid-body, mid-headers and mid-response', async () => {
    const abrupt = Array.from({ length: 60 }, (_, i) =>
      rawExchange((s) => {
        if (i % 3 === 0) s.write('POST /v2.1/servers/x/action HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"os-migr');
        else if (i % 3 === 1) s.write('GET /v2.1/ HTTP/1.1\r\nHost: x\r\nX-Half: ');
        else s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
        setTimeout(() => s.resetAndDestroy(), 5);
      }),
    );
    await Promise.all(abrupt);
    await expectAlive();
  });

  it('times out a client that sends headers too slowly with a Nova 408, serving others meanwhile', async () => {
    const slow = rawExchange((s) => {
      s.write('GET / HTTP/1.1\r\n');
      const drip = setInterval(() => (s.writable ? s.write('X-Drip: 1\r\n') : clearInterval(drip)), 200);
      s.on('close', () => clearInterval(drip));
    });
    await expectAlive();
    const answer = parseRaw(await slow);
    expect(answer.status).toBe(408);
    expectNovaFault(answer, 'slow headers');
    await expectAlive();
  });
});
