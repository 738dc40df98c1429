/**
 * A capturing HTTP proxy in front of any Nova (emulator, real Nova, a URL): the real client
 * talks to the proxy, the proxy forwards every request unchanged and keeps each exchange
 * about a server (`…/servers/<id>…`) until the runner takes it for that server's cell. So the
 * request a cell is judged by is the one the client's own code put on the wire.
 * One listening port per upstream origin, on 127.0.0.1, port 0.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { normalizeHeaders } from '../http/message.js';
import { readRequestBody } from '../http/read-body.js';

export interface CapturedMessage {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface CapturedExchange {
  readonly request: CapturedMessage & { readonly method: string; readonly path: string };
  /** `null` when the upstream gave no answer (`error` says why; the client got a 502). */
  readonly response: (CapturedMessage & { readonly status: number }) | null;
  readonly error?: string;
}

export interface CaptureProxy extends AsyncDisposable {
  /** The URL a client should use instead of `upstreamUrl`: same path, through the proxy. */
  through(upstreamUrl: string): Promise<string>;
  /**
   * Every exchange about server `serverId` under endpoint `endpointUrl` (the URL `through`
   * returned; targets may reuse server ids), in arrival order; removed from the proxy.
   */
  take(endpointUrl: string, serverId: string): CapturedExchange[];
  readonly stats: { readonly forwarded: number; readonly captured: number };
}

export interface CaptureProxyOptions {
  /** Deadline for the upstream's answer. */
  readonly timeoutMs: number;
  /** Largest request body forwarded (Nova's own limit is 114,688 bytes). */
  readonly maxBodyBytes?: number;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection', 'upgrade', 'te', 'trailer']);
const SERVER_IN_PATH = /^(.*?)\/servers\/([^/?#]+)/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The server id a request path is about, if any (`/v2.1/servers/<id>/action` → `<id>`). */
export function serverIdOf(path: string): string | undefined {
  return serverKeyOf(path)?.id;
}

/** The endpoint path and server id a request path is about (`/@zed/v2.1/servers/<id>/action` → `/@zed/v2.1`, `<id>`). */
function serverKeyOf(path: string): { endpointPath: string; id: string } | undefined {
  const match = SERVER_IN_PATH.exec(path);
  const id = match?.[2];
  if (id === undefined || id === 'detail') return undefined;
  return { endpointPath: match![1]!.replace(/\/+$/, ''), id: decodeURIComponent(id) };
}

function captureKey(endpointPath: string, id: string): string {
  return `${endpointPath} ${id}`;
}

function forwardHeaders(headers: Record<string, string>, upstream: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && name !== 'host') out[name] = value;
  // A loopback Nova builds its links from Host: keep the proxy's, so links lead back here.
  out['host'] = LOOPBACK.has(upstream.hostname) ? (headers['host'] ?? upstream.host) : upstream.host;
  return out;
}

export async function startCaptureProxy(options: CaptureProxyOptions): Promise<CaptureProxy> {
  const agent = new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000, connect: { timeout: options.timeoutMs } });
  const maxBody = options.maxBodyBytes ?? 1_048_576;
  const byServer = new Map<string, CapturedExchange[]>();
  const listeners = new Map<string, Promise<{ server: Server; origin: string }>>();
  const stats = { forwarded: 0, captured: 0 };

  function record(path: string, exchange: CapturedExchange): void {
    const about = serverKeyOf(path);
    if (about === undefined) return;
    stats.captured++;
    const key = captureKey(about.endpointPath, about.id);
    const list = byServer.get(key);
    if (list) list.push(exchange);
    else byServer.set(key, [exchange]);
  }

  async function forward(upstream: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const headers = normalizeHeaders(req.headers);
    const body = await readRequestBody(req, maxBody);
    const request = { method, path: path.split('?')[0] ?? path, headers, body };
    stats.forwarded++;
    let answer: { status: number; headers: Record<string, string>; body: Buffer };
    try {
      const response = await agent.request({
        origin: upstream.origin,
        path,
        method: method as Dispatcher.HttpMethod,
        headers: forwardHeaders(headers, upstream),
        ...(body === '' && (method === 'GET' || method === 'HEAD') ? {} : { body }),
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      answer = {
        status: response.statusCode,
        headers: normalizeHeaders(response.headers as Record<string, string | string[] | undefined>),
        body: Buffer.from(await response.body.arrayBuffer()),
      };
    } catch (error) {
      const message = `the capturing proxy got no answer from ${upstream.origin}: ${(error as Error).message}`;
      record(request.path, { request, response: null, error: message });
      const text = JSON.stringify({ mvmatrixProxyError: { code: 502, message } });
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    record(request.path, { request, response: { status: answer.status, headers: answer.headers, body: answer.body.toString('utf8') } });
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
    out['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, out);
    res.end(answer.body);
  }

  function listen(upstream: URL): Promise<{ server: Server; origin: string }> {
    const server = createServer((req, res) => {
      forward(upstream, req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    server.keepAliveTimeout = 30_000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({ server, origin: `http://127.0.0.1:${port}` });
      });
    });
  }

  return {
    stats,
    async through(upstreamUrl) {
      const upstream = new URL(upstreamUrl);
      let listener = listeners.get(upstream.origin);
      if (!listener) {
        listener = listen(upstream);
        listeners.set(upstream.origin, listener);
      }
      const { origin } = await listener;
      return `${origin}${upstream.pathname}${upstream.search}`;
    },
    take(endpointUrl, serverId) {
      const key = captureKey(new URL(endpointUrl).pathname.replace(/\/+$/, ''), serverId);
      const list = byServer.get(key) ?? [];
      byServer.delete(key);
      return list;
    },
    async [Symbol.asyncDispose]() {
      const started = await Promise.allSettled(listeners.values());
      listeners.clear();
      await Promise.all(
        started.map((s) =>
          s.status === 'fulfilled'
            ? new Promise<void>((resolve) => {
                s.value.server.closeAllConnections();
                s.value.server.close(() => resolve());
              })
            : Promise.resolve(),
        ),
      );
      await agent.close();
    },
  };
}
