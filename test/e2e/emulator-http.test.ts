/**
 * The emulator's HTTP edge with a recording stand-in model: what the adapter hands the model
 * and how it writes what the model decided. The real model's answers are covered by
 * `serve.test.ts` and the conformance suites.
 */
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { isMvmError } from '../../src/errors.js';
import type { HttpRequest, HttpResponse } from '../../src/http/message.js';
import type { EmulatorRequestContext, NovaEmulator } from '../../src/nova/contract.js';
import { startEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { resolveTarget } from '../../src/nova/target.js';

const ZED = resolveTarget('zed');

function recordingEmulator(answer: (request: HttpRequest) => HttpResponse = () => ({ status: 200, headers: [], body: '{}' })) {
  const seen: Array<{ request: HttpRequest; context: EmulatorRequestContext }> = [];
  const emulator: NovaEmulator = {
    handle(request, context) {
      seen.push({ request, context });
      return answer(request);
    },
  };
  return { emulator, seen };
}

function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
    socket.on('connect', () => socket.write(text));
  });
}

describe('startEmulatorServer', () => {
  it('hands the model method, path, raw query, lower-case headers and the UTF-8 body', async () => {
    const { emulator, seen } = recordingEmulator();
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const response = await request(`${server.url}v2.1/servers/abc/action?x=1&y=%20`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 'admin:p', 'OpenStack-API-Version': 'compute 2.30', 'Content-Type': 'application/json' },
      body: '{"os-migrateLive": {"host": "hôte"}}',
    });
    await response.body.text();
    const { request: seenRequest, context } = seen[0]!;
    expect(seenRequest.method).toBe('POST');
    expect(seenRequest.path).toBe('/v2.1/servers/abc/action');
    expect(seenRequest.query).toBe('x=1&y=%20');
    expect(seenRequest.headers['x-auth-token']).toBe('admin:p');
    expect(seenRequest.headers['openstack-api-version']).toBe('compute 2.30');
    expect(seenRequest.body).toBe('{"os-migrateLive": {"host": "hôte"}}');
    expect(context.target.id).toBe('zed');
    expect(context.origin).toBe(server.url.slice(0, -1));
  });

  it('joins repeated request headers with ", " as Node does', async () => {
    const { emulator, seen } = recordingEmulator();
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const text = await rawExchange(
      server.port,
      'GET /v2.1/ HTTP/1.1\r\nHost: h\r\nX-OpenStack-Nova-API-Version: 2.1\r\nX-OpenStack-Nova-API-Version: 2.5\r\nConnection: close\r\n\r\n',
    );
    expect(text).toMatch(/^HTTP\/1\.1 200/);
    expect(seen[0]!.request.headers['x-openstack-nova-api-version']).toBe('2.1, 2.5');
  });

  it('strips a /@<target> prefix, resolves the target and keeps the prefix in the origin', async () => {
    const { emulator, seen } = recordingEmulator();
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    for (const path of ['@mitaka/v2.1/servers', '@zed@2.60/', '@2.47', '@mv-2.47/v2.1', '@2023.1/v2.1/', '@2025.2/v2.1/']) {
      await (await request(`${server.url}${path}`)).body.text();
    }
    expect(seen.map((s) => [s.context.target.id, s.request.path, s.context.origin.replace(server.url.slice(0, -1), '')])).toEqual([
      ['mitaka', '/v2.1/servers', '/@mitaka'],
      ['zed@2.60', '/', '/@zed@2.60'],
      ['mv-2.47', '/', '/@2.47'],
      ['mv-2.47', '/v2.1', '/@mv-2.47'],
      ['antelope', '/v2.1/', '/@2023.1'],
      ['flamingo', '/v2.1/', '/@2025.2'],
    ]);
  });

  it('answers an unknown target with a Nova 404 that explains the target syntax, without asking the model', async () => {
    const { emulator, seen } = recordingEmulator();
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const response = await request(`${server.url}@kilimanjaro/v2.1/`);
    expect(response.statusCode).toBe(404);
    const body = (await response.body.json()) as { itemNotFound: { code: number; message: string } };
    expect(body.itemNotFound.code).toBe(404);
    expect(body.itemNotFound.message).toContain("'kilimanjaro'");
    expect(body.itemNotFound.message).toContain('/@zed@2.60/');
    expect(seen).toHaveLength(0);
  });

  it('accepts an absolute-form request target as HTTP/1.1 requires', async () => {
    const { emulator, seen } = recordingEmulator();
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    await rawExchange(server.port, 'GET http://elsewhere:1/@mitaka/v2.1/servers?x=1 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    expect(seen[0]!.context.target.id).toBe('mitaka');
    expect(seen[0]!.request.path).toBe('/v2.1/servers');
    expect(seen[0]!.request.query).toBe('x=1');
  });

  it('builds the origin from the Host header, falling back to the bound address', async () => {
    const { emulator, seen } = recordingEmulator();
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    await rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: nova.example:8774\r\nConnection: close\r\n\r\n');
    await rawExchange(server.port, 'GET /@mitaka/ HTTP/1.0\r\n\r\n');
    await rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: evil/<script>\r\nConnection: close\r\n\r\n');
    expect(seen.map((s) => s.context.origin)).toEqual([
      'http://nova.example:8774',
      `http://127.0.0.1:${server.port}/@mitaka`,
      `http://127.0.0.1:${server.port}`,
    ]);
  });

  it('writes the model headers in order, keeping both Vary lines, and adds Content-Length', async () => {
    const { emulator } = recordingEmulator(() => ({
      status: 200,
      headers: [
        ['OpenStack-API-Version', 'compute 2.30'],
        ['Vary', 'OpenStack-API-Version'],
        ['Vary', 'X-OpenStack-Nova-API-Version'],
        ['Content-Type', 'application/json'],
      ],
      body: '{"é": 1}',
    }));
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const raw = await rawExchange(server.port, 'GET /v2.1/ HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(head).toMatch(/\r\nOpenStack-API-Version: compute 2\.30\r\nVary: OpenStack-API-Version\r\nVary: X-OpenStack-Nova-API-Version\r\nContent-Type: application\/json\r\n/);
    expect(head).toContain('\r\nContent-Length: 9\r\n');
  });

  it('keeps the model Content-Length of a 202 with an empty body', async () => {
    const { emulator } = recordingEmulator(() => ({ status: 202, headers: [['Content-Length', '0'], ['Content-Type', 'application/json']], body: '' }));
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const raw = await rawExchange(server.port, 'POST /v2.1/servers/x/action HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    expect(raw).toMatch(/^HTTP\/1\.1 202 Accepted\r\n/);
    expect(raw.match(/Content-Length/gi)).toHaveLength(1);
  });

  it('hands the model only the first 114689 bytes of a chunked body that crosses the limit, then closes', async () => {
    const { emulator, seen } = recordingEmulator(() => ({ status: 413, headers: [], body: 'too large' }));
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    async function* body() {
      for (let i = 0; i < 20; i++) yield Buffer.alloc(16_384, 0x61);
    }
    const response = await request(`${server.url}v2.1/servers/x/action`, { method: 'POST', body: Readable.from(body()) });
    expect(response.statusCode).toBe(413);
    expect(response.headers.connection).toBe('close');
    await response.body.text();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.request.body).toHaveLength(114_689);
  });

  it('answers a declared-oversize body once 114689 bytes arrived, without waiting for the rest', async () => {
    const { emulator, seen } = recordingEmulator(() => ({ status: 413, headers: [], body: 'too large' }));
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const raw = await rawExchange(server.port, `POST /v2.1/servers/x/action HTTP/1.1\r\nHost: h\r\nContent-Length: 10000000\r\n\r\n${'c'.repeat(114_689)}`);
    expect(raw).toMatch(/^HTTP\/1\.1 413 /);
    expect(raw).toMatch(/\r\nConnection: close\r\n/);
    expect(seen[0]!.request.body).toHaveLength(114_689);
  });

  it('accepts a body of exactly 114688 bytes', async () => {
    const { emulator, seen } = recordingEmulator();
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const response = await request(`${server.url}v2.1/servers/x/action`, { method: 'POST', body: 'b'.repeat(114_688) });
    await response.body.text();
    expect(response.statusCode).toBe(200);
    expect(seen[0]!.request.body).toHaveLength(114_688);
  });

  it('turns a model exception into Nova 500 computeFault, logs it once and keeps serving', async () => {
    const logged: string[] = [];
    const { emulator } = recordingEmulator((r) => {
      if (r.path === '/boom') throw new TypeError('model bug');
      return { status: 200, headers: [], body: '{}' };
    });
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator, log: (line) => logged.push(line) });
    for (let i = 0; i < 3; i++) {
      const response = await request(`${server.url}boom`);
      expect(response.statusCode).toBe(500);
      const body = (await response.body.json()) as { computeFault: { code: number; message: string } };
      expect(body.computeFault.code).toBe(500);
      expect(body.computeFault.message).toMatch(/^Unexpected API Error\. Please report this at http:\/\/bugs\.launchpad\.net\/nova\//);
    }
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('model bug');
    expect((await request(server.url)).statusCode).toBe(200);
  });

  it('turns a response Node cannot send (invalid status) into a 500 fault', async () => {
    const { emulator } = recordingEmulator(() => ({ status: 42, headers: [], body: '' }));
    await using server = await startEmulatorServer({ defaultTarget: ZED, emulator, log: () => {} });
    const response = await request(server.url);
    expect(response.statusCode).toBe(500);
    expect(await response.body.json()).toHaveProperty('computeFault.code', 500);
  });

  it('rejects a port in use with a PROVIDER error naming the port', async () => {
    const { emulator } = recordingEmulator();
    await using first = await startEmulatorServer({ defaultTarget: ZED, emulator });
    const error = await startEmulatorServer({ port: first.port, defaultTarget: ZED, emulator }).catch((e: unknown) => e);
    expect(isMvmError(error) && error.code).toBe('MVM_ERR_PROVIDER');
    expect((error as Error).message).toBe(`port ${first.port} on 127.0.0.1 is already in use`);
  });

  it('closes idempotently, dropping keep-alive connections, and frees the port', async () => {
    const { emulator } = recordingEmulator();
    const server = await startEmulatorServer({ defaultTarget: ZED, emulator });
    await (await request(server.url)).body.text();
    await Promise.all([server.close(), server.close()]);
    const refused = await request(server.url).then(
      () => false,
      (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
    );
    expect(refused).toBe(true);
  });
});
