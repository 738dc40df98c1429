/**
 * `/servers/{id}/migrations[/{mid}]` (2.23), force complete (2.22), abort (2.24; queued and
 * preparing from 2.65), with Nova's 400/404/409 texts (facts §3.9). Pure.
 */
import { formatNovaTimestamp } from '../clock.js';
import { FAULT_MESSAGES, invalidStateFault } from '../faults.js';
import { forceCompleteSchema } from '../schemas/force-complete.js';
import { validateNovaBody } from '../validation/nova-schema-validator.js';
import { abortLiveMigration, forceCompleteLiveMigration, migrationProgress } from '../migrations.js';
import { isInProgress, type MigrationRecord, type ServerRecord } from '../state.js';
import { findServer, instanceNotFound, requireAdmin, switchOn, type ApiCall } from './api-call.js';
import { accepted, faultReply, fromFault, okJson, type Reply } from './respond.js';

const RULE = 'os_compute_api:servers:migrations:';

/** `server_migrations.output`: 2.23 fields, `uuid` from 2.59, `user_id`/`project_id` from 2.80. */
export function serverMigrationView(call: ApiCall, m: MigrationRecord): Record<string, unknown> {
  const { memoryProcessed, diskProcessed } = migrationProgress(m);
  const view: Record<string, unknown> = {
    created_at: formatNovaTimestamp(m.createdAtMs),
    dest_compute: m.destCompute,
    dest_host: m.destHost,
    dest_node: m.destNode,
    disk_processed_bytes: diskProcessed,
    disk_remaining_bytes: m.diskTotalBytes - diskProcessed,
    disk_total_bytes: m.diskTotalBytes,
    id: m.id,
    memory_processed_bytes: memoryProcessed,
    memory_remaining_bytes: m.memoryTotalBytes - memoryProcessed,
    memory_total_bytes: m.memoryTotalBytes,
    server_uuid: m.serverId,
    source_compute: m.sourceCompute,
    source_node: m.sourceNode,
    status: m.status,
    updated_at: formatNovaTimestamp(m.updatedAtMs),
  };
  if (switchOn(call, 'migrationUuidAndPaging')) view['uuid'] = m.uuid;
  if (switchOn(call, 'migrationUserProject')) {
    view['user_id'] = m.userId;
    view['project_id'] = m.projectId;
  }
  return view;
}

/** 2.102: the index/show query schemas reject every parameter. */
function strictQuery(call: ApiCall): Reply | undefined {
  if (!switchOn(call, 'serverMigrationsStrictQuery')) return undefined;
  const names = [...new Set(call.query.keys())].sort();
  if (names.length === 0) return undefined;
  const list = names.map((n) => `'${n}'`).join(', ');
  return faultReply(400, `Additional properties are not allowed (${list} ${names.length === 1 ? 'was' : 'were'} unexpected)`);
}

function migrationOf(call: ApiCall, server: ServerRecord, midText: string): MigrationRecord | undefined {
  if (!/^\d+$/.test(midText)) return undefined;
  const m = call.state.migrations.get(Number(midText));
  return m && m.serverId === server.id ? m : undefined;
}

/** `GET /servers/{id}/migrations` (2.23+): in-progress live migrations only. */
export function listServerMigrations(call: ApiCall): Reply {
  const bad = strictQuery(call);
  if (bad) return bad;
  const serverId = call.params['server_id']!;
  const server = findServer(call, serverId);
  if (!server) return instanceNotFound(serverId);
  const denied = requireAdmin(call, `${RULE}index`);
  if (denied) return denied;
  const items: Record<string, unknown>[] = [];
  for (const mid of server.migrationIds) {
    const m = call.state.migrations.get(mid);
    if (m && m.type === 'live-migration' && isInProgress(m.status)) items.push(serverMigrationView(call, m));
  }
  return okJson({ migrations: items });
}

/** `GET /servers/{id}/migrations/{mid}` (2.23+) with Nova's three 404 texts. */
export function showServerMigration(call: ApiCall): Reply {
  const bad = strictQuery(call);
  if (bad) return bad;
  const serverId = call.params['server_id']!;
  const mid = call.params['id']!;
  const server = findServer(call, serverId);
  if (!server) return instanceNotFound(serverId);
  const denied = requireAdmin(call, `${RULE}show`);
  if (denied) return denied;
  const m = migrationOf(call, server, mid);
  if (!m) return faultReply(404, `In-progress live migration ${mid} is not found for server ${serverId}.`);
  if (m.type !== 'live-migration') return faultReply(404, `Migration ${mid} for server ${serverId} is not live-migration.`);
  if (!isInProgress(m.status)) return faultReply(404, `Live migration ${mid} for server ${serverId} is not in progress.`);
  return okJson({ migration: serverMigrationView(call, m) });
}


/** `force_complete` action (2.22+): schema → 404 → policy → lock → state → migration (400s) → 202. */
export function forceCompleteServerMigration(call: ApiCall): Reply {
  const validation = validateNovaBody(forceCompleteSchema, call.body);
  if (!validation.ok) return faultReply(400, validation.message);
  const serverId = call.params['server_id']!;
  const mid = call.params['id']!;
  const server = findServer(call, serverId);
  if (!server) return instanceNotFound(serverId);
  const denied = requireAdmin(call, `${RULE}force_complete`);
  if (denied) return denied;
  if (server.locked && !call.caller.isAdmin) return faultReply(409, FAULT_MESSAGES.instanceLocked(server.id));
  if (server.vmState !== 'active') return fromFault(invalidStateFault('force_complete', serverId, 'vm_state', server.vmState));
  if (server.taskState !== 'migrating') return fromFault(invalidStateFault('force_complete', serverId, 'task_state', server.taskState));
  if (server.launchedAtMs === null) return fromFault(invalidStateFault('force_complete', serverId, 'launched_at', null));
  const m = migrationOf(call, server, mid);
  if (!m) return faultReply(400, `Migration ${mid} not found for instance ${server.id}`);
  if (m.status !== 'running') {
    return faultReply(400, `Migration ${mid} state of instance ${server.id} is ${m.status}. Cannot force complete while the migration is in this state.`);
  }
  forceCompleteLiveMigration(call.state, m);
  return accepted;
}

/** `DELETE /servers/{id}/migrations/{mid}` (2.24+; queued/preparing from 2.65). */
export function abortServerMigration(call: ApiCall): Reply {
  const serverId = call.params['server_id']!;
  const mid = call.params['id']!;
  const server = findServer(call, serverId);
  if (!server) return instanceNotFound(serverId);
  const denied = requireAdmin(call, `${RULE}delete`);
  if (denied) return denied;
  // A lock error is caught by the same handler as invalid state: the generic text (facts §3.9).
  if (server.locked && !call.caller.isAdmin) return fromFault(invalidStateFault('abort live migration', serverId, 'task_state', null));
  if (server.taskState !== 'migrating') return fromFault(invalidStateFault('abort live migration', serverId, 'task_state', server.taskState));
  if (server.launchedAtMs === null) return fromFault(invalidStateFault('abort live migration', serverId, 'launched_at', null));
  const m = migrationOf(call, server, mid);
  if (!m) return faultReply(404, `Migration ${mid} not found for instance ${server.id}`);
  const allowed = switchOn(call, 'abortQueuedPreparing') ? ['running', 'queued', 'preparing'] : ['running'];
  if (!allowed.includes(m.status)) {
    return faultReply(400, `Migration ${mid} state of instance ${server.id} is ${m.status}. Cannot abort live migration while the migration is in this state.`);
  }
  abortLiveMigration(call.state, m);
  return accepted;
}
