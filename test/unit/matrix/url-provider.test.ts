import { describe, expect, it } from 'vitest';
import { controlBase, createUrlProvider } from '../../../src/providers/url-provider.js';
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
});
