import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createUndiciTransport, TransportError } from '../../../src/http/http-transport.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('undici transport', () => {
  it('returns status, lower-case headers and body, and never retries an HTTP error answer', async () => {
    let calls = 0;
    const base = await listen((req, res) => {
      calls++;
      res.writeHead(500, { 'X-Thing': 'a', 'content-type': 'application/json' });
      res.end('{"computeFault": {"code": 500}}');
    });
    await using transport = createUndiciTransport({ retries: 2 });
    const response = await transport.send({ method: 'POST', url: `${base}/x`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response).toMatchObject({ status: 500, body: '{"computeFault": {"code": 500}}' });
    expect(response.headers['x-thing']).toBe('a');
    expect(calls).toBe(1);
  });

  it('retries a connection that is cut before the answer, up to the bound', async () => {
    let calls = 0;
    const base = await listen((req, res) => {
      calls++;
      if (calls < 3) {
        (req.socket as Socket).destroy();
        return;
      }
      res.end('ok');
    });
    await using transport = createUndiciTransport({ retries: 2 });
    const response = await transport.send({ method: 'POST', url: `${base}/x`, headers: {}, body: '{}' });
    expect(response.body).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the bounded retries with a TransportError naming the code and attempts', async () => {
    let calls = 0;
    const base = await listen((req) => {
      calls++;
      (req.socket as Socket).destroy();
    });
    await using transport = createUndiciTransport({ retries: 1 });
    const error = await transport.send({ method: 'POST', url: `${base}/x`, headers: {}, body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).attempts).toBe(2);
    expect(calls).toBe(2);
  });

  it('times out without retrying (the request may have run)', async () => {
    let calls = 0;
    const base = await listen(() => {
      calls++; // never answers
    });
    await using transport = createUndiciTransport({ retries: 2, timeoutMs: 150 });
    const error = await transport.send({ method: 'POST', url: `${base}/x`, headers: {}, body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('ETIMEDOUT');
    expect((error as TransportError).message).toContain('timeout: no complete answer within 150 ms');
    expect(calls).toBe(1);
  });

  it('ends an answer that trickles in forever at the deadline: the whole exchange, not each chunk', async () => {
    const timers: NodeJS.Timeout[] = [];
    const base = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // One byte whenever the previous one is flushed: never idle long enough for a per-chunk timeout.
      const drip = (): void => {
        if (res.destroyed) return;
        res.write(' ', () => timers.push(setTimeout(drip, 20)));
      };
      drip();
    });
    await using transport = createUndiciTransport({ retries: 2, timeoutMs: 300 });
    const error = await transport.send({ method: 'GET', url: `${base}/slow`, headers: {} }).catch((e: unknown) => e);
    for (const timer of timers) clearTimeout(timer);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('ETIMEDOUT');
    expect((error as TransportError).message).toBe(`GET ${base}/slow: timeout: no complete answer within 300 ms (ETIMEDOUT)`);
  });

  it('names a refused connection, with the URL and the attempts', async () => {
    const base = await listen(() => {});
    server!.close();
    await using transport = createUndiciTransport({ retries: 1, timeoutMs: 5_000 });
    const error = (await transport.send({ method: 'GET', url: `${base}/x`, headers: {} }).catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.message).toBe(`GET ${base}/x: connection refused (ECONNREFUSED), 2 attempts`);
  });
});

