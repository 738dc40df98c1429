import { describe, expect, it } from 'vitest';
import { EmulatorClient, MEMBER, SERVERS, faultMessage } from './routes/emulator-client.js';

describe('os-migrateLive in the emulator', () => {
  it('accepts with 202, empty body, Content-Length 0 and the effective version headers', () => {
    const c = new EmulatorClient('zed');
    const r = c.liveMigrate(SERVERS.active, { host: null, block_migration: 'auto' }, { version: '2.80' });
    expect(r.status).toBe(202);
    expect(r.body).toBe('');
    expect(r.header('Content-Length')).toBe('0');
    expect(r.header('Content-Type')).toBe('application/json');
    expect(r.header('OpenStack-API-Version')).toBe('compute 2.80');
  });

  it('moves the server through MIGRATING and the record through queued → preparing → running → completed on the clock', () => {
    const c = new EmulatorClient('zed');
    const id = c.fresh('active');
    expect(c.liveMigrate(id, { host: 'compute-02', block_migration: 'auto' }, { version: '2.80' }).status).toBe(202);
    const server = c.server(id);
    expect(server.status).toBe('MIGRATING');
    expect(server['OS-EXT-STS:task_state']).toBe('migrating');
    const statusNow = () => c.get('/v2.1/os-migrations', { version: '2.80', query: `instance_uuid=${id}` }).json().migrations[0];
    expect(statusNow()).toMatchObject({ status: 'queued', migration_type: 'live-migration', source_compute: 'compute-01', dest_compute: 'compute-02', user_id: 'admin' });
    c.advance(10);
    expect(statusNow().status).toBe('preparing');
    c.advance(10);
    expect(statusNow().status).toBe('running');
    c.advance(9);
    expect(c.server(id).status).toBe('MIGRATING');
    c.advance(1);
    expect(statusNow().status).toBe('completed');
    const done = c.server(id);
    expect(done.status).toBe('ACTIVE');
    expect(done['OS-EXT-STS:task_state']).toBeNull();
    expect(done['OS-EXT-SRV-ATTR:host']).toBe('compute-02');
  });

  it('from 2.34 answers 202 for a failing pre-check and leaves an error record with task_state back to None', () => {
    const c = new EmulatorClient('zed');
    const id = c.fresh('active');
    expect(c.liveMigrate(id, { host: 'compute-03', block_migration: 'auto', force: true }, { version: '2.34' }).status).toBe(202);
    const migration = c.get('/v2.1/os-migrations', { version: '2.34', query: `instance_uuid=${id}` }).json().migrations[0];
    expect(migration.status).toBe('error');
    expect(c.server(id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': null, 'OS-EXT-SRV-ATTR:host': 'compute-01' });
  });

  it('below 2.34 answers a failing forced pre-check with 400 and still records the failed migration', () => {
    const c = new EmulatorClient('zed');
    const id = c.fresh('active');
    const r = c.liveMigrate(id, { host: 'compute-03', block_migration: false, force: true }, { version: '2.30' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toMatch(/^Migration pre-check error: /);
    expect(c.get('/v2.1/os-migrations', { version: '2.30', query: `instance_uuid=${id}` }).json().migrations[0].status).toBe('error');
    expect(c.server(id)['OS-EXT-STS:task_state']).toBeNull();
  });

  it('answers 404 before the policy check, and 403 with the rule name for non-admins', () => {
    const c = new EmulatorClient('zed');
    const missing = c.liveMigrate('00000000-0000-4000-8000-00000000dead', { host: null, block_migration: 'auto' }, { version: '2.30', token: MEMBER });
    expect(missing.status).toBe(404);
    const denied = c.liveMigrate(SERVERS.active, { host: 'compute-02', block_migration: 'auto' }, { version: '2.30', token: MEMBER });
    expect(denied.status).toBe(403);
    expect(faultMessage(denied)).toBe("Policy doesn't allow os_compute_api:os-migrate-server:migrate_live to be performed.");
  });

  it('checks the separate migrate_live:host rule on Flamingo (2025.2) when a host is given', () => {
    const r = new EmulatorClient('flamingo').liveMigrate(SERVERS.active, { host: 'compute-02', block_migration: 'auto' }, { version: '2.80', token: MEMBER });
    expect(faultMessage(r)).toBe("Policy doesn't allow os_compute_api:os-migrate-server:migrate_live:host to be performed.");
  });

  it('answers the 2.30 force-without-host body (Horizon AUTO_SCHEDULE + Disk Over Commit) with 400', () => {
    const r = new EmulatorClient('zed').liveMigrate(SERVERS.active, { host: null, block_migration: false, force: true }, { version: '2.30' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe("Can't force to a non-provided destination");
  });

  it('answers a server in the wrong state with 409 texts', () => {
    const c = new EmulatorClient('zed');
    const shutoff = c.liveMigrate(SERVERS.shutoff, { host: null, block_migration: 'auto' }, { version: '2.30' });
    expect(shutoff.status).toBe(409);
    expect(faultMessage(shutoff)).toBe(`Cannot 'os-migrateLive' instance ${SERVERS.shutoff} while it is in vm_state stopped`);
    expect(faultMessage(c.liveMigrate(SERVERS.migrating, { host: null, block_migration: 'auto' }, { version: '2.30' }))).toBe(
      `Cannot 'os-migrateLive' instance ${SERVERS.migrating} while it is in task_state migrating`,
    );
    expect(faultMessage(c.liveMigrate(SERVERS.neverLaunched, { host: null, block_migration: 'auto' }, { version: '2.30' }))).toBe(
      `Instance ${SERVERS.neverLaunched} is in an invalid state for 'os-migrateLive'`,
    );
  });

  it('answers an unknown host with 400 Compute host could not be found', () => {
    const r = new EmulatorClient('zed').liveMigrate(SERVERS.active, { host: 'compute-99', block_migration: 'auto' }, { version: '2.30' });
    expect(faultMessage(r)).toBe('Compute host compute-99 could not be found.');
  });

  it('answers a schema violation at the microversion with the validation message', () => {
    const r = new EmulatorClient('zed').liveMigrate(SERVERS.active, { host: null, block_migration: false, disk_over_commit: false }, { version: '2.25' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toContain("Additional properties are not allowed ('disk_over_commit' was unexpected)");
  });

  it('migrates a paused server too (MIGRATING while in progress)', () => {
    const c = new EmulatorClient('zed');
    const id = c.fresh('paused');
    expect(c.liveMigrate(id, { host: null, block_migration: 'auto' }, { version: '2.68' }).status).toBe(202);
    expect(c.server(id).status).toBe('MIGRATING');
  });
});

describe('cold migrate in the emulator', () => {
  it('ignores a host below 2.56 and ends in VERIFY_RESIZE on another host', () => {
    const c = new EmulatorClient('zed');
    const id = c.fresh('active');
    expect(c.action(id, { migrate: { host: 'compute-99' } }, { version: '2.55' }).status).toBe(202);
    expect(c.server(id)).toMatchObject({ status: 'VERIFY_RESIZE', 'OS-EXT-SRV-ATTR:host': 'compute-02' });
  });

  it('validates and honours the host from 2.56', () => {
    const c = new EmulatorClient('zed');
    const bad = c.action(c.fresh('active'), { migrate: { host: 'compute-02', extra: 1 } }, { version: '2.56' });
    expect(bad.status).toBe(400);
    expect(faultMessage(bad)).toContain("Additional properties are not allowed ('extra' was unexpected)");
    expect(faultMessage(c.action(c.fresh('active'), { migrate: { host: 'compute-99' } }, { version: '2.56' }))).toBe('Compute host compute-99 could not be found.');
    expect(faultMessage(c.action(c.fresh('active'), { migrate: { host: 'compute-01' } }, { version: '2.56' }))).toBe('Cannot migrate to the host where the server exists.');
    const id = c.fresh('shutoff');
    expect(c.action(id, { migrate: { host: 'compute-03' } }, { version: '2.56' }).status).toBe(202);
    expect(c.server(id)['OS-EXT-SRV-ATTR:host']).toBe('compute-03');
  });

  it('accepts a down destination with 202 (the conductor is cast) and leaves an error record', () => {
    const c = new EmulatorClient('zed');
    const id = c.fresh('active');
    expect(c.action(id, { migrate: { host: 'compute-04' } }, { version: '2.56' }).status).toBe(202);
    expect(c.server(id)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'compute-01' });
    expect(c.get('/v2.1/os-migrations', { version: '2.56', query: `instance_uuid=${id}` }).json().migrations[0]).toMatchObject({ status: 'error', migration_type: 'migration' });
  });

  it('answers 409 Service is unavailable when the source compute service is down', async () => {
    const { DEFAULT_WORLD } = await import('../../../src/nova/world.js');
    const { createEmulator } = await import('../../../src/nova/emulator.js');
    const world = { ...DEFAULT_WORLD, hosts: DEFAULT_WORLD.hosts.map((h) => (h.name === 'compute-01' ? { ...h, serviceState: 'down' as const } : h)) };
    const c = new EmulatorClient('zed', createEmulator({ world }));
    const r = c.action(SERVERS.active, { migrate: null }, { version: '2.1' });
    expect(r.status).toBe(409);
    expect(faultMessage(r)).toBe('Service is unavailable at this time.');
  });

  it('rejects paused servers with 409 and non-admins with the migrate:host rule on Bobcat+', () => {
    const c = new EmulatorClient('bobcat');
    expect(faultMessage(c.action(SERVERS.paused, { migrate: null }, { version: '2.56' }))).toBe(`Cannot 'migrate' instance ${SERVERS.paused} while it is in vm_state paused`);
    expect(faultMessage(c.action(SERVERS.active, { migrate: { host: 'compute-02' } }, { version: '2.56', token: MEMBER }))).toBe(
      "Policy doesn't allow os_compute_api:os-migrate-server:migrate:host to be performed.",
    );
    expect(faultMessage(new EmulatorClient('zed').action(SERVERS.active, { migrate: { host: 'compute-02' } }, { version: '2.56', token: MEMBER }))).toBe(
      "Policy doesn't allow os_compute_api:os-migrate-server:migrate to be performed.",
    );
  });
});
