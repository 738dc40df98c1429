/**
 * Random requests for the emulator, cheap enough for hundreds of thousands: a seeded PRNG and
 * tables (fast-check's rich arbitraries cost about a millisecond per request; these cost a few
 * microseconds). Same spirit as the fast-check generators of emulator-robustness.test.ts: paths
 * near and far from the real routes, every microversion header form, tokens, content types,
 * and bodies from plausible `os-migrateLive` to deep nesting, oversize, binary and broken JSON.
 * Header values are what Node's HTTP parser lets through (printable ASCII, tab, latin-1).
 */
import { seededRandom, type Random } from '../../src/conformance/corpus/prng.js';

export const PROJECT = '6f70656e737461636b20726f636b7321';
export const BODY_LIMIT = 114688;

export interface FuzzRequest {
  readonly method: string;
  /** Origin-form request target: path and query. */
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'POST', 'POST', 'GET'];
const ODD_METHODS = ['PROPFIND', 'TRACE', 'MKCOL', 'FOO', 'SEARCH'];
const PREFIXES = ['', '/@zed', '/@mitaka', '/@2.30', '/@zed@2.60', '/@hibiscus', '/@liberty', '/@2.104', '/@mv-2.47', '/@9.99', '/@', '/@%zz', '/@zed@3.0'];
const BASES = ['/v2.1', '/v2', `/v2.1/${PROJECT}`, `/v2/${PROJECT}`, '', '/v2.1/other-project'];
const SEGMENTS = [
  'servers', 'action', 'migrations', 'os-migrations', 'detail', 'os-services', 'os-hypervisors', 'v2.1', 'v2', '..', '.', '%2e%2e',
  '%00', '%ff%fe', '%zz', '', '_mvmatrix', 'world', 'clock', 'reset', 'limits', 'versions', 'force_complete', 'statistics', '1', '0', '-1', '99999999999',
];
const QUERIES = ['', '', '', 'limit=1&marker=x', 'changes-since=2026-01-01', 'changes-before=2026-13-45', 'status=%ff', 'a=b=c&&', 'instance_uuid=x', 'user_id=member&project_id=x', 'limit=-1', 'hidden=1&migration_type=live-migration'];
const VERSIONS = ['2.1', '2.25', '2.30', '2.34', '2.68', '2.93', '2.104', 'latest', 'Latest', '2.01', '2', '2.999', '3.0', '', ' 2.10 ', '2.1, 2.5', '1.1', '2.0', '-2.3', '2.3.4'];
const OPENSTACK_VERSION = (v: string) => [`compute ${v}`, `COMPUTE ${v}`, `volume ${v}`, `compute ${v}, compute 2.5`, 'compute', v];
const TOKENS = [`admin:${PROJECT}`, `member:${PROJECT}`, 'admin', ':', 'member:other', '', `admin:${PROJECT}:x`, 'gAAAAAB-opaque'];
const CONTENT_TYPES = ['application/json', 'application/json', 'text/plain', 'application/xml', 'application/json; charset=latin-1', '', 'multipart/form-data', 'application/JSON'];
const ACCEPTS = ['application/json', 'application/xml', '*/*', 'text/html;q=0.1', '', 'text/plain'];
const HOSTS = [null, 'compute-01', 'compute-02', 'compute-03', 'compute-04', 'nowhere', '', 'compute-02.local'];
const BLOCK = [true, false, 'auto', 'True', 'false', 'yes', '1', 0, 1, null, 'AUTO'];
const BROKEN = ['{', '{"os-migrateLive": ', '{"os-migrateLive": {"host": "compute-02", }}', '[1,2', 'nul', '"\\ud800"', '{"a":1}{"b":2}', 'NaN', '1e99999', '{"os-migrateLive": null}', '{"os-migrateLive": []}', '{"os-migrateLive": {}}'];
const KEYS = ['os-migrateLive', 'migrate', 'os-migrateLive ', 'host', 'block_migration', 'disk_over_commit', 'force', 'x', '', 'é', 'migrate_live', 'forceComplete'];

function pick<T>(r: Random, items: readonly T[]): T {
  return items[r.int(items.length)]!;
}

function text(r: Random, max: number, from = 0x20, to = 0x7e): string {
  const n = r.int(max + 1);
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(from + r.int(to - from + 1));
  return out;
}

/** A random JSON-able value, up to `depth` levels deep. */
function value(r: Random, depth: number): unknown {
  switch (r.int(depth > 0 ? 9 : 6)) {
    case 0: return null;
    case 1: return r.int(2) === 0;
    case 2: return r.int(3) === 0 ? r.next() * 1e6 - 5e5 : r.int(2000) - 1000;
    case 3: return text(r, 12);
    case 4: return pick(r, HOSTS);
    case 5: return text(r, 8, 0xa0, 0x24f);
    case 6: return Array.from({ length: r.int(4) }, () => value(r, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) o[pick(r, KEYS)] = value(r, depth - 1);
      return o;
    }
  }
}

function migrateLiveArgs(r: Random): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (r.int(5) > 0) args['host'] = r.int(4) === 0 ? value(r, 2) : pick(r, HOSTS);
  if (r.int(5) > 0) args['block_migration'] = r.int(5) === 0 ? value(r, 2) : pick(r, BLOCK);
  if (r.int(3) === 0) args['disk_over_commit'] = r.int(3) === 0 ? value(r, 1) : pick(r, [true, false, 'True', 0, null]);
  if (r.int(3) === 0) args['force'] = r.int(3) === 0 ? value(r, 1) : pick(r, [true, false, 'true', null, 2]);
  if (r.int(8) === 0) args[pick(r, KEYS)] = value(r, 2);
  return args;
}

function body(r: Random): Buffer {
  switch (r.int(14)) {
    case 0: case 1: return Buffer.alloc(0);
    case 2: case 3: case 4: return Buffer.from(JSON.stringify({ 'os-migrateLive': migrateLiveArgs(r) }));
    case 5: return Buffer.from(JSON.stringify({ [pick(r, KEYS)]: value(r, 3) }));
    case 6: return Buffer.from(JSON.stringify(value(r, 4)));
    case 7: return Buffer.from(pick(r, BROKEN));
    case 8: { const d = pick(r, [10, 1_000, 10_000]); return Buffer.from('['.repeat(d) + ']'.repeat(d)); }
    case 9: { const d = pick(r, [10, 1_000, 5_000]); return Buffer.from(`{"os-migrateLive": {"host": ${'['.repeat(d)}${']'.repeat(d)}}}`); }
    case 10: return Buffer.from(JSON.stringify({ 'os-migrateLive': { host: 'x'.repeat(1_000 + r.int(BODY_LIMIT - 1_100)), block_migration: 'auto' } }));
    case 11: return r.int(4) === 0 ? Buffer.alloc(BODY_LIMIT + 1 + r.int(2 * BODY_LIMIT), 0x79) : Buffer.from(text(r, 200));
    case 12: return Buffer.from(Array.from({ length: 1 + r.int(300) }, () => r.int(256)));
    default: return Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0xc3, 0x28, 0x7d]);
  }
}

function path(r: Random, serverIds: readonly string[]): string {
  const server = () => (serverIds.length > 0 && r.int(4) > 0 ? pick(r, serverIds) : text(r, 36, 0x30, 0x7a).replace(/[?#%/\\]/g, 'x'));
  switch (r.int(5)) {
    case 0: case 1: return `${pick(r, PREFIXES)}${pick(r, BASES)}/servers/${server()}/action`;
    case 2: return `${pick(r, PREFIXES)}${pick(r, BASES)}/servers/${server()}/migrations${r.int(2) ? `/${r.int(50)}${r.int(3) === 0 ? '/action' : ''}` : ''}`;
    case 3: return `${pick(r, PREFIXES)}${pick(r, BASES)}/${pick(r, ['os-migrations', `servers/${server()}`, 'os-services', 'os-hypervisors', 'os-hypervisors/detail', ''])}`;
    default: return `${pick(r, PREFIXES)}/${Array.from({ length: r.int(7) }, () => (r.int(4) === 0 ? text(r, 20, 0x21, 0x7e).replace(/[?#]/g, '_') : pick(r, SEGMENTS))).join('/')}`;
  }
}

/** The `n`-th… request stream for `seed`: call the returned function once per request. */
export function fuzzRequests(seed: number, serverIds: readonly string[]): () => FuzzRequest {
  const r = seededRandom(seed);
  return () => {
    const plausible = r.int(10) === 0;
    const method = plausible ? 'POST' : r.int(7) === 0 ? pick(r, ODD_METHODS) : pick(r, METHODS);
    const headers: Record<string, string> = {};
    if (plausible || r.int(4) > 0) headers['x-auth-token'] = plausible ? pick(r, TOKENS.slice(0, 2)) : r.int(5) === 0 ? text(r, 80) : pick(r, TOKENS);
    if (plausible || r.int(2) === 0) headers['x-openstack-nova-api-version'] = r.int(6) === 0 ? text(r, 20) : pick(r, VERSIONS);
    if (r.int(3) === 0) headers['openstack-api-version'] = r.int(6) === 0 ? text(r, 30) : pick(r, OPENSTACK_VERSION(pick(r, VERSIONS)));
    if (plausible || r.int(2) === 0) headers['content-type'] = plausible ? 'application/json' : r.int(6) === 0 ? text(r, 30) : pick(r, CONTENT_TYPES);
    if (r.int(3) === 0) headers['accept'] = pick(r, ACCEPTS);
    if (r.int(6) === 0) headers['x-latin1'] = text(r, 20, 0x80, 0xff);
    if (r.int(6) === 0) headers['x-random'] = `${text(r, 100)}\t${text(r, 20)}`;
    const query = pick(r, QUERIES);
    const url = plausible ? `${pick(r, PREFIXES.slice(0, 6))}/v2.1/servers/${serverIds.length > 0 ? pick(r, serverIds) : 'x'}/action` : `${path(r, serverIds)}${query === '' ? '' : `?${query}`}`;
    const payload = plausible
      ? Buffer.from(JSON.stringify({ 'os-migrateLive': pick(r, [{ host: null, block_migration: 'auto' }, { host: 'compute-02', block_migration: 'auto' }, { host: 'compute-02', block_migration: false, disk_over_commit: false }, { host: null, block_migration: 'auto', force: false }]) }))
      : method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : body(r);
    return { method, url: url.startsWith('/') ? url : `/${url}`, headers, body: payload };
  };
}
