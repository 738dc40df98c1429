/** The embedded emulator as a NovaProvider: one server for every target, fresh servers per cell. */
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { isMvmError } from '../../src/errors.js';
import { resolveTarget } from '../../src/nova/target.js';
import { startEmulatorProvider } from '../../src/providers/emulator/emulator-provider.js';

describe('startEmulatorProvider', () => {
  it('serves each target under its own prefix of one server', async () => {
    await using provider = await startEmulatorProvider();
    const zed = await provider.endpointFor(resolveTarget('zed'));
    const capped = await provider.endpointFor(resolveTarget('zed@2.60'));
    expect(zed.computeUrl).toBe(`${provider.url}@zed/v2.1`);
    expect(capped.computeUrl).toBe(`${provider.url}@zed@2.60/v2.1`);
    const response = await request(`${capped.computeUrl}/`, { headers: { 'x-openstack-nova-api-version': 'latest' } });
    const body = (await response.body.json()) as { version: { version: string } };
    expect(body.version.version).toBe('2.60');
  });

  it('creates a fresh server per call that accepts a live migration with the admin token', async () => {
    await using provider = await startEmulatorProvider();
    const endpoint = await provider.endpointFor(resolveTarget('zed'));
    const first = await provider.createServer(endpoint, 'active');
    const second = await provider.createServer(endpoint, 'active');
    expect(first.id).not.toBe(second.id);
    expect(first.host).toBe('compute-01');
    expect(provider.token('admin')).toBe('admin:6f70656e737461636b20726f636b7321');
    expect(provider.token('member')).toBe('member:6f70656e737461636b20726f636b7321');
    const response = await request(`${endpoint.computeUrl}/servers/${first.id}/action`, {
      method: 'POST',
      headers: { 'x-auth-token': provider.token('admin'), 'content-type': 'application/json', 'openstack-api-version': 'compute 2.30' },
      body: JSON.stringify({ 'os-migrateLive': { host: null, block_migration: 'auto' } }),
    });
    await response.body.text();
    expect(response.statusCode).toBe(202);
  });

  it('fails with a PROVIDER error naming an unknown template', async () => {
    await using provider = await startEmulatorProvider();
    const endpoint = await provider.endpointFor(resolveTarget('mitaka'));
    const error = await provider.createServer(endpoint, 'no-such-template').catch((e: unknown) => e);
    expect(isMvmError(error) && error.code).toBe('MVM_ERR_PROVIDER');
    expect((error as Error).message).toContain("'no-such-template'");
  });

  it('stops its server when disposed', async () => {
    const provider = await startEmulatorProvider();
    const url = provider.url;
    await provider[Symbol.asyncDispose]();
    const refused = await request(url).then(
      () => false,
      (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED',
    );
    expect(refused).toBe(true);
  });
});
