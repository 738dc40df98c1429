/**
 * The capturing proxy forwards a client's requests unchanged to any Nova and keeps every
 * exchange about a server for that server's cell; version documents link back through it.
 */
import { describe, expect, it } from 'vitest';
import { serverIdOf, startCaptureProxy } from '../../src/drivers/capture-proxy.js';
import { startEmulatorProvider } from '../../src/providers/emulator/emulator-provider.js';
import { releaseTarget } from '../../src/nova/target.js';
import { NOVA_RELEASES } from '../../src/microversion/releases.js';

const ZED = releaseTarget(NOVA_RELEASES.find((r) => r.name === 'zed')!);

describe('the capturing proxy', () => {
  it('forwards a live migration to the emulator and keeps the exchange for the server it is about', async () => {
    await using provider = await startEmulatorProvider();
    await using proxy = await startCaptureProxy({ timeoutMs: 10_000 });
    const endpoint = await provider.endpointFor(ZED);
    const server = await provider.createServer(endpoint, 'active');
    const through = await proxy.through(endpoint.computeUrl);
    expect(through).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/@zed\/v2\.1$/);
    expect(through).not.toBe(endpoint.computeUrl);

    const version = await fetch(`${through}/`, { headers: { 'x-auth-token': provider.token('admin') } });
    const document = (await version.json()) as { version: { links: Array<{ rel: string; href: string }> } };
    expect(document.version.links.find((l) => l.rel === 'self')?.href.startsWith(new URL(through).origin)).toBe(true);

    const body = JSON.stringify({ 'os-migrateLive': { host: 'compute-02', block_migration: false } });
    const answer = await fetch(`${through}/servers/${server.id}/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': provider.token('admin'), 'openstack-api-version': 'compute 2.30' },
      body,
    });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('openstack-api-version')).toBe('compute 2.30');

    const captured = proxy.take(through, server.id);
    expect(captured).toHaveLength(1);
    expect(captured[0]!.request).toMatchObject({ method: 'POST', path: `/@zed/v2.1/servers/${server.id}/action`, body });
    expect(captured[0]!.request.headers['openstack-api-version']).toBe('compute 2.30');
    expect(captured[0]!.response?.status).toBe(202);
    expect(proxy.take(through, server.id)).toEqual([]); // taken once
    expect(proxy.stats.forwarded).toBe(2);
  });

  it('answers 502 and records why when the Nova behind it is gone', async () => {
    const provider = await startEmulatorProvider();
    const endpoint = await provider.endpointFor(ZED);
    await provider[Symbol.asyncDispose]();
    await using proxy = await startCaptureProxy({ timeoutMs: 10_000 });
    const through = await proxy.through(endpoint.computeUrl);
    const answer = await fetch(`${through}/servers/abc/action`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(502);
    const [lost] = proxy.take(through, 'abc');
    expect(lost?.response).toBeNull();
    expect(lost?.error).toContain('the capturing proxy got no answer from');
  });

  it('keeps the exchanges of two targets apart although their servers share an id', async () => {
    await using provider = await startEmulatorProvider();
    await using proxy = await startCaptureProxy({ timeoutMs: 10_000 });
    const [zed, mitaka] = await Promise.all([provider.endpointFor(ZED), provider.endpointFor(releaseTarget(NOVA_RELEASES.find((r) => r.name === 'mitaka')!))]);
    const [a, b] = await Promise.all([provider.createServer(zed, 'active'), provider.createServer(mitaka, 'active')]);
    expect(a.id).toBe(b.id); // each target has its own world
    const [throughZed, throughMitaka] = await Promise.all([proxy.through(zed.computeUrl), proxy.through(mitaka.computeUrl)]);
    for (const through of [throughZed, throughMitaka]) {
      await fetch(`${through}/servers/${a.id}`, { headers: { 'x-auth-token': provider.token('admin') } });
    }
    expect(proxy.take(throughZed, a.id).map((e) => e.request.path)).toEqual([`/@zed/v2.1/servers/${a.id}`]);
    expect(proxy.take(throughMitaka, a.id).map((e) => e.request.path)).toEqual([`/@mitaka/v2.1/servers/${a.id}`]);
  });

  it('finds the server a path is about', () => {
    expect(serverIdOf('/@zed/v2.1/servers/9b6f/action')).toBe('9b6f');
    expect(serverIdOf('/v2.1/p/servers/9b6f')).toBe('9b6f');
    expect(serverIdOf('/v2.1/servers/detail')).toBeUndefined();
    expect(serverIdOf('/v2.1/')).toBeUndefined();
  });
});
