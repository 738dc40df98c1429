/**
 * The built-in `live-migration` request set: version documents, and `os-migrateLive` on a
 * server that does not exist at every band boundary (facts §3.1/§3.2) with valid and invalid
 * bodies. Nova validates the body before it looks the server up, so each answer is either
 * the band's 400 or the 404 — a schema oracle that changes no state and needs no seeding.
 * A few requests address the default world's seeded servers (same UUIDs in the emulator
 * and the real-Nova harness) where Nova refuses synchronously (409 state, 400 unknown host,
 * 400 force without host); a Nova without those servers answers them 404.
 */
import type { RecordRequestSpec, RequestSet } from '../request-set.js';
import { DEFAULT_WORLD } from '../../nova/world.js';
import { UNKNOWN_SERVER_ID } from '../unknown-server.js';

const ACTION = '/v2.1/servers/{server_id}/action';
const JSON_TYPE = { 'Content-Type': 'application/json' };

/** Microversions on both sides of every os-migrateLive band edge, the Nova's maximum, and latest. */
const validVersions = (max: string): string[] => [...new Set(['2.1', '2.24', '2.25', '2.29', '2.30', '2.33', '2.34', '2.67', '2.68', max, 'latest'])];
/** Rejected before the body is read: out of range (406) or malformed (400). */
const rejectedVersions = (max: string): string[] => ['2.0', nextMicroversion(max), '2.01'];

/** `2.93` → `2.94`. */
function nextMicroversion(max: string): string {
  const [major, minor] = max.split('.');
  return `${major}.${Number(minor) + 1}`;
}

const migrateLive = (args: unknown): string => JSON.stringify({ 'os-migrateLive': args });

/** Bodies by label; each probes one rule of facts §3.2/§3.3. */
const BODIES: ReadonlyArray<readonly [label: string, body: string]> = [
  ['pre-2.25 valid', migrateLive({ block_migration: false, disk_over_commit: false, host: null })],
  ['pre-2.25 with host', migrateLive({ block_migration: true, disk_over_commit: false, host: 'compute-02' })],
  ['auto, no host', migrateLive({ block_migration: 'auto', host: null })],
  ['host, no force', migrateLive({ block_migration: false, host: 'compute-02' })],
  ['force true with host', migrateLive({ block_migration: 'auto', host: 'compute-02', force: true })],
  ['force true without host', migrateLive({ block_migration: false, host: null, force: true })],
  ['force null', migrateLive({ block_migration: false, host: 'compute-02', force: null })],
  ['auto with disk_over_commit', migrateLive({ block_migration: 'auto', disk_over_commit: false, host: null })],
  ['bad host', migrateLive({ block_migration: false, host: 'bad host' })],
  ['empty host', migrateLive({ block_migration: false, host: '' })],
  ['block_migration integer', migrateLive({ block_migration: 1, host: null })],
  ['host missing', migrateLive({ block_migration: false })],
  ['action null', migrateLive(null)],
];

function request(name: string, method: string, path: string, headers: Record<string, string>, body = '', serverRef = 'unknown'): RecordRequestSpec {
  return { name, method, path, serverRef: path.includes('{server_id}') ? serverRef : null, headers, body };
}

/** Seeded servers addressed below, by template name (= server role in the cassette). */
const SEEDED_ROLES = ['active', 'shutoff', 'migrating', 'error', 'never-launched'] as const;

function seededServers(): Record<string, { id: string; host: string | null }> {
  const out: Record<string, { id: string; host: string | null }> = {};
  for (const role of SEEDED_ROLES) {
    const server = DEFAULT_WORLD.servers.find((s) => s.template === role);
    const template = DEFAULT_WORLD.templates[role];
    if (server && template) out[role] = { id: server.id, host: template.host };
  }
  return out;
}

const newHeader = (version: string): Record<string, string> => ({ 'OpenStack-API-Version': `compute ${version}` });

function build(max: string): RecordRequestSpec[] {
  const out: RecordRequestSpec[] = [];
  // Version documents.
  out.push(request('versions', 'GET', '/', {}));
  out.push(request('v2.1 document, no slash', 'GET', '/v2.1', {}));
  for (const v of ['default', '2.1', 'latest', nextMicroversion(max), '2.01']) {
    out.push(request(`v2.1 document mv=${v}`, 'GET', '/v2.1/', v === 'default' ? {} : newHeader(v)));
  }
  // os-migrateLive: every body at every accepted microversion, and without any header.
  for (const v of ['default', ...validVersions(max)]) {
    for (const [label, body] of BODIES) {
      out.push(request(`migrate-live mv=${v} ${label}`, 'POST', ACTION, { ...(v === 'default' ? {} : newHeader(v)), ...JSON_TYPE }, body));
    }
  }
  // Rejected microversions answer before the body matters: two bodies are enough.
  for (const v of rejectedVersions(max)) {
    for (const [label, body] of BODIES.slice(0, 3)) {
      out.push(request(`migrate-live mv=${v} ${label}`, 'POST', ACTION, { ...newHeader(v), ...JSON_TYPE }, body));
    }
  }
  // Header spellings and precedence (facts §1.3).
  const hostNoForce = BODIES[3]![1];
  const spellings: ReadonlyArray<readonly [string, Record<string, string>]> = [
    ['legacy header 2.30', { 'X-OpenStack-Nova-API-Version': '2.30' }],
    ['legacy header 2.25', { 'X-OpenStack-Nova-API-Version': '2.25' }],
    ['both headers, new wins', { 'OpenStack-API-Version': 'compute 2.30', 'X-OpenStack-Nova-API-Version': '2.25' }],
    ['no compute item, legacy used', { 'OpenStack-API-Version': 'volume 3.0', 'X-OpenStack-Nova-API-Version': '2.25' }],
    ['service name upper case', { 'OpenStack-API-Version': 'COMPUTE 2.30' }],
    ['last compute item wins', { 'OpenStack-API-Version': 'compute 2.24, compute 2.30' }],
    ['malformed new header beats legacy', { 'OpenStack-API-Version': 'compute 2.01', 'X-OpenStack-Nova-API-Version': '2.30' }],
    ['legacy Latest is malformed', { 'X-OpenStack-Nova-API-Version': 'Latest' }],
    ['legacy latest', { 'X-OpenStack-Nova-API-Version': 'latest' }],
  ];
  for (const [label, headers] of spellings) {
    out.push(request(`migrate-live ${label}`, 'POST', ACTION, { ...headers, ...JSON_TYPE }, hostNoForce));
  }
  // Generic body handling (facts §1.6).
  const at230 = newHeader('2.30');
  out.push(request('action body not JSON', 'POST', ACTION, { ...at230, ...JSON_TYPE }, '{"os-migrateLive": {'));
  out.push(request('action body two actions', 'POST', ACTION, { ...at230, ...JSON_TYPE }, JSON.stringify({ 'os-migrateLive': { block_migration: false, host: null }, 'os-stop': null })));
  out.push(request('unknown action', 'POST', ACTION, { ...at230, ...JSON_TYPE }, JSON.stringify({ 'os-fooBar': {} })));
  out.push(request('action body empty object', 'POST', ACTION, { ...at230, ...JSON_TYPE }, '{}'));
  out.push(request('content type text/plain', 'POST', ACTION, { ...at230, 'Content-Type': 'text/plain' }, hostNoForce));
  out.push(request('content type application/xml', 'POST', ACTION, { ...at230, 'Content-Type': 'application/xml' }, hostNoForce));
  // Project-id form of the path.
  for (const v of ['2.30', 'latest']) {
    out.push(request(`migrate-live project path mv=${v}`, 'POST', '/v2.1/{project_id}/servers/{server_id}/action', { ...newHeader(v), ...JSON_TYPE }, hostNoForce));
  }
  // Migrations of a missing server, around 2.23 where the sub-resource appears.
  for (const v of ['2.22', '2.23', 'latest']) {
    out.push(request(`server migrations mv=${v}`, 'GET', '/v2.1/servers/{server_id}/migrations', newHeader(v)));
  }
  // Seeded servers: refusals that happen before anything changes (no 202s, no RPC call).
  const refusals: ReadonlyArray<readonly [role: string, version: string, label: string, body: string]> = [
    ['shutoff', '2.1', 'stopped server', BODIES[0]![1]],
    ['shutoff', 'latest', 'stopped server', BODIES[2]![1]],
    ['migrating', '2.30', 'server already migrating', BODIES[2]![1]],
    ['migrating', 'latest', 'server already migrating', BODIES[2]![1]],
    ['error', 'latest', 'server in error', BODIES[2]![1]],
    ['never-launched', 'latest', 'server never launched', BODIES[2]![1]],
    ['active', '2.1', 'unknown destination host', migrateLive({ block_migration: false, disk_over_commit: false, host: 'compute-99' })],
    ['active', '2.34', 'unknown destination host', migrateLive({ block_migration: 'auto', host: 'compute-99' })],
    ['active', 'latest', 'unknown destination host', migrateLive({ block_migration: 'auto', host: 'compute-99' })],
    ['active', '2.30', 'force without host', BODIES[5]![1]],
    ['active', '2.67', 'force without host', BODIES[5]![1]],
    ['active', '2.68', 'force rejected by schema', BODIES[4]![1]],
  ];
  for (const [role, v, label, body] of refusals) {
    out.push(request(`migrate-live ${role} mv=${v} ${label}`, 'POST', ACTION, { ...newHeader(v), ...JSON_TYPE }, body, role));
  }
  return out;
}

/**
 * The set for a Nova whose maximum microversion is `max` (`2.93`): that maximum and the first
 * version above it take the place of Zed's 2.93/2.94. Every request is deterministic and
 * changes no state in Nova.
 */
export function liveMigrationRequestSet(max: string): RequestSet {
  return { name: 'live-migration', servers: { unknown: { id: UNKNOWN_SERVER_ID, host: null }, ...seededServers() }, requests: build(max) };
}

/** The built-in set as Zed (max 2.93) answers it: the default of `record --requests live-migration`. */
export const LIVE_MIGRATION_REQUEST_SET: RequestSet = liveMigrationRequestSet('2.93');
