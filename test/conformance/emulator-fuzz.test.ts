/**
 * The emulator under 100,000+ seeded random requests (issue #14): most through the HTTP edge
 * in-process (the same `EmulatorEdge` that serves sockets — routing, body limits, header
 * writing — handed request and response objects instead of a socket, so it runs at model speed),
 * and a large sample of the same stream over real sockets with keep-alive. Real Nova answers
 * 5xx only for RPC timeouts, which the emulator never produces: any 5xx is a bug, every error
 * must be a Nova fault or a webob page, and every answer must be one Node can put on the wire.
 * The raw-socket abuse cases (slowloris, huge bodies and headers) are in emulator-robustness.
 */
import { EventEmitter } from 'node:events';
import { validateHeaderName, validateHeaderValue, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorEdge } from '../../src/nova/adapters/emulator-edge.js';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { fuzzRequests, type FuzzRequest } from '../support/fuzz-requests.js';
import { expectNovaErrorBody, type Answer } from '../support/nova-answers.js';

const IN_PROCESS = 100_000;
const OVER_HTTP = 10_000; // plus the 10,000 fast-check requests of emulator-robustness.test.ts
const SEED = 0x14_0f;
const CLOCK_PREFIXES = ['', '/@zed', '/@mitaka', '/@2.30', '/@zed@2.60', '/@hibiscus', '/@liberty', '/@2.104'];
const SERVER_IDS = DEFAULT_WORLD.servers.map((s) => s.id);

/** A request object with what the edge reads of an IncomingMessage. */
class FakeRequest extends EventEmitter {
  destroyed = false;
  complete = true;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {
    super();
  }
}

interface Written extends Answer {
  readonly headers: readonly string[];
}

/** A response object that refuses, like Node, what cannot go on the wire. */
function fakeResponse(done: (written: Written) => void): ServerResponse {
  let status = 0;
  let headers: string[] = [];
  const res = {
    headersSent: false,
    writableEnded: false,
    destroyed: false,
    on: () => res,
    writeHead(code: number, flat: string[]) {
      if (!Number.isInteger(code) || code < 100 || code > 999) throw new RangeError(`invalid status ${code}`);
      for (let i = 0; i < flat.length; i += 2) {
        validateHeaderName(flat[i]!);
        validateHeaderValue(flat[i]!, flat[i + 1]!);
      }
      status = code;
      headers = flat;
      res.headersSent = true;
      return res;
    },
    end(body?: string) {
      res.writableEnded = true;
      done({ status, headers, body: body ?? '' });
      return res;
    },
    destroy() {
      res.destroyed = true;
    },
  };
  return res as unknown as ServerResponse;
}

function describeRequest(r: FuzzRequest): string {
  return `${r.method} ${r.url.slice(0, 200)} headers=${JSON.stringify(r.headers).slice(0, 300)} body(${r.body.length})=${JSON.stringify(r.body.toString('utf8').slice(0, 120))}`;
}

/** No 5xx, every error a Nova fault or webob page (assertions built only for a bad answer: 100,000 of them add up). */
function check(answer: Answer, request: FuzzRequest, statuses: Map<number, number>): void {
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  if (answer.status >= 200 && answer.status < 400) return;
  if (answer.status >= 400 && answer.status < 500 && looksLikeNovaError(answer, request.method)) return;
  const context = `${answer.status} for ${describeRequest(request)}`;
  expect(answer.status, context).toBeGreaterThanOrEqual(200);
  expect(answer.status, context).toBeLessThan(500);
  expectNovaErrorBody(answer, request.method, context);
}

/** The fast path of {@link expectNovaErrorBody}: true when it would pass. */
function looksLikeNovaError(answer: Answer, method: string): boolean {
  try {
    expectNovaErrorBody(answer, method, '');
    return true;
  } catch {
    return false;
  }
}

describe(`the emulator under ${IN_PROCESS + OVER_HTTP} seeded random requests`, () => {
  const logged: string[] = [];
  let server: StartedEmulatorServer;
  let pool: Pool;

  beforeAll(async () => {
    server = await startEmulatorServer({ port: 0, defaultTarget: resolveTarget('zed'), emulator: createEmulator({}), log: (line) => void logged.push(line) });
    pool = new Pool(server.url, { connections: 32, pipelining: 1, keepAliveTimeout: 10_000 });
  });

  afterAll(async () => {
    await pool?.close();
    await server?.close();
  });

  it(`answers ${IN_PROCESS} through the HTTP edge in-process without a 5xx, every error a Nova fault, every answer sendable`, () => {
    const edge = new EmulatorEdge({ defaultTarget: resolveTarget('zed'), emulator: createEmulator({}), log: (line) => void logged.push(line) });
    const next = fuzzRequests(SEED, SERVER_IDS);
    const statuses = new Map<number, number>();
    const send = (request: FuzzRequest): Written => {
      const headers = request.body.length > 0 ? { ...request.headers, 'content-length': String(request.body.length) } : request.headers;
      const req = new FakeRequest(request.method, request.url, headers);
      let written: Written | undefined;
      edge.onRequest(req as unknown as IncomingMessage, fakeResponse((w) => (written = w)));
      if (request.body.length > 0) {
        for (let at = 0; at < request.body.length && written === undefined; at += 65_536) req.emit('data', request.body.subarray(at, at + 65_536));
        if (written === undefined) req.emit('end');
      }
      if (written === undefined) throw new Error(`no answer for ${describeRequest(request)}`);
      return written;
    };
    for (let i = 0; i < IN_PROCESS; i++) {
      if (i % 500 === 0) {
        // Let started migrations finish, so servers become migratable again.
        for (const prefix of CLOCK_PREFIXES) send({ method: 'POST', url: `${prefix}/_mvmatrix/clock`, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"advance": 3600}') });
      }
      const request = next();
      check(send(request), request, statuses);
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(IN_PROCESS);
    console.log(`in-process: ${IN_PROCESS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    for (const status of [200, 202, 400, 403, 404, 406, 409, 413, 415]) expect(statuses.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);
    expect(logged).toEqual([]);
  });

  it(`answers ${OVER_HTTP} of the same stream over real sockets with keep-alive, the same way`, async () => {
    const next = fuzzRequests(SEED + 1, SERVER_IDS);
    const statuses = new Map<number, number>();
    const BATCH = 50;
    for (let sent = 0; sent < OVER_HTTP; sent += BATCH) {
      const batch = Array.from({ length: BATCH }, next);
      const answers = await Promise.all(
        batch.map(async (request) => {
          const response = await pool.request({
            method: request.method,
            path: request.url,
            headers: request.headers,
            ...(request.body.length > 0 ? { body: request.body } : {}),
            headersTimeout: 60_000,
            bodyTimeout: 60_000,
          });
          return { status: response.statusCode, body: await response.body.text() };
        }),
      );
      answers.forEach((answer, i) => check(answer, batch[i]!, statuses));
      if (sent % 1_000 === 0) {
        for (const prefix of CLOCK_PREFIXES) await (await pool.request({ method: 'POST', path: `${prefix}/_mvmatrix/clock`, headers: { 'content-type': 'application/json' }, body: '{"advance": 3600}' })).body.text();
      }
    }
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(OVER_HTTP);
    for (const status of [200, 202, 400, 404, 413]) expect(statuses.get(status) ?? 0, `answers with ${status}`).toBeGreaterThan(0);
    expect(logged).toEqual([]);
    const alive = await pool.request({ method: 'GET', path: '/' });
    expect(alive.statusCode).toBe(200);
    await alive.body.text();
  });
});
