/**
 * The differential corpus: a deterministic (seeded) list of requests that probe every
 * microversion, both header styles and their combinations, and os-migrateLive bodies covering
 * every property's valid and invalid values, against servers that do not exist and seeded
 * servers in every template state. Pure: the runner sends it, `compare.ts` judges it.
 */
import type { CaseServer, ConformanceCase } from './case.js';
import { ACTION_PATH, Builder, HEADER_STYLES, JSON_CT, show, styleHeaders, type CorpusWorld } from './corpus-builder.js';
import { addColdMigrateCases, addOsMigrationsCases, addServerMigrationCases } from './corpus-migrations.js';
import { seededRandom, type Random } from './prng.js';
import {
  BOOLEAN_SPELLINGS,
  boundaryVersions,
  DEFAULT_CORPUS_MAX,
  HOST_VALUES,
  MALFORMED_VERSIONS,
  NOT_BOOLEANS,
  outOfRangeVersions,
  releaseMicroversions,
} from './values.js';

/** A UUID no world contains. */
export const MISSING_SERVER_ID = '0badc0de-dead-4bad-8bad-000000000404';

export interface CorpusOptions {
  readonly seed?: number;
  /** Random bodies per non-boundary microversion in the schema group. Default 14. */
  readonly bodiesPerOrdinaryVersion?: number;
  /** Maximum microversion of the Nova under test (`2.104` for Hibiscus). Default 2.93 (Zed). */
  readonly maxMicroversion?: string;
}

/** Templates an accepted live migration changes (task_state → migrating): those get fresh servers. */
export const MUTABLE_TEMPLATES: readonly string[] = ['active', 'paused', 'locked', 'active-local-disk', 'active-volume-backed'];

type Body = { readonly label: string; readonly text: string };

const BASE_20 = { host: null, block_migration: false, disk_over_commit: false };
const BASE_25 = { host: null, block_migration: 'auto' };

function action(inner: unknown): string {
  return JSON.stringify({ 'os-migrateLive': inner });
}

function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return { ...base, [key]: value };
}

function without(base: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...base };
  delete copy[key];
  return copy;
}

/** Every body of the schema group (~200): single-property mutations of the 2.0 and 2.25 bases, plus structure breakers. */
export function migrateLiveBodies(): Body[] {
  const bodies: Body[] = [];
  const add = (label: string, text: string): void => void bodies.push({ label, text });
  const bases: Array<[string, Record<string, unknown>]> = [['v2.0', BASE_20], ['v2.25', BASE_25]];
  for (const [name, base] of bases) {
    add(`${name} base`, action(base));
    for (const v of [...BOOLEAN_SPELLINGS, ...NOT_BOOLEANS]) add(`${name} block_migration=${show(v)}`, action(withKey(base, 'block_migration', v)));
    for (const v of HOST_VALUES) add(`${name} host=${show(v)}`, action(withKey(base, 'host', v)));
    for (const key of Object.keys(base)) add(`${name} without ${key}`, action(without(base, key)));
    add(`${name} + extra`, action(withKey(base, 'extra', 1)));
    add(`${name} + Host`, action(withKey(base, 'Host', 'compute-02')));
  }
  for (const v of [...BOOLEAN_SPELLINGS, ...NOT_BOOLEANS]) add(`v2.0 disk_over_commit=${show(v)}`, action(withKey(BASE_20, 'disk_over_commit', v)));
  for (const v of [true, false, 'yes']) add(`v2.25 + disk_over_commit=${show(v)}`, action(withKey(BASE_25, 'disk_over_commit', v)));
  for (const v of [...BOOLEAN_SPELLINGS, ...NOT_BOOLEANS]) add(`v2.25 force=${show(v)}`, action(withKey(BASE_25, 'force', v)));
  for (const v of [true, false]) add(`v2.25 host=compute-02 force=${v}`, action({ host: 'compute-02', block_migration: 'auto', force: v }));
  for (const v of [true, 'no']) add(`v2.0 + force=${show(v)}`, action(withKey(BASE_20, 'force', v)));
  add('v2.0 + force, host', action({ host: 'compute-02', block_migration: true, disk_over_commit: true, force: true }));
  for (const inner of [null, [], 'x', 1, true, {}]) add(`os-migrateLive=${show(inner)}`, action(inner));
  add('broken JSON', '{"os-migrateLive": {"host": null,');
  add('empty body', '');
  add('JSON null', 'null');
  add('JSON array', '[]');
  add('empty object', '{}');
  add('two actions', JSON.stringify({ 'os-migrateLive': BASE_25, migrate: null }));
  add('unknown action', JSON.stringify({ 'os-migrateLiv': BASE_25 }));
  add('JSON string', '"os-migrateLive"');
  add('not JSON', 'os-migrateLive please');
  return bodies;
}

/** Raw header sets that are not "a version in a style". */
const ODD_HEADER_SETS: ReadonlyArray<{ name: string; headers: Record<string, string> }> = [
  { name: 'no version header', headers: {} },
  { name: 'new: compute without version', headers: { 'openstack-api-version': 'compute' } },
  { name: 'new: volume only', headers: { 'openstack-api-version': 'volume 3.0' } },
  { name: 'new: empty', headers: { 'openstack-api-version': '' } },
  { name: 'legacy: empty', headers: { 'x-openstack-nova-api-version': '' } },
  { name: 'new: spaces around', headers: { 'openstack-api-version': 'compute   2.30  ' } },
  { name: 'new malformed beats valid legacy', headers: { 'openstack-api-version': 'compute 2.01', 'x-openstack-nova-api-version': '2.30' } },
  { name: 'new compute, tab separated', headers: { 'openstack-api-version': 'compute\t2.30' } },
  { name: 'legacy latest, new missing', headers: { 'x-openstack-nova-api-version': 'latest' } },
];

/** Builds the corpus. Deterministic for a given seed and world. */
export function buildCorpus(world: CorpusWorld, options: CorpusOptions = {}): ConformanceCase[] {
  const random: Random = seededRandom(options.seed ?? 20221005);
  const perVersion = options.bodiesPerOrdinaryVersion ?? 14;
  const max = options.maxMicroversion ?? DEFAULT_CORPUS_MAX;
  const boundaries = boundaryVersions(max);
  const b = new Builder();
  const missing: CaseServer = { kind: 'missing', id: MISSING_SERVER_ID };
  const bodies = migrateLiveBodies();

  // 1. Version documents: the version list ignores microversion headers; /v2.1 parses them.
  for (const path of ['/', '/v2', '/v2/', '/v2.1']) {
    for (const style of ['legacy', 'new']) {
      for (const v of ['2.30', '2.999', '2.01']) {
        b.add('version-document', { method: 'GET', path, headers: styleHeaders(style, v), caller: 'none', summary: `GET ${path} ${style} ${v}`, requested: v });
      }
    }
    b.add('version-document', { method: 'GET', path, headers: {}, caller: 'none', summary: `GET ${path} no header`, requested: '(none)' });
  }
  const headerVersions = [...boundaries, ...outOfRangeVersions(max), ...MALFORMED_VERSIONS, '2.9', '2.10', '2.100'];
  for (const style of HEADER_STYLES) {
    for (const v of headerVersions) {
      b.add('version-document', { method: 'GET', path: '/v2.1/', headers: style.headers(v), caller: 'none', summary: `GET /v2.1/ ${style.name} ${v}`, requested: v });
    }
  }
  for (const odd of ODD_HEADER_SETS) {
    b.add('version-document', { method: 'GET', path: '/v2.1/', headers: odd.headers, caller: 'none', summary: `GET /v2.1/ ${odd.name}`, requested: odd.name });
  }

  // 2. Schema: every microversion of the release (and latest) × bodies, on a server that does not exist
  //    (valid → 404, invalid → 400). All bodies at boundary versions, a sample elsewhere.
  for (const v of [...releaseMicroversions(max), 'latest']) {
    const chosen = boundaries.includes(v) ? bodies : random.sample(bodies, perVersion);
    for (const body of chosen) {
      const style = HEADER_STYLES[random.int(3)]!; // legacy, new or both
      const caller = random.int(8) === 0 ? 'member' : 'admin';
      b.add('schema', {
        method: 'POST', path: ACTION_PATH, headers: { ...JSON_CT, ...style.headers(v) }, body: body.text, server: missing, caller,
        summary: `${v} ${style.name} ${caller}: ${body.label}`, requested: v,
      });
    }
  }

  // 3. Header styles × versions × two valid bodies (2.0 and 2.25 shapes) on a missing server.
  const pair = [bodies.find((x) => x.label === 'v2.0 base')!, bodies.find((x) => x.label === 'v2.25 base')!];
  for (const style of HEADER_STYLES) {
    for (const v of headerVersions) {
      for (const body of pair) {
        b.add('headers', {
          method: 'POST', path: ACTION_PATH, headers: { ...JSON_CT, ...style.headers(v) }, body: body.text, server: missing, caller: 'admin',
          summary: `${style.name} ${v}: ${body.label}`, requested: v,
        });
      }
    }
  }
  for (const odd of ODD_HEADER_SETS) {
    for (const body of pair) {
      b.add('headers', { method: 'POST', path: ACTION_PATH, headers: { ...JSON_CT, ...odd.headers }, body: body.text, server: missing, caller: 'admin', summary: `${odd.name}: ${body.label}`, requested: odd.name });
    }
  }
  // Paths: project-id form, legacy /v2 (headers stripped, 2.0 schema, unknown keys dropped).
  const pathBodies = [...pair, bodies.find((x) => x.label === 'v2.0 + force, host')!, bodies.find((x) => x.label === 'v2.0 without disk_over_commit')!];
  for (const path of ['/v2.1/{project}/servers/{server}/action', '/v2/servers/{server}/action', '/v2/{project}/servers/{server}/action']) {
    for (const v of ['2.1', '2.25', '2.30', '2.68', '2.999', '2.01']) {
      for (const body of pathBodies) {
        b.add('headers', { method: 'POST', path, headers: { ...JSON_CT, ...styleHeaders('both', v) }, body: body.text, server: missing, caller: 'admin', summary: `${path} ${v}: ${body.label}`, requested: v });
      }
    }
  }
  // Content types: absent and text/plain are JSON; anything else is 415.
  for (const contentType of [undefined, 'text/plain', 'application/json; charset=UTF-8', 'application/xml', 'application/x-www-form-urlencoded']) {
    for (const v of ['2.1', '2.30']) {
      b.add('headers', {
        method: 'POST', path: ACTION_PATH, headers: { ...(contentType ? { 'content-type': contentType } : {}), ...styleHeaders('both', v) }, body: pair[1]!.text,
        server: missing, caller: 'admin', summary: `content-type ${contentType ?? '(none)'} ${v}`, requested: v,
      });
    }
  }

  // 4. Seeded servers in every state: valid bodies per band × hosts × callers.
  const stateVersions = ['2.1', '2.24', '2.25', '2.29', '2.30', '2.33', '2.34', '2.56', '2.67', '2.68', max];
  const hosts = [null, 'compute-01', 'compute-02', 'compute-03', 'compute-04', 'compute-99'];
  for (const [template, id] of Object.entries(world.seeded)) {
    for (const v of stateVersions) {
      const minor = Number(v.split('.')[1]);
      const variants: Array<{ label: string; inner: Record<string, unknown> }> = [];
      for (const host of hosts) {
        if (minor < 25) variants.push({ label: `host=${show(host)}`, inner: { host, block_migration: false, disk_over_commit: false } });
        else variants.push({ label: `host=${show(host)}`, inner: { host, block_migration: 'auto' } });
        if (minor >= 30 && minor < 68) variants.push({ label: `host=${show(host)} force`, inner: { host, block_migration: 'auto', force: true } });
      }
      if (minor < 25) variants.push({ label: 'block_migration=true', inner: { host: null, block_migration: true, disk_over_commit: true } });
      else variants.push({ label: 'block_migration=false', inner: { host: 'compute-02', block_migration: false } });
      // Below 2.34 an accepted request blocks on the (absent) conductor for the RPC timeout: sample those.
      const chosen = minor < 34 ? random.sample(variants, 4) : variants;
      for (const variant of chosen) {
        for (const caller of ['admin', 'member'] as const) {
          const fresh = caller === 'admin' && MUTABLE_TEMPLATES.includes(template);
          const server: CaseServer = fresh ? { kind: 'fresh', template } : { kind: 'seeded', template, id };
          b.add('state', {
            method: 'POST', path: ACTION_PATH, headers: { ...JSON_CT, ...styleHeaders('both', v) }, body: action(variant.inner), server, caller,
            summary: `${template} ${v} ${caller}: ${variant.label}`, requested: v,
          });
        }
      }
    }
  }

  // 5. Server migrations list across its microversion boundaries.
  const migrationVersions = ['2.1', '2.22', '2.23', '2.24', '2.58', '2.59', '2.64', '2.65', '2.79', '2.80', max];
  const migrationServers: CaseServer[] = [missing, ...['migrating', 'active', 'error'].filter((t) => world.seeded[t]).map((t): CaseServer => ({ kind: 'seeded', template: t, id: world.seeded[t]! }))];
  for (const server of migrationServers) {
    for (const v of migrationVersions) {
      for (const caller of ['admin', 'member'] as const) {
        b.add('migrations', {
          method: 'GET', path: '/v2.1/servers/{server}/migrations', headers: styleHeaders('legacy', v), server, caller,
          summary: `GET migrations ${server.kind === 'missing' ? 'missing' : server.template} ${v} ${caller}`, requested: v,
        });
      }
    }
  }
  addServerMigrationCases(b, world, missing, max);
  addColdMigrateCases(b, world, missing, max);
  addOsMigrationsCases(b, max);
  return b.cases;
}

export { HEADER_STYLES, type CorpusWorld } from './corpus-builder.js';
