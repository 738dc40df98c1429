import { describe, expect, it } from 'vitest';
import { classifyCell, type CellExchange, type ClassifyInput } from '../../../src/matrix/classify.js';
import type { Scenario } from '../../../src/matrix/definition.js';
import { needsMigrationReadBack, newestLiveMigration } from '../../../src/matrix/migration-outcome.js';
import { interpretMigrateLive } from '../../../src/nova/live-migration.js';
import { resolveTarget } from '../../../src/nova/target.js';

const zed = resolveTarget('zed');
const BODY = { host: 'compute-03', block_migration: 'auto' };

function accepted(version: string): Extract<CellExchange, { kind: 'response' }> {
  const vh = { 'x-openstack-nova-api-version': version, 'openstack-api-version': `compute ${version}` };
  return {
    kind: 'response',
    request: { method: 'POST', path: '/@zed/v2.1/servers/abc/action', headers: { 'content-type': 'application/json', ...vh }, body: { 'os-migrateLive': BODY } },
    response: { status: 202, headers: vh, body: null },
  };
}

function scenario(expectAsyncError: boolean): Scenario {
  return {
    id: 's',
    title: 's',
    intent: { host: 'named', blockMigration: 'auto', diskOverCommit: false },
    world: { server: 'active', destination: expectAsyncError ? 'pre-checks-fail' : 'healthy', caller: 'admin' },
    expect: expectAsyncError ? { error: { status: [400], async: true } } : {},
  };
}

function classify(expectAsyncError: boolean, version: string, migration?: ClassifyInput['migration']) {
  return classifyCell(
    {
      profile: 'novaclient@latest',
      scenario: scenario(expectAsyncError),
      target: zed,
      host: 'compute-03',
      exchange: accepted(version),
      ...(migration === undefined ? {} : { migration }),
    },
    interpretMigrateLive,
  );
}

describe('reading the migration record back after a 202 (2.34 made pre-checks asynchronous)', () => {
  it('reads it back only for accepted requests at 2.34 or later', () => {
    const at = (v: string, status = 202) => {
      const e = accepted(v);
      return needsMigrationReadBack(e.request, { ...e.response, status }, zed);
    };
    expect(at('2.33')).toBe(false);
    expect(at('2.34')).toBe(true);
    expect(at('2.93')).toBe(true);
    expect(at('2.34', 400)).toBe(false);
  });

  it("picks the server's newest live migration from /os-migrations", () => {
    const body = JSON.stringify({
      migrations: [
        { id: 3, instance_uuid: 'abc', migration_type: 'live-migration', status: 'completed' },
        { id: 9, instance_uuid: 'abc', migration_type: 'live-migration', status: 'error' },
        { id: 12, instance_uuid: 'abc', migration_type: 'migration', status: 'finished' },
        { id: 14, instance_uuid: 'other', migration_type: 'live-migration', status: 'queued' },
      ],
    });
    expect(newestLiveMigration(body, 'abc')).toEqual({ id: 9, status: 'error' });
    expect(newestLiveMigration('{"migrations": []}', 'abc')).toBeNull();
    expect(newestLiveMigration('not json', 'abc')).toBeNull();
  });

  it('confirms an expected asynchronous failure only when the record is in error', () => {
    const c = classify(true, '2.34', { id: 7, status: 'error' });
    expect(c.outcome).toBe('expected-error');
    expect(c.explanation).toContain('migration 7 then ended in error');
  });

  it('calls it drift when the migration proceeds although the scenario expects a failure', () => {
    const c = classify(true, '2.34', { id: 7, status: 'queued' });
    expect(c.outcome).toBe('drift');
    expect(c.explanation).toContain('migration 7 is queued');
  });

  it('says so when no record could be read', () => {
    expect(classify(true, '2.34', null).explanation).toContain('not verified');
    expect(classify(true, '2.34').explanation).toContain('not verified');
  });

  it('rejects a positive cell whose migration failed after the 202', () => {
    const c = classify(false, '2.68', { id: 4, status: 'error' });
    expect(c.outcome).toBe('rejected');
    expect(c.explanation).toContain('pre-checks failed after the 202');
    expect(classify(false, '2.68', { id: 4, status: 'queued' }).outcome).not.toBe('rejected');
  });

  it('ignores a record below 2.34, where failures are synchronous', () => {
    expect(classify(false, '2.33', { id: 4, status: 'error' }).outcome).not.toBe('rejected');
  });
});
