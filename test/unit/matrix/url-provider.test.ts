import { describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { UrlProvider, controlBase, createUrlProvider, targetInUrl } from '../../../src/providers/url-provider.js';
import { resolveTarget } from '../../../src/nova/target.js';

function fakeFetch(routes: Record<string, { status: number; body: unknown }>): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    const hit = routes[url];
    if (!hit) return new Response('not found', { status: 404 });
    return new Response(JSON.stringify(hit.body), { status: hit.status });
  }) as typeof fetch;
}

describe('url provider', () => {
  it('finds the control API next to the compute endpoint, with or without a target prefix or project', () => {
    expect(controlBase('http://h:8774/@zed/v2.1')).toBe('http://h:8774/@zed');
    expect(controlBase('http://h:8774/v2.1/6f70/')).toBe('http://h:8774');
    expect(controlBase('http://h:8774/v2')).toBe('http://h:8774');
  });

  it('serves the mv-<max> target its version document names and nothing else', async () => {
    const provider = await createUrlProvider({
      url: 'http://h/v2.1',
      fetch: fakeFetch({ 'http://h/v2.1': { status: 200, body: { version: { id: 'v2.1', version: '2.93', min_version: '2.1' } } } }),
    });
    expect(provider.target.id).toBe('mv-2.93');
    expect((await provider.endpointFor(resolveTarget('2.93'))).computeUrl).toBe('http://h/v2.1');
    await expect(provider.endpointFor(resolveTarget('zed'))).rejects.toMatchObject({ code: 'MVM_ERR_PROVIDER' });
  });

  it('creates servers through the control API and derives the member token from a noauth2 admin token', async () => {
    const provider = await createUrlProvider({
      url: 'http://h/@zed/v2.1',
      target: 'zed',
      token: 'admin:abc',
      fetch: fakeFetch({ 'http://h/@zed/_mvmatrix/servers': { status: 201, body: { server: { id: 's1', host: 'compute-01' } } } }),
    });
    const endpoint = await provider.endpointFor(resolveTarget('zed'));
    expect(await provider.createServer(endpoint, 'active')).toEqual({ id: 's1', host: 'compute-01' });
    expect(provider.token('member')).toBe('member:abc');
  });

  it('says the control API is needed when the URL has none', async () => {
    const provider = await createUrlProvider({ url: 'http://h/v2.1', target: 'zed', fetch: fakeFetch({}) });
    const endpoint = await provider.endpointFor(resolveTarget('zed'));
    await expect(provider.createServer(endpoint, 'active')).rejects.toMatchObject({ code: 'MVM_ERR_PROVIDER', hint: expect.stringContaining('control API') });
  });

  it('takes the target from an emulator URL\'s /@<target>/ prefix without asking the version document', async () => {
    const asked: string[] = [];
    const fetchImpl = (async (input: string | URL | Request) => {
      asked.push(String(input));
      return String(input).endsWith('/_mvmatrix/limits') ? new Response('{"maxFreshServers": 7}', { status: 200 }) : new Response('no', { status: 500 });
    }) as typeof fetch;
    const provider = await createUrlProvider({ url: 'http://h:1/@zed@2.60/v2.1', fetch: fetchImpl });
    expect(provider.target.id).toBe('zed@2.60');
    expect(provider.freshServerCap).toBe(7);
    expect(asked).toEqual(['http://h:1/@zed@2.60/_mvmatrix/limits']);
    expect(targetInUrl('http://h/@mitaka/v2.1/abc')).toBe('mitaka');
    expect(targetInUrl('http://h/v2.1')).toBeUndefined();
  });

  it('redacts the tokens it was given, and the project of a noauth2 token, but not the emulator default', async () => {
    const given = await createUrlProvider({ url: 'http://h/v2.1', target: 'zed', token: 'admin:s3cr3t', fetch: fakeFetch({}) });
    expect(given.redaction).toEqual({ secrets: ['admin:s3cr3t', 'member:s3cr3t'], ids: ['s3cr3t', 's3cr3t'] });
    const defaulted = await createUrlProvider({ url: 'http://h/v2.1', target: 'zed', fetch: fakeFetch({}) });
    expect(defaulted.redaction).toEqual({ secrets: [], ids: [] });
  });
});

describe('url provider deadlines', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  const listenSilently = async (): Promise<string> => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  };
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  };

  it('gives up on a version document that never comes, naming the URL and the timeout', async () => {
    const base = await listenSilently();
    try {
      await expect(createUrlProvider({ url: `${base}/v2.1`, timeoutMs: 200 })).rejects.toMatchObject({
        code: 'MVM_ERR_PROVIDER',
        message: `cannot read the version document: GET ${base}/v2.1: timeout (ETIMEDOUT) after 200 ms`,
      });
    } finally {
      await close();
    }
  });

  it('gives up on a server creation that never comes', async () => {
    const base = await listenSilently();
    try {
      const provider = new UrlProvider({ url: `${base}/@zed/v2.1`, timeoutMs: 200 }, resolveTarget('zed'));
      const endpoint = await provider.endpointFor(resolveTarget('zed'));
      await expect(provider.createServer(endpoint, 'active')).rejects.toMatchObject({
        message: `cannot create a 'active' server: POST ${base}/@zed/_mvmatrix/servers: timeout (ETIMEDOUT) after 200 ms`,
      });
    } finally {
      await close();
    }
  });
});
