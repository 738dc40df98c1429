/**
 * A provider with faults on demand: an HTTP proxy in front of a real emulator that, request by
 * request, forwards, never answers (hangs), or answers an error of its own (a flaky 5xx). Tests
 * decide per request with a function, so faults land at exact, seeded points.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { request } from 'undici';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { resolveTarget } from '../../src/nova/target.js';

export type FaultDecision = 'forward' | 'hang' | { readonly status: number; readonly body: string };

export interface FaultProxy {
  /** Root URL, with a trailing slash, like `mvmatrix serve` prints. */
  readonly url: string;
  /** Requests seen so far, by `METHOD path`. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** A started emulator behind a proxy that applies `decide` to each request (`n` counts from 1). */
export async function startFaultProxy(decide: (req: IncomingMessage, n: number) => FaultDecision): Promise<FaultProxy> {
  const upstream: StartedEmulatorServer = await startEmulatorServer({ port: 0, defaultTarget: resolveTarget('zed'), emulator: createEmulator({}), log: () => {} });
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const decision = decide(req, seen.length);
    if (decision === 'hang') {
      req.resume(); // read the body, never answer
      return;
    }
    if (decision !== 'forward') {
      req.resume();
      res.writeHead(decision.status, { 'content-type': 'application/json' }).end(decision.body);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers[name] = value;
      request(`${upstream.url.replace(/\/$/, '')}${req.url}`, {
        method: req.method as 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      }).then(
        async (answer) => {
          const body = await answer.body.arrayBuffer();
          const out: Record<string, string> = {};
          for (const [name, value] of Object.entries(answer.headers)) if (typeof value === 'string' && !['connection', 'keep-alive', 'transfer-encoding'].includes(name)) out[name] = value;
          res.writeHead(answer.statusCode, out).end(Buffer.from(body));
        },
        () => res.writeHead(502).end(),
      );
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}
