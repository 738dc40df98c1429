/**
 * The host-package real Nova launcher and the provider: Debian's python3-nova answering on
 * loopback with the default world seeded through Nova's own objects. (Containers of every
 * release: real-nova-containers.test.ts.)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, MvmError } from '../../src/errors.js';
import { resolveTarget } from '../../src/nova/target.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { startRealNova } from '../../src/providers/real-nova/launcher.js';
import { realNovaSkipReason } from '../../src/providers/real-nova/prerequisites.js';
import { RealNovaProvider } from '../../src/providers/real-nova/real-nova-provider.js';
import type { RealNovaInfo } from '../support/shared-instance-kinds.js';
import { useSharedInstance } from '../support/shared-instances.js';

const skip = await realNovaSkipReason(process.env);
if (skip) console.log(`real-nova tests ${skip}`);

const PROJECT = DEFAULT_WORLD.projectId;
const ADMIN = `admin:${PROJECT}`;
const serverId = (template: string): string => DEFAULT_WORLD.servers.find((s) => s.template === template)!.id;

async function migrateLive(nova: { url: string }, id: string, version: string, body: unknown, token = ADMIN) {
  const response = await fetch(`${nova.url}v2.1/servers/${id}/action`, {
    method: 'POST',
    headers: { 'x-auth-token': token, 'openstack-api-version': `compute ${version}`, 'content-type': 'application/json' },
    body: JSON.stringify({ 'os-migrateLive': body }),
  });
  return { status: response.status, text: await response.text() };
}

async function control(nova: { url: string }, path: string, body?: unknown) {
  const response = await fetch(`${nova.url}_mvmatrix/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

describe.skipIf(skip !== undefined)('real Nova (python3-nova on loopback)', () => {
  // The tier's shared instance (started once per run; every seeded server reset before the lease).
  const shared = useSharedInstance<RealNovaInfo>('real-nova', 'zed');
  let nova: RealNovaInfo;
  beforeAll(() => {
    nova = shared();
  });

  it('serves the Zed version document with maximum 2.93', async () => {
    const response = await fetch(`${nova.url}v2.1/`);
    const doc = (await response.json()) as { version: { version: string; min_version: string } };
    expect(response.status).toBe(200);
    expect(doc.version).toMatchObject({ version: '2.93', min_version: '2.1' });
    expect(response.headers.get('openstack-api-version')).toBe('compute 2.1');
  });

  it('answers a schema-valid live migration of an unknown server with Nova\'s 404 text', async () => {
    const id = '0badc0de-0000-4000-8000-000000000000';
    const result = await migrateLive(nova, id, '2.30', { host: null, block_migration: 'auto' });
    expect(result.status).toBe(404);
    expect(JSON.parse(result.text)).toEqual({ itemNotFound: { code: 404, message: `Instance ${id} could not be found.` } });
  });

  it('accepts a live migration of the seeded active server at 2.34 and then reports it migrating until reset', async () => {
    const id = serverId('active');
    expect((await migrateLive(nova, id, '2.34', { host: 'compute-02', block_migration: 'auto' })).status).toBe(202);
    const again = await migrateLive(nova, id, '2.34', { host: 'compute-02', block_migration: 'auto' });
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text).conflictingRequest.message).toBe(`Cannot 'os-migrateLive' instance ${id} while it is in task_state migrating`);
    expect((await control(nova, `servers/${id}/reset`)).status).toBe(204);
    expect((await migrateLive(nova, id, '2.34', { host: 'compute-02', block_migration: 'auto' })).status).toBe(202);
    expect((await control(nova, 'reset')).status).toBe(204);
  });

  it('rejects an unknown destination host with Nova\'s own message', async () => {
    const result = await migrateLive(nova, serverId('active'), '2.68', { host: 'compute-99', block_migration: 'auto' });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text).badRequest.message).toBe('Compute host compute-99 could not be found.');
  });

  it('seeds every template state: stopped and never-launched servers are refused with the right 409 text', async () => {
    const stopped = await migrateLive(nova, serverId('shutoff'), '2.68', { host: null, block_migration: 'auto' });
    expect(JSON.parse(stopped.text).conflictingRequest.message).toBe(`Cannot 'os-migrateLive' instance ${serverId('shutoff')} while it is in vm_state stopped`);
    const never = await migrateLive(nova, serverId('never-launched'), '2.68', { host: null, block_migration: 'auto' });
    expect(JSON.parse(never.text).conflictingRequest.message).toBe(`Instance ${serverId('never-launched')} is in an invalid state for 'os-migrateLive'`);
  });

  it('lists the running live migration of the migrating template at 2.23', async () => {
    const response = await fetch(`${nova.url}v2.1/servers/${serverId('migrating')}/migrations`, {
      headers: { 'x-auth-token': ADMIN, 'x-openstack-nova-api-version': '2.23' },
    });
    const body = (await response.json()) as { migrations: Array<{ status: string; dest_compute: string }> };
    expect(response.status).toBe(200);
    expect(body.migrations).toHaveLength(1);
    expect(body.migrations[0]).toMatchObject({ status: 'running', dest_compute: 'compute-02' });
  });

  it('creates a fresh server from a template through the control API, and refuses unknown templates', async () => {
    const created = await control(nova, 'servers', { template: 'paused' });
    expect(created.status).toBe(201);
    const { server } = JSON.parse(created.text) as { server: { id: string; host: string } };
    expect(server.host).toBe('compute-01');
    const result = await migrateLive(nova, server.id, '2.25', { host: null, block_migration: true, disk_over_commit: false });
    expect(result.status).toBe(400); // disk_over_commit is gone at 2.25: the server exists, the schema says no
    expect((await control(nova, 'servers', { template: 'no-such-template' })).status).toBe(400);
  });

  it('serves as a provider the targets with Zed\'s behaviour and range only, with noauth2 tokens for the world project', async () => {
    // The provider reads only url and novaVersion of a running instance it is handed (and never closes it).
    await using provider = new RealNovaProvider({ releases: 'zed', running: { ...nova, close: async () => {} } });
    const endpoint = await provider.endpointFor(resolveTarget('zed'));
    expect(endpoint.computeUrl).toBe(`${nova.url}v2.1`);
    expect((await provider.endpointFor(resolveTarget('mv-2.93'))).computeUrl).toBe(`${nova.url}v2.1`);
    expect(provider.description).toContain('26.2.2');
    expect(provider.token('member')).toBe(`member:${PROJECT}`);
    const fresh = await provider.createServer(endpoint, 'active');
    expect(fresh.host).toBe('compute-01');
    await expect(provider.endpointFor(resolveTarget('epoxy'))).rejects.toMatchObject({ code: ERROR_CODES.PROVIDER });
    await expect(provider.endpointFor(resolveTarget('zed@2.60'))).rejects.toMatchObject({ code: ERROR_CODES.PROVIDER });
    await expect(provider.endpointFor(resolveTarget('mitaka'))).rejects.toMatchObject({ hint: expect.stringContaining('Debian ships no real Nova Mitaka') });
  });

  it('answers the control API like the emulator: the world dump, the clock, and Nova-shaped faults', async () => {
    const world = (await (await fetch(`${nova.url}_mvmatrix/world`)).json()) as { target: { release: string; maxMicroversion: string }; servers: Array<{ id: string; vmState: string; template: string }> };
    expect(world.target).toMatchObject({ release: 'zed', maxMicroversion: '2.93' });
    expect(world.servers.find((s) => s.id === serverId('shutoff'))).toMatchObject({ template: 'shutoff', vmState: 'stopped' });
    expect((await fetch(`${nova.url}_mvmatrix/clock`)).status).toBe(200);
    const moved = await control(nova, 'clock', { advance: 60 });
    expect(moved.status).toBe(400);
    expect(JSON.parse(moved.text).badRequest.message).toContain('cannot be moved');
    const unknown = await control(nova, 'no-such-route');
    expect(JSON.parse(unknown.text)).toEqual({ itemNotFound: { code: 404, message: 'The resource could not be found.' } });
  });
});

describe.skipIf(skip !== undefined)('real Nova lifecycle', () => {
  it('stops the whole process group on close and leaves no process behind', async () => {
    const nova = await startRealNova();
    const pid = nova.pid;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await nova.close();
    expect(() => process.kill(-pid, 0)).toThrow();
  });
});

// The compiled launcher (npm test builds first); a child Node process runs it so the test can kill it hard.
const DIST_LAUNCHER = new URL('../../dist/providers/real-nova/launcher.js', import.meta.url);

describe.skipIf(skip !== undefined || !existsSync(DIST_LAUNCHER))('real Nova after its launcher dies', () => {
  it('exits by itself once the launching process is killed with SIGKILL', async () => {
    const script = `const { startRealNova } = await import(${JSON.stringify(DIST_LAUNCHER.href)}); const n = await startRealNova(); console.log(n.pid); setInterval(() => {}, 1000);`;
    const launcher = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => launcher.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    expect(() => process.kill(pid, 0)).not.toThrow();
    launcher.kill('SIGKILL');
    // Waits for the harness to notice and exit, however long a loaded machine takes; the
    // tier's hang guard ends the test if it never does (and the finally kills it then).
    let alive = true;
    try {
      while (alive) {
        await new Promise((r) => setTimeout(r, 250));
        try {
          process.kill(pid, 0);
        } catch {
          alive = false;
        }
      }
    } finally {
      if (alive) process.kill(-pid, 'SIGKILL'); // never leave it behind, even when failing
    }
    expect(alive).toBe(false);
  });
});

describe.skipIf(skip !== undefined)('real Nova warm scratch directory', () => {
  it('keeps a given scratch directory and starts again from its cached schemas with a freshly seeded world', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvmatrix-real-nova-warm-'));
    try {
      const first = await startRealNova({ scratchDir: dir });
      expect((await migrateLive(first, serverId('active'), '2.34', { host: null, block_migration: 'auto' })).status).toBe(202);
      await first.close();
      expect(existsSync(join(dir, 'template', 'schema-v1'))).toBe(true);
      expect(readFileSync(join(dir, 'api-paste.ini'), 'utf8')).toContain('[composite:openstack_compute_api_v21]'); // nova-common's own file
      await using second = await startRealNova({ scratchDir: dir });
      // The world is seeded anew: the server migrated by the first run is active again.
      expect((await migrateLive(second, serverId('active'), '2.34', { host: null, block_migration: 'auto' })).status).toBe(202);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('real Nova prerequisites', () => {
  it('never skips in CI, where a missing python3-nova must fail the suite', async () => {
    expect(await realNovaSkipReason({ CI: 'true' })).toBeUndefined();
  });

  it('reports a missing interpreter as a PREREQUISITE error that names the install script', async () => {
    const error = await startRealNova({ python: '/nonexistent/python3' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MvmError);
    expect((error as MvmError).code).toBe(ERROR_CODES.PREREQUISITE);
    expect((error as MvmError).hint).toContain('scripts/install-real-nova.sh');
  });
});

