import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/nova/emulator.js';
import { resolveTarget } from '../../../src/nova/target.js';
import { MAX_MIGRATION_RECORDS } from '../../../src/nova/state.js';
import { DEFAULT_WORLD } from '../../../src/nova/world.js';
import { EmulatorClient, SERVERS } from './routes/emulator-client.js';

describe('emulator control API', () => {
  it('creates fresh servers from templates with new deterministic ids', () => {
    const c = new EmulatorClient('zed');
    const r = c.post('/_mvmatrix/servers', { template: 'paused' });
    expect(r.status).toBe(201);
    expect(r.json()).toEqual({ server: { id: 'f5e00000-0000-4000-8000-000000000001', host: 'compute-01', name: 'paused-1' } });
    expect(c.fresh('paused')).toBe('f5e00000-0000-4000-8000-000000000002');
    expect(c.server(r.json().server.id).status).toBe('PAUSED');
  });

  it('answers an unknown template with 400 listing the known ones', () => {
    const r = new EmulatorClient('zed').post('/_mvmatrix/servers', { template: 'nope' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('never-launched');
  });

  it('advances the target clock and reports it', () => {
    const c = new EmulatorClient('zed');
    const r = c.post('/_mvmatrix/clock', { advance: 90 });
    expect(r.json()).toEqual({ now: '2026-01-01T00:01:30.000Z' });
    expect(c.post('/_mvmatrix/clock', { advance: -1 }).status).toBe(400);
  });

  it('settles one server\'s live migrations to completed without moving the clock or other servers', () => {
    const c = new EmulatorClient('zed');
    const moving = c.fresh('active');
    expect(c.liveMigrate(moving, { host: 'compute-02', block_migration: 'auto' }, { version: '2.68' }).status).toBe(202);
    const other = c.fresh('migrating');
    const r = c.post('/_mvmatrix/migrations/settle', { server: moving });
    expect(r.status).toBe(200);
    expect(r.json().migrations).toEqual([{ id: expect.any(Number), server: moving, status: 'completed' }]);
    expect(c.server(moving)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'compute-02' });
    expect(c.server(other).status).toBe('MIGRATING');
    expect(c.get('/_mvmatrix/clock').json()).toEqual({ now: '2026-01-01T00:00:00.000Z' });
  });

  it('settles every server when no server is named, and rejects an unknown one', () => {
    const c = new EmulatorClient('zed');
    const r = c.post('/_mvmatrix/migrations/settle', {});
    expect(r.json().migrations).toEqual([{ id: 1, server: SERVERS.migrating, status: 'completed' }]);
    expect(c.server(SERVERS.migrating).status).toBe('ACTIVE');
    expect(c.post('/_mvmatrix/migrations/settle', { server: '0badc0de-dead-4bad-8bad-000000000404' }).status).toBe(404);
    expect(c.post('/_mvmatrix/migrations/settle', { server: 7 }).status).toBe(400);
  });

  it('resets one target to the world definition with 204', () => {
    const c = new EmulatorClient('zed');
    c.liveMigrate(SERVERS.active, { host: null, block_migration: 'auto' }, { version: '2.30' });
    const fresh = c.fresh('active');
    expect(c.post('/_mvmatrix/reset', undefined).status).toBe(204);
    expect(c.server(SERVERS.active).status).toBe('ACTIVE');
    expect(c.get(`/v2.1/servers/${fresh}`).status).toBe(404);
  });

  it('dumps the world with servers, migrations and the clock', () => {
    const dump = new EmulatorClient('zed@2.60').get('/_mvmatrix/world').json();
    expect(dump.target).toEqual({ id: 'zed@2.60', release: 'zed', maxMicroversion: '2.60' });
    expect(dump.servers).toHaveLength(9);
    expect(dump.migrations[0]).toMatchObject({ id: 1, status: 'running', type: 'live-migration' });
    expect(dump.hosts.map((h: { name: string }) => h.name)).toEqual(['compute-01', 'compute-02', 'compute-03', 'compute-04']);
  });

  it('keeps targets apart and creates their state lazily', () => {
    const emulator = createEmulator();
    const zed = new EmulatorClient('zed', emulator);
    const mitaka = new EmulatorClient('mitaka', emulator);
    expect(emulator.targetCount).toBe(0);
    zed.liveMigrate(SERVERS.active, { host: null, block_migration: 'auto' }, { version: '2.30' });
    expect(zed.server(SERVERS.active).status).toBe('MIGRATING');
    expect(mitaka.server(SERVERS.active, '2.1').status).toBe('ACTIVE');
    expect(emulator.targetCount).toBe(2);
  });

  it('states its limits on the control API, and keeps exactly the cap of fresh servers', () => {
    const emulator = createEmulator({ world: { ...DEFAULT_WORLD, maxFreshServers: 3 } });
    const c = new EmulatorClient('zed', emulator);
    expect(c.get('/_mvmatrix/limits').json()).toEqual({ maxFreshServers: 3, maxMigrationRecords: 6, maxRequestBodyBytes: 114688 });
    const ids = [1, 2, 3].map(() => c.fresh('active'));
    expect(ids.map((id) => c.get(`/v2.1/servers/${id}`).status)).toEqual([200, 200, 200]); // at the cap: all kept
    c.fresh('active');
    expect(c.get(`/v2.1/servers/${ids[0]}`).status).toBe(404); // one past: the oldest goes
  });

  it('caps fresh servers per target, dropping the oldest and its migrations', () => {
    const emulator = createEmulator({ world: { ...DEFAULT_WORLD, maxFreshServers: 3 } });
    const c = new EmulatorClient('zed', emulator);
    const ids = [1, 2, 3, 4].map(() => c.fresh('migrating'));
    expect(c.get(`/v2.1/servers/${ids[0]}`).status).toBe(404);
    expect(c.get(`/v2.1/servers/${ids[3]}`).status).toBe(200);
    const state = emulator.stateOf(resolveTarget('zed'));
    expect(state.servers.size).toBe(9 + 3);
    expect(state.migrations.size).toBe(1 + 3);
  });
});

describe('emulator memory bounds', () => {
  it('caps migration records at twice maxFreshServers, dropping superseded finished ones first', () => {
    const emulator = createEmulator({ world: { ...DEFAULT_WORLD, maxFreshServers: 2 } });
    const c = new EmulatorClient('zed', emulator);
    for (let i = 0; i < 6; i++) {
      expect(c.liveMigrate(SERVERS.active, { host: null, block_migration: 'auto' }, { version: '2.80' }).status).toBe(202);
      c.advance(30);
    }
    const state = emulator.stateOf(resolveTarget('zed'));
    expect(state.migrations.size).toBe(4);
    // Record 1 (the world's `migrating` server) is that server's newest: a client may still read it back.
    expect(state.migrations.has(1)).toBe(true);
    expect(state.servers.get(SERVERS.active)!.migrationIds).toEqual([5, 6, 7]);
  });

  it('keeps every server\'s newest record (what a client reads back after a 202), at most MAX_MIGRATION_RECORDS older ones, and never one in progress', () => {
    const emulator = createEmulator();
    const c = new EmulatorClient('zed', emulator);
    const state = emulator.stateOf(resolveTarget('zed'));
    const migrateFresh = (count: number): string[] => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = c.fresh('active');
        expect(c.liveMigrate(id, { host: null, block_migration: 'auto' }, { version: '2.80' }).status).toBe(202);
        ids.push(id);
      }
      return ids;
    };
    const fresh = migrateFresh(MAX_MIGRATION_RECORDS + 50);
    c.advance(40); // every one of them completes
    // Past the record cap, yet each is its server's newest: all kept, the last as well as the first.
    expect(state.migrations.size).toBe(MAX_MIGRATION_RECORDS + 50 + 1);
    expect(state.servers.get(fresh[0]!)!.migrationIds).toHaveLength(1);
    // Migrating one server over and over: only its superseded records are dropped.
    for (let i = 0; i < 30; i++) {
      expect(c.liveMigrate(SERVERS.active, { host: null, block_migration: 'auto' }, { version: '2.80' }).status).toBe(202);
      c.advance(40);
    }
    expect(state.migrations.size).toBe(MAX_MIGRATION_RECORDS + 50 + 2);
    expect(state.servers.get(SERVERS.active)!.migrationIds).toHaveLength(1);
    expect(c.liveMigrate(SERVERS.active, { host: null, block_migration: 'auto' }, { version: '2.80' }).status).toBe(202);
    const running = [...state.inProgress][0]!;
    migrateFresh(100); // in progress too
    expect(state.migrations.get(running.id)).toBe(running);
    expect(state.inProgress.size).toBe(101);
  });
});
