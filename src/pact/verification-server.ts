/**
 * What mvmatrix runs beside the Pact verifier, on one loopback port:
 *
 * - the **state-change endpoint** (`POST /runs/<id>/state`): the verifier posts each provider
 *   state of an interaction here (`providerStatesSetupBody` form); a server state makes a fresh
 *   server through the provider's own control API (`NovaProvider.createServer`, the same call
 *   for the emulator, the real-Nova harness and a replay cassette) and returns its id; the
 *   caller state returns the provider's token for that role. A state the provider cannot
 *   establish answers 500 with the reason, and Pact fails that interaction with it.
 * - an **observing proxy** (`/runs/<id>/nova/...`): the verifier's requests go through it to the
 *   provider unchanged (method, path, header names and values, body bytes) and its answers come
 *   back unchanged; it records what the provider answered, so a failure can be compared with a
 *   known real-Nova difference (Pact's results carry the mismatch, not always the answer).
 *
 * One run per (source, target) verification; runs are independent. An adapter.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { readRequestBody } from '../http/read-body.js';
import type { NovaEndpoint, NovaProvider } from '../providers/provider.js';
import { decodeStateChange, STATE_VALUES, type StateWorld } from './provider-states.js';

/** One request the verifier sent through the proxy and the provider's answer. */
export interface ObservedExchange {
  readonly method: string;
  /** Path below the provider's base URL, with the query. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number;
  readonly responseBody: string;
}

export interface RunLog {
  /** Server ids the state endpoint made, by template. */
  readonly servers: ReadonlyMap<string, string>;
  /** Tokens handed out, by role. */
  readonly tokens: ReadonlyMap<string, 'admin' | 'member'>;
  readonly exchanges: readonly ObservedExchange[];
  /** State changes the provider could not establish (their messages). */
  readonly stateFailures: readonly string[];
}

export interface VerificationRun {
  /** `providerStatesSetupUrl` for the verifier. */
  readonly stateUrl: string;
  /** `providerBaseUrl` for the verifier: the proxy in front of the provider's base URL. */
  readonly providerBaseUrl: string;
  log(): RunLog;
}

interface RunState {
  readonly provider: NovaProvider;
  readonly endpoint: NovaEndpoint;
  /** Provider base URL without a trailing slash (`http://127.0.0.1:4000/@zed`). */
  readonly upstream: string;
  readonly world: StateWorld;
  readonly servers: Map<string, string>;
  readonly tokens: Map<string, 'admin' | 'member'>;
  readonly exchanges: ObservedExchange[];
  readonly stateFailures: string[];
}

export interface VerificationServer extends AsyncDisposable {
  addRun(options: { provider: NovaProvider; endpoint: NovaEndpoint; upstream: string; world: StateWorld }): VerificationRun;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function changeState(run: RunState, body: string, res: ServerResponse): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const change = decodeStateChange(parsed);
  try {
    switch (change.kind) {
      case 'nothing':
        return reply(res, 200, {});
      case 'invalid':
        run.stateFailures.push(change.message);
        return reply(res, 400, { error: change.message });
      case 'check-destination': {
        const expected = run.world.destinations[change.destination];
        if (expected !== change.host) {
          const message = `destination ${change.host} is not ${change.destination} in this world (${change.destination} is ${expected})`;
          run.stateFailures.push(message);
          return reply(res, 500, { error: message });
        }
        return reply(res, 200, {});
      }
      case 'token': {
        const token = run.provider.token(change.role);
        run.tokens.set(token, change.role);
        return reply(res, 200, { [STATE_VALUES.token]: token });
      }
      case 'create-server': {
        const server = await run.provider.createServer(run.endpoint, change.template);
        if (server.host !== change.host) {
          const message = `${run.provider.description} made a '${change.template}' server on ${server.host || 'no host'}, not on ${change.host}`;
          run.stateFailures.push(message);
          return reply(res, 500, { error: message });
        }
        run.servers.set(server.id, change.template);
        return reply(res, 200, { [STATE_VALUES.serverId]: server.id });
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    run.stateFailures.push(message);
    return reply(res, 500, { error: message });
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length']);

async function forward(run: RunState, req: IncomingMessage, rest: string, res: ServerResponse): Promise<void> {
  const body = await readRequestBody(req);
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = req.rawHeaders[i + 1]!;
  }
  const method = req.method ?? 'GET';
  const upstream = await request(`${run.upstream}${rest}`, {
    method: method as 'POST',
    headers,
    ...(body === '' && (method === 'GET' || method === 'HEAD') ? {} : { body }),
  });
  const responseBody = await upstream.body.text();
  run.exchanges.push({ method, path: rest, headers, body, status: upstream.statusCode, responseBody });
  const out: string[] = [];
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push(name, v);
  }
  out.push('content-length', String(Buffer.byteLength(responseBody)));
  res.writeHead(upstream.statusCode, out);
  res.end(responseBody);
}

/** Starts the state-change endpoint and observing proxy on 127.0.0.1 (a free port). */
export async function startVerificationServer(): Promise<VerificationServer> {
  const runs = new Map<string, RunState>();
  const server: Server = createServer((req, res) => {
    const match = /^\/runs\/(\d+)\/(state|nova)(\/.*)?$/.exec(req.url ?? '');
    const run = match ? runs.get(match[1]!) : undefined;
    if (!match || !run) return reply(res, 404, { error: `no verification run at ${req.url}` });
    const work =
      match[2] === 'state' ? readRequestBody(req, 1 << 20).then((body) => changeState(run, body, res)) : forward(run, req, match[3] ?? '/', res);
    work.catch((error: unknown) => {
      if (!res.headersSent) reply(res, 502, { error: `mvmatrix could not reach the provider: ${error instanceof Error ? error.message : String(error)}` });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let next = 0;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    addRun({ provider, endpoint, upstream, world }) {
      const id = String(next++);
      const run: RunState = { provider, endpoint, upstream: upstream.replace(/\/+$/, ''), world, servers: new Map(), tokens: new Map(), exchanges: [], stateFailures: [] };
      runs.set(id, run);
      return {
        stateUrl: `${base}/runs/${id}/state`,
        providerBaseUrl: `${base}/runs/${id}/nova`,
        log: () => ({ servers: run.servers, tokens: run.tokens, exchanges: run.exchanges, stateFailures: run.stateFailures }),
      };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
