/**
 * `GET /os-migrations` (facts §3.10): fields by microversion (2.23 type/links, 2.59 uuid,
 * 2.80 user/project), filters, and from 2.59 the strict query schema, paging by uuid marker,
 * `changes-since` (2.66 `changes-before`) with Nova's messages. Pure.
 */
import { formatNovaTimestamp, parseNovaDateTime } from '../clock.js';
import { pyStrRepr } from '../python-repr.js';
import { isInProgress, type MigrationRecord } from '../state.js';
import { bookmarkBase, requireAdmin, selfBase, switchOn, type ApiCall } from './api-call.js';
import { faultReply, okJson, type Reply } from './respond.js';
import { minLengthMessage } from '../validation/first-error.js';

/** Nova's `CONF.api.max_limit`. */
const MAX_LIMIT = 1000;

type ParamKind = 'multi' | 'limit' | 'string' | 'date-time';

/** The 2.59+ query schema, in Nova's property order (errors are reported in this order). */
function knownParams(call: ApiCall): Array<[string, ParamKind]> {
  const params: Array<[string, ParamKind]> = [
    ['hidden', 'multi'], ['host', 'multi'], ['instance_uuid', 'multi'], ['source_compute', 'multi'], ['status', 'multi'], ['migration_type', 'multi'],
    ['limit', 'limit'], ['marker', 'string'], ['changes-since', 'date-time'],
  ];
  if (switchOn(call, 'changesBefore')) params.push(['changes-before', 'date-time']);
  if (switchOn(call, 'migrationUserProject')) params.push(['user_id', 'string'], ['project_id', 'string']);
  return params;
}

function pyList(values: string[]): string {
  return `[${values.map(pyStrRepr).join(', ')}]`;
}

/** jsonschema's first error for the query dict, with Nova's "query parameters" wording. */
function validateQuery(call: ApiCall): Reply | undefined {
  const q = call.query;
  const bad = (name: string, value: string, message: string): Reply =>
    faultReply(400, `Invalid input for query parameters ${name}. Value: ${value}. ${message}`);
  const known = knownParams(call);
  for (const [name, kind] of known) {
    const values = q.getAll(name);
    if (values.length === 0 || kind === 'multi') continue;
    const first = values[0]!;
    if (kind === 'limit') {
      if (!/^[0-9]*$/.test(first)) return bad(name, first, `${pyStrRepr(first)} does not match '^[0-9]*$'`);
      if (first === '') return bad(name, first, minLengthMessage(first, 1, call.release.jsonschemaNonEmptyWording));
    }
    if (kind === 'date-time' && parseNovaDateTime(first) === undefined) return bad(name, first, `${pyStrRepr(first)} is not a 'date-time'`);
    if (values.length > 1) return bad(name, pyList(values), `${pyList(values)} is too long`);
  }
  const names = new Set(known.map(([n]) => n));
  const extra = [...new Set(q.keys())].filter((n) => !names.has(n)).sort();
  if (extra.length > 0) {
    return faultReply(400, `Additional properties are not allowed (${extra.map(pyStrRepr).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  }
  return undefined;
}

function view(call: ApiCall, m: MigrationRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    created_at: formatNovaTimestamp(m.createdAtMs),
    dest_compute: m.destCompute,
    dest_host: m.destHost,
    dest_node: m.destNode,
    id: m.id,
    instance_uuid: m.serverId,
    new_instance_type_id: 1,
    old_instance_type_id: 1,
    source_compute: m.sourceCompute,
    source_node: m.sourceNode,
    status: m.status,
    updated_at: formatNovaTimestamp(m.updatedAtMs),
  };
  if (switchOn(call, 'serverMigrationsGet')) {
    out['migration_type'] = m.type;
    if (m.type === 'live-migration' && isInProgress(m.status)) {
      const tail = `/servers/${m.serverId}/migrations/${m.id}`;
      out['links'] = [
        { rel: 'self', href: `${selfBase(call)}${tail}` },
        { rel: 'bookmark', href: `${bookmarkBase(call)}${tail}` },
      ];
    }
  }
  if (switchOn(call, 'migrationUuidAndPaging')) out['uuid'] = m.uuid;
  if (switchOn(call, 'migrationUserProject')) {
    out['user_id'] = m.userId;
    out['project_id'] = m.projectId;
  }
  return out;
}

function filtered(call: ApiCall, paging: boolean): MigrationRecord[] {
  const q = call.query;
  const status = q.get('status');
  const host = q.get('host');
  const source = q.get('source_compute');
  const instance = q.get('instance_uuid');
  const type = q.get('migration_type');
  const userId = switchOn(call, 'migrationUserProject') ? q.get('user_id') : null;
  const projectId = switchOn(call, 'migrationUserProject') ? q.get('project_id') : null;
  const since = paging && q.has('changes-since') ? parseNovaDateTime(q.get('changes-since')!) : undefined;
  const before = paging && switchOn(call, 'changesBefore') && q.has('changes-before') ? parseNovaDateTime(q.get('changes-before')!) : undefined;
  const out: MigrationRecord[] = [];
  for (const m of candidates(call, instance)) {
    if (status !== null && m.status !== status) continue;
    if (host !== null && m.sourceCompute !== host && m.destCompute !== host) continue;
    if (source !== null && m.sourceCompute !== source) continue;
    if (instance !== null && m.serverId !== instance) continue;
    if (type !== null && m.type !== type) continue;
    if (userId !== null && m.userId !== userId) continue;
    if (projectId !== null && m.projectId !== projectId) continue;
    if (since !== undefined && m.updatedAtMs < since) continue;
    if (before !== undefined && m.updatedAtMs > before) continue;
    out.push(m);
  }
  return out;
}

/**
 * The records a filter can match, in id order: with `instance_uuid`, only that server's (its
 * index, so a runner reading one cell's record back does not scan the whole target).
 */
function candidates(call: ApiCall, instance: string | null): Iterable<MigrationRecord> {
  if (instance === null) return call.state.migrations.values();
  const ids = call.state.servers.get(instance)?.migrationIds ?? [];
  const out: MigrationRecord[] = [];
  for (const id of ids) {
    const m = call.state.migrations.get(id);
    if (m !== undefined && m.serverId === instance) out.push(m);
  }
  return out;
}

/** `?limit=N&marker=<uuid>` built like webob: the request's params with `marker` set. */
function nextHref(call: ApiCall, marker: string): string {
  const params = new URLSearchParams(call.request.query);
  params.set('marker', marker);
  return `${selfBase(call)}/os-migrations?${params.toString()}`;
}

/** `GET /os-migrations`: query schema (2.59+) → policy → filters, sort and paging. */
export function listMigrations(call: ApiCall): Reply {
  const paging = switchOn(call, 'migrationUuidAndPaging');
  if (paging) {
    const invalid = validateQuery(call);
    if (invalid) return invalid;
  }
  const denied = requireAdmin(call, 'os_compute_api:os-migrations:index');
  if (denied) return denied;
  if (!paging) return okJson({ migrations: filtered(call, false).map((m) => view(call, m)) });

  const since = call.query.get('changes-since');
  const before = switchOn(call, 'changesBefore') ? call.query.get('changes-before') : null;
  if (since !== null && before !== null && parseNovaDateTime(before)! < parseNovaDateTime(since)!) {
    return faultReply(400, 'The value of changes-since must be less than or equal to changes-before.');
  }
  const items = filtered(call, true).sort((a, b) => b.createdAtMs - a.createdAtMs || b.id - a.id);
  let start = 0;
  const marker = call.query.get('marker');
  if (marker !== null) {
    const index = items.findIndex((m) => m.uuid === marker);
    if (index < 0) return faultReply(400, `Marker ${marker} could not be found.`);
    start = index + 1;
  }
  const limitText = call.query.get('limit');
  const limit = limitText === null ? MAX_LIMIT : Math.min(Number(limitText), MAX_LIMIT);
  const page = items.slice(start, start + limit);
  const body: Record<string, unknown> = { migrations: page.map((m) => view(call, m)) };
  if (page.length > 0 && page.length === limit) body['migrations_links'] = [{ rel: 'next', href: nextHref(call, page[page.length - 1]!.uuid) }];
  return okJson(body);
}
