import { describe, expect, it } from 'vitest';
import { EmulatorClient, MEMBER, SERVERS, faultMessage } from './emulator-client.js';

/** A fresh server with a live migration started at `version`; returns ids. */
function migrating(c: EmulatorClient, version = '2.80'): { id: string; mid: number } {
  const id = c.fresh('active');
  expect(c.liveMigrate(id, { host: null, block_migration: 'auto' }, { version }).status).toBe(202);
  const list = c.get('/v2.1/os-migrations', { version: '2.80', query: `instance_uuid=${id}` }).json().migrations;
  return { id, mid: list[0].id as number };
}

describe('GET /servers/{id}/migrations[/{mid}]', () => {
  it('does not exist below 2.23 (404 The resource could not be found. with version headers)', () => {
    const r = new EmulatorClient('zed').get(`/v2.1/servers/${SERVERS.migrating}/migrations`, { version: '2.22' });
    expect(r.status).toBe(404);
    expect(faultMessage(r)).toBe('The resource could not be found.');
    expect(r.header('OpenStack-API-Version')).toBe('compute 2.22');
  });

  it('lists in-progress live migrations with the 2.23 field set (no uuid, no user_id)', () => {
    const c = new EmulatorClient('zed');
    const r = c.get(`/v2.1/servers/${SERVERS.migrating}/migrations`, { version: '2.23' });
    expect(r.status).toBe(200);
    const [m] = r.json().migrations;
    expect(Object.keys(m).sort()).toEqual([
      'created_at', 'dest_compute', 'dest_host', 'dest_node', 'disk_processed_bytes', 'disk_remaining_bytes', 'disk_total_bytes', 'id',
      'memory_processed_bytes', 'memory_remaining_bytes', 'memory_total_bytes', 'server_uuid', 'source_compute', 'source_node', 'status', 'updated_at',
    ]);
    expect(m).toMatchObject({ status: 'running', server_uuid: SERVERS.migrating, dest_compute: 'compute-02', dest_node: 'compute-02.local', dest_host: null, created_at: '2026-01-01T00:00:00.000000' });
    expect(m.memory_processed_bytes + m.memory_remaining_bytes).toBe(m.memory_total_bytes);
  });

  it('adds uuid at 2.59 and user_id/project_id at 2.80', () => {
    const c = new EmulatorClient('zed');
    expect(c.get(`/v2.1/servers/${SERVERS.migrating}/migrations`, { version: '2.58' }).json().migrations[0].uuid).toBeUndefined();
    expect(c.get(`/v2.1/servers/${SERVERS.migrating}/migrations`, { version: '2.59' }).json().migrations[0].uuid).toMatch(/^[0-9a-f-]{36}$/);
    const m = c.get(`/v2.1/servers/${SERVERS.migrating}/migrations/1`, { version: '2.80' }).json().migration;
    expect(m).toMatchObject({ id: 1, user_id: 'member', project_id: '6f70656e737461636b20726f636b7321' });
  });

  it('answers show for unknown, non-live and finished migrations with the three 404 texts', () => {
    const c = new EmulatorClient('zed');
    expect(faultMessage(c.get(`/v2.1/servers/${SERVERS.migrating}/migrations/999`, { version: '2.23' }))).toBe(
      `In-progress live migration 999 is not found for server ${SERVERS.migrating}.`,
    );
    const cold = c.fresh('active');
    c.action(cold, { migrate: null }, { version: '2.23' });
    const coldId = c.get('/v2.1/os-migrations', { version: '2.23', query: `instance_uuid=${cold}` }).json().migrations[0].id;
    expect(faultMessage(c.get(`/v2.1/servers/${cold}/migrations/${coldId}`, { version: '2.23' }))).toBe(`Migration ${coldId} for server ${cold} is not live-migration.`);
    c.advance(100);
    expect(faultMessage(c.get(`/v2.1/servers/${SERVERS.migrating}/migrations/1`, { version: '2.23' }))).toBe(`Live migration 1 for server ${SERVERS.migrating} is not in progress.`);
  });

  it('rejects any query parameter from 2.102 and accepts them before', () => {
    const c = new EmulatorClient('gazpacho');
    expect(c.get(`/v2.1/servers/${SERVERS.migrating}/migrations`, { version: '2.101', query: 'foo=1' }).status).toBe(200);
    const r = c.get(`/v2.1/servers/${SERVERS.migrating}/migrations`, { version: '2.102', query: 'foo=1' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe("Additional properties are not allowed ('foo' was unexpected)");
  });

  it('denies non-admins with the servers:migrations rules after the 404 check', () => {
    const c = new EmulatorClient('zed');
    expect(faultMessage(c.get(`/v2.1/servers/${SERVERS.migrating}/migrations`, { version: '2.23', token: MEMBER }))).toBe(
      "Policy doesn't allow os_compute_api:servers:migrations:index to be performed.",
    );
    expect(c.get('/v2.1/servers/00000000-0000-4000-8000-00000000dead/migrations', { version: '2.23', token: MEMBER }).status).toBe(404);
  });
});

describe('force complete (POST /servers/{id}/migrations/{mid}/action)', () => {
  it('does not exist below 2.22', () => {
    const r = new EmulatorClient('zed').post(`/v2.1/servers/${SERVERS.migrating}/migrations/1/action`, { force_complete: null }, { version: '2.21' });
    expect(r.status).toBe(404);
  });

  it('completes a running migration at 2.22 and moves the server', () => {
    const c = new EmulatorClient('zed');
    const r = c.post(`/v2.1/servers/${SERVERS.migrating}/migrations/1/action`, { force_complete: null }, { version: '2.22' });
    expect(r.status).toBe(202);
    expect(r.body).toBe('');
    expect(c.server(SERVERS.migrating)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'compute-02' });
  });

  it('rejects a body other than {"force_complete": null}', () => {
    const r = new EmulatorClient('zed').post(`/v2.1/servers/${SERVERS.migrating}/migrations/1/action`, { force_complete: {} }, { version: '2.22' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe('Invalid input for field/attribute force_complete. Value: {}. {} is not of type \'null\'');
  });

  it('answers a queued migration with 400 and the state text', () => {
    const c = new EmulatorClient('zed');
    const { id, mid } = migrating(c);
    const r = c.post(`/v2.1/servers/${id}/migrations/${mid}/action`, { force_complete: null }, { version: '2.22' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe(`Migration ${mid} state of instance ${id} is queued. Cannot force complete while the migration is in this state.`);
  });

  it('answers another server\'s migration with 400 not found for instance', () => {
    const c = new EmulatorClient('zed');
    const { id } = migrating(c);
    expect(faultMessage(c.post(`/v2.1/servers/${id}/migrations/1/action`, { force_complete: null }, { version: '2.22' }))).toBe(`Migration 1 not found for instance ${id}`);
  });

  it('answers a server that is not migrating with the generic 409', () => {
    const r = new EmulatorClient('zed').post(`/v2.1/servers/${SERVERS.active}/migrations/1/action`, { force_complete: null }, { version: '2.22' });
    expect(r.status).toBe(409);
    expect(faultMessage(r)).toBe(`Instance ${SERVERS.active} is in an invalid state for 'force_complete'`);
  });
});

describe('abort (DELETE /servers/{id}/migrations/{mid})', () => {
  it('does not exist below 2.24', () => {
    const r = new EmulatorClient('zed').delete(`/v2.1/servers/${SERVERS.migrating}/migrations/1`, { version: '2.23' });
    expect(r.status).toBe(404);
    expect(faultMessage(r)).toBe('The resource could not be found.');
  });

  it('aborts a running migration at 2.24: cancelled, server stays on its source', () => {
    const c = new EmulatorClient('zed');
    expect(c.delete(`/v2.1/servers/${SERVERS.migrating}/migrations/1`, { version: '2.24' }).status).toBe(202);
    expect(c.server(SERVERS.migrating)).toMatchObject({ status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': 'compute-01' });
    expect(c.get('/v2.1/os-migrations', { version: '2.24', query: `instance_uuid=${SERVERS.migrating}` }).json().migrations[0].status).toBe('cancelled');
  });

  it('refuses a queued migration before 2.65 and aborts it from 2.65', () => {
    const c = new EmulatorClient('zed');
    const { id, mid } = migrating(c);
    const early = c.delete(`/v2.1/servers/${id}/migrations/${mid}`, { version: '2.64' });
    expect(early.status).toBe(400);
    expect(faultMessage(early)).toBe(`Migration ${mid} state of instance ${id} is queued. Cannot abort live migration while the migration is in this state.`);
    expect(c.delete(`/v2.1/servers/${id}/migrations/${mid}`, { version: '2.65' }).status).toBe(202);
  });

  it('answers an unknown migration of a migrating server with 404', () => {
    const r = new EmulatorClient('zed').delete(`/v2.1/servers/${SERVERS.migrating}/migrations/77`, { version: '2.24' });
    expect(r.status).toBe(404);
    expect(faultMessage(r)).toBe(`Migration 77 not found for instance ${SERVERS.migrating}`);
  });

  it('answers a server that is not migrating with the generic 409', () => {
    const r = new EmulatorClient('zed').delete(`/v2.1/servers/${SERVERS.active}/migrations/1`, { version: '2.24' });
    expect(r.status).toBe(409);
    expect(faultMessage(r)).toBe(`Instance ${SERVERS.active} is in an invalid state for 'abort live migration'`);
  });
});
