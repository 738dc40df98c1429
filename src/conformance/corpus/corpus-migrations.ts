/**
 * Corpus cases beyond os-migrateLive bodies: the server-migrations sub-resource (show,
 * force-complete, abort), cold `migrate`, and `/os-migrations` query validation. Pure.
 */
import type { CaseServer } from './case.js';
import { ACTION_PATH, JSON_CT, show, styleHeaders, type Builder, type CorpusWorld } from './corpus-builder.js';

/** An id no migration has, for paths that must not find one. */
const NO_SUCH_MIGRATION = '424242';

/** Show, force-complete and abort a live migration (2.22–2.24 and the 2.65 abort change). */
export function addServerMigrationCases(b: Builder, world: CorpusWorld, missing: CaseServer, max: string): void {
  const migrating: CaseServer = { kind: 'fresh', template: 'migrating' };
  const others: CaseServer[] = [missing, ...['active', 'shutoff'].filter((t) => world.seeded[t]).map((t): CaseServer => ({ kind: 'seeded', template: t, id: world.seeded[t]! }))];
  const label = (server: CaseServer): string => (server.kind === 'missing' ? 'missing' : server.template);
  const versions = ['2.21', '2.22', '2.23', '2.24', '2.58', '2.59', '2.64', '2.65', '2.79', '2.80', max];
  for (const v of versions) {
    for (const caller of ['admin', 'member'] as const) {
      const headers = styleHeaders('both', v);
      b.add('server-migrations', { method: 'GET', path: '/v2.1/servers/{server}/migrations/{migration}', headers, server: migrating, caller, summary: `GET migration migrating ${v} ${caller}`, requested: v });
      b.add('server-migrations', { method: 'DELETE', path: '/v2.1/servers/{server}/migrations/{migration}', headers, server: migrating, caller, summary: `DELETE migration migrating ${v} ${caller}`, requested: v });
      for (const body of ['{"force_complete": null}', '{"force_complete": {}}', '{"force_complete": null, "extra": 1}', '{"force": null}', '']) {
        b.add('server-migrations', {
          method: 'POST', path: '/v2.1/servers/{server}/migrations/{migration}/action', headers: { ...JSON_CT, ...headers }, body, server: migrating, caller,
          summary: `force_complete migrating ${v} ${caller}: ${body || '(empty)'}`, requested: v,
        });
      }
      for (const server of [migrating, ...others]) {
        const path = `/v2.1/servers/{server}/migrations/${NO_SUCH_MIGRATION}`;
        b.add('server-migrations', { method: 'GET', path, headers, server, caller, summary: `GET migration ${NO_SUCH_MIGRATION} ${label(server)} ${v} ${caller}`, requested: v });
        b.add('server-migrations', { method: 'DELETE', path, headers, server, caller, summary: `DELETE migration ${NO_SUCH_MIGRATION} ${label(server)} ${v} ${caller}`, requested: v });
        b.add('server-migrations', {
          method: 'POST', path: `${path}/action`, headers: { ...JSON_CT, ...headers }, body: '{"force_complete": null}', server, caller,
          summary: `force_complete ${NO_SUCH_MIGRATION} ${label(server)} ${v} ${caller}`, requested: v,
        });
      }
    }
  }
}

/** Cold `migrate`: no schema until 2.55, `{"host"}` from 2.56. */
export function addColdMigrateCases(b: Builder, world: CorpusWorld, missing: CaseServer, max: string): void {
  const bodies: unknown[] = [null, {}, { host: null }, { host: 'compute-02' }, { host: 'compute-01' }, { host: 'compute-99' }, { host: '' }, { host: 5 }, { extra: 1 }, 'x', []];
  // Fresh where an admin's request could be accepted (locked does not stop an admin).
  const servers: CaseServer[] = [missing, { kind: 'fresh', template: 'shutoff' }, { kind: 'fresh', template: 'active' }, { kind: 'fresh', template: 'locked' }];
  for (const t of ['paused', 'migrating', 'error']) if (world.seeded[t]) servers.push({ kind: 'seeded', template: t, id: world.seeded[t]! });
  for (const v of ['2.1', '2.55', '2.56', max]) {
    for (const server of servers) {
      for (const inner of bodies) {
        for (const caller of ['admin', 'member'] as const) {
          // Members never get past the policy check: one body is enough for them.
          if (caller === 'member' && inner !== null) continue;
          b.add('cold-migrate', {
            method: 'POST', path: ACTION_PATH, headers: { ...JSON_CT, ...styleHeaders('both', v) }, body: JSON.stringify({ migrate: inner }), server, caller,
            summary: `migrate ${server.kind === 'missing' ? 'missing' : server.template} ${v} ${caller}: ${show(inner)}`, requested: v,
          });
        }
      }
    }
  }
}

/**
 * `GET /os-migrations` query validation (2.59 paging, 2.66 changes-before, 2.80 user/project
 * filters). Only queries whose answer does not depend on which migrations exist: errors,
 * filters nobody matches, and members (403); the lists themselves differ by design (the
 * emulator's conductor records migrations, the harness has none).
 */
export function addOsMigrationsCases(b: Builder, max: string): void {
  const queries = [
    'limit=-1', 'limit=abc', 'limit=1.5', 'marker=no-such-marker', 'changes-since=not-a-date', 'changes-before=not-a-date',
    'changes-since=2020-01-01T00:00:00Z&changes-before=2019-01-01T00:00:00Z', 'foo=bar', 'user_id=nobody', 'project_id=nobody',
    'user_id=nobody&project_id=nobody&limit=5', 'limit=1&limit=2', 'sort_key=created_at',
  ];
  for (const v of ['2.59', '2.65', '2.66', '2.79', '2.80', max]) {
    for (const query of queries) {
      b.add('os-migrations', {
        method: 'GET', path: `/v2.1/os-migrations?${query}`, headers: styleHeaders('both', v), caller: 'admin', summary: `os-migrations ${v} ?${query}`, requested: v,
      });
    }
  }
  for (const v of ['2.1', '2.23', '2.59', '2.80', max]) {
    b.add('os-migrations', { method: 'GET', path: '/v2.1/os-migrations', headers: styleHeaders('both', v), caller: 'member', summary: `os-migrations ${v} member`, requested: v });
  }
}
