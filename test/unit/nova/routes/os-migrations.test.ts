import { describe, expect, it } from 'vitest';
import { EmulatorClient, MEMBER, PROJECT, SERVERS, faultMessage } from './emulator-client.js';

/** Four migrations one clock second apart: ids 1 (world, running), 2, 3, 4. */
function withFourMigrations(): EmulatorClient {
  const c = new EmulatorClient('ussuri');
  for (let i = 0; i < 3; i++) {
    c.advance(1);
    expect(c.liveMigrate(c.fresh('active'), { host: null, block_migration: 'auto' }, { version: '2.80' }).status).toBe(202);
  }
  return c;
}

describe('GET /os-migrations', () => {
  it('uses the 2.1 field set without migration_type, links or uuid', () => {
    const [m] = new EmulatorClient('zed').get('/v2.1/os-migrations').json().migrations;
    expect(Object.keys(m)).toEqual([
      'created_at', 'dest_compute', 'dest_host', 'dest_node', 'id', 'instance_uuid', 'new_instance_type_id', 'old_instance_type_id',
      'source_compute', 'source_node', 'status', 'updated_at',
    ]);
  });

  it('adds migration_type and links for in-progress live migrations at 2.23', () => {
    const c = new EmulatorClient('zed');
    const [m] = c.get(`/v2.1/${PROJECT}/os-migrations`, { version: '2.23' }).json().migrations;
    expect(m.migration_type).toBe('live-migration');
    expect(m.links).toEqual([
      { rel: 'self', href: `${c.origin}/v2.1/${PROJECT}/servers/${SERVERS.migrating}/migrations/1` },
      { rel: 'bookmark', href: `${c.origin}/${PROJECT}/servers/${SERVERS.migrating}/migrations/1` },
    ]);
    c.advance(60);
    expect(c.get('/v2.1/os-migrations', { version: '2.23' }).json().migrations[0].links).toBeUndefined();
  });

  it('sorts newest first and pages by uuid marker from 2.59', () => {
    const c = withFourMigrations();
    const all = c.get('/v2.1/os-migrations', { version: '2.59' }).json();
    expect(all.migrations.map((m: { id: number }) => m.id)).toEqual([4, 3, 2, 1]);
    expect(all.migrations_links).toBeUndefined();
    const first = c.get('/v2.1/os-migrations', { version: '2.59', query: 'limit=1' }).json();
    expect(first.migrations.map((m: { id: number }) => m.id)).toEqual([4]);
    expect(first.migrations_links).toEqual([{ rel: 'next', href: `${c.origin}/v2.1/os-migrations?limit=1&marker=${first.migrations[0].uuid}` }]);
    const next = c.get('/v2.1/os-migrations', { version: '2.59', query: `limit=2&marker=${first.migrations[0].uuid}` }).json();
    expect(next.migrations.map((m: { id: number }) => m.id)).toEqual([3, 2]);
  });

  it('answers an unknown marker with 400', () => {
    const r = new EmulatorClient('zed').get('/v2.1/os-migrations', { version: '2.59', query: 'marker=nope' });
    expect(r.status).toBe(400);
    expect(faultMessage(r)).toBe('Marker nope could not be found.');
  });

  it('rejects unknown and malformed query parameters from 2.59 with jsonschema texts', () => {
    const c = new EmulatorClient('zed');
    expect(c.get('/v2.1/os-migrations', { version: '2.58', query: 'foo=1&limit=abc' }).status).toBe(200);
    expect(faultMessage(c.get('/v2.1/os-migrations', { version: '2.59', query: 'zzz=1&aaa=2' }))).toBe("Additional properties are not allowed ('aaa', 'zzz' were unexpected)");
    expect(faultMessage(c.get('/v2.1/os-migrations', { version: '2.59', query: 'limit=abc' }))).toBe(
      "Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'",
    );
    expect(faultMessage(c.get('/v2.1/os-migrations', { version: '2.59', query: 'limit=1&limit=2' }))).toBe(
      "Invalid input for query parameters limit. Value: ['1', '2']. ['1', '2'] is too long",
    );
    expect(faultMessage(c.get('/v2.1/os-migrations', { version: '2.59', query: 'changes-since=bad' }))).toBe(
      "Invalid input for query parameters changes-since. Value: bad. 'bad' is not a 'date-time'",
    );
    expect(faultMessage(c.get('/v2.1/os-migrations', { version: '2.59', query: 'changes-before=2026-01-01T00:00:00' }))).toBe(
      "Additional properties are not allowed ('changes-before' was unexpected)",
    );
  });

  it('filters by changes-since (2.59) and changes-before (2.66) on updated_at', () => {
    const c = withFourMigrations();
    const ids = (query: string, version = '2.66') => c.get('/v2.1/os-migrations', { version, query }).json().migrations.map((m: { id: number }) => m.id);
    expect(ids('changes-since=2026-01-01T00:00:02', '2.59')).toEqual([4, 3]);
    expect(ids('changes-before=2026-01-01T00:00:01.000000')).toEqual([2, 1]);
    const r = c.get('/v2.1/os-migrations', { version: '2.66', query: 'changes-since=2026-01-02T00:00:00&changes-before=2026-01-01T00:00:00' });
    expect(faultMessage(r)).toBe('The value of changes-since must be less than or equal to changes-before.');
  });

  it('adds user_id/project_id and their filters at 2.80', () => {
    const c = withFourMigrations();
    const m = c.get('/v2.1/os-migrations', { version: '2.80' }).json().migrations[0];
    expect(m).toMatchObject({ user_id: 'admin', project_id: PROJECT });
    expect(c.get('/v2.1/os-migrations', { version: '2.80', query: 'user_id=nobody' }).json().migrations).toEqual([]);
    expect(faultMessage(c.get('/v2.1/os-migrations', { version: '2.79', query: 'user_id=nobody' }))).toBe("Additional properties are not allowed ('user_id' was unexpected)");
  });

  it('filters by host, status and migration_type before 2.59', () => {
    const c = withFourMigrations();
    expect(c.get('/v2.1/os-migrations', { query: 'host=compute-03' }).json().migrations).toEqual([]);
    expect(c.get('/v2.1/os-migrations', { query: 'status=running' }).json().migrations).toHaveLength(1);
    expect(c.get('/v2.1/os-migrations', { query: 'migration_type=migration' }).json().migrations).toEqual([]);
  });

  it('is admin-only (403 with the os-migrations:index rule)', () => {
    expect(faultMessage(new EmulatorClient('zed').get('/v2.1/os-migrations', { token: MEMBER }))).toBe(
      "Policy doesn't allow os_compute_api:os-migrations:index to be performed.",
    );
  });
});
