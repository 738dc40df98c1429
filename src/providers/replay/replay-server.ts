/**
 * An HTTP server answering from a cassette, with no Nova behind it. `mvmatrix serve --replay`
 * and the replay provider start it. Binds 127.0.0.1 unless told otherwise.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { normalizeHeaders, type HttpRequest } from '../../http/message.js';
import { readRequestBody } from '../../http/read-body.js';
import { readCassette } from '../../cassette/cassette-file.js';
import type { Cassette } from '../../cassette/types.js';
import { indexCassette, replayRequest, type ReplayIndex } from './replay-model.js';

export interface ReplayServerOptions {
  readonly cassettePath: string;
  /** 0 or absent: any free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly bind?: string;
}

export interface ReplayServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` (no trailing slash): the base URL recorded requests are relative to. */
  readonly url: string;
  readonly cassette: Cassette;
  /** Requests answered so far, and how many of them missed. */
  stats(): { readonly hits: number; readonly misses: number };
  close(): Promise<void>;
}

/** Bodies beyond this are refused: no recorded request is anywhere near it. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;


async function answer(index: ReplayIndex, req: IncomingMessage, res: ServerResponse, counts: { hits: number; misses: number }): Promise<void> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const request: HttpRequest = {
    method: req.method ?? 'GET',
    path: q < 0 ? raw : raw.slice(0, q),
    query: q < 0 ? '' : raw.slice(q + 1),
    headers: normalizeHeaders(req.headers),
    body: await readRequestBody(req, MAX_BODY_BYTES),
  };
  const base = `http://${req.headers.host ?? 'localhost'}`;
  const result = replayRequest(index, request, base);
  if (result.kind === 'hit') counts.hits++;
  else counts.misses++;
  const body = Buffer.from(result.response.body, 'utf8');
  // Flat [name, value, name, value] keeps repeated headers (two Vary lines) as separate lines.
  const flat: string[] = [];
  for (const [n, v] of result.response.headers) flat.push(n, v);
  flat.push('Content-Length', String(body.length));
  if (result.kind === 'miss') res.writeHead(result.response.status, 'mvmatrix replay miss', flat);
  else res.writeHead(result.response.status, flat);
  res.end(body);
}

/** Starts a replay server for the cassette at `cassettePath` (INVALID_CASSETTE if it is bad). */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const cassette = await readCassette(options.cassettePath);
  const index = indexCassette(cassette);
  const counts = { hits: 0, misses: 0 };
  const server = createServer((req, res) => {
    answer(index, req, res, counts).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, 'mvmatrix replay error', { 'Content-Type': 'text/plain', 'X-Mvmatrix-Replay': 'error' });
      res.end(`mvmatrix replay failed: ${(error as Error).message}`);
    });
  });
  server.keepAliveTimeout = 5_000;
  const bind = options.bind ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new MvmError(ERROR_CODES.PROVIDER, `replay server cannot listen on ${bind}:${options.port ?? 0}: ${error.message}`, { cause: error })),
    );
    server.listen(options.port ?? 0, bind, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = bind.includes(':') ? `[${bind}]` : bind === '0.0.0.0' ? '127.0.0.1' : bind;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  };
  return {
    url: `http://${host}:${port}`,
    cassette,
    stats: () => ({ ...counts }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
