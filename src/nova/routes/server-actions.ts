/**
 * `POST /servers/{id}/action` with `os-migrateLive` (schema and decision from
 * `live-migration.ts` / `live-migration-decision.ts`) and a minimal cold `migrate`. Pure.
 */
import { formatIso } from '../clock.js';
import type { ServerState, VmState } from '../world-types.js';
import { FAULT_MESSAGES, invalidStateFault } from '../faults.js';
import { interpretMigrateLive } from '../live-migration.js';
import { decideLiveMigration } from '../live-migration-decision.js';
import { coldMigrate, recordFailedColdMigration, recordFailedLiveMigration, startLiveMigration } from '../migrations.js';
import { migrateSchema } from '../schemas/migrate.js';
import { validateNovaBody } from '../validation/nova-schema-validator.js';
import type { ServerRecord } from '../state.js';
import type { WorldHost } from '../world.js';
import { findServer, instanceNotFound, policyDenied, switchOn, type ApiCall } from './api-call.js';
import { accepted, faultReply, fromFault, type Reply } from './respond.js';

/** The decision module's view of a server record. */
export function toServerState(server: ServerRecord): ServerState {
  return new ServerStateView(server);
}

/**
 * A snapshot of a server record as {@link ServerState}; the timestamps are rendered only when
 * read (the decision reads at most `launchedAt`, and rendering them was a third of the view's
 * cost on every os-migrateLive).
 */
class ServerStateView implements ServerState {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly userId: string;
  readonly host: string;
  readonly node: string;
  readonly vmState: VmState;
  readonly taskState: string | null;
  readonly locked: boolean;
  readonly volumeBacked: boolean;
  private readonly launchedAtMs: number | null;
  private readonly createdAtMs: number;
  private readonly updatedAtMs: number;

  constructor(server: ServerRecord) {
    this.id = server.id;
    this.name = server.name;
    this.projectId = server.projectId;
    this.userId = server.userId;
    this.host = server.host;
    this.node = server.node;
    // `resized` (after a cold migration) is not a live-migratable state; the decision prints it.
    this.vmState = server.vmState as VmState;
    this.taskState = server.taskState;
    this.locked = server.locked;
    this.volumeBacked = server.volumeBacked;
    this.launchedAtMs = server.launchedAtMs;
    this.createdAtMs = server.createdAtMs;
    this.updatedAtMs = server.updatedAtMs;
  }

  get launchedAt(): string | null {
    return this.launchedAtMs === null ? null : formatIso(this.launchedAtMs);
  }

  get createdAt(): string {
    return formatIso(this.createdAtMs);
  }

  get updatedAt(): string {
    return formatIso(this.updatedAtMs);
  }
}

function hostOf(call: ApiCall, name: string | null): WorldHost | null {
  return name === null ? null : (call.state.hosts.get(name) ?? null);
}

/** `os-migrateLive`: schema → 404 → policy → lock/state → host → pre-checks → 202. */
export function migrateLiveAction(call: ApiCall): Reply {
  const interpretation = interpretMigrateLive(call.body, call.version, { legacyV2: call.legacyV2, release: call.release });
  if (!interpretation.ok) return fromFault(interpretation.fault);
  const serverId = call.params['id']!;
  const server = findServer(call, serverId);
  const decision = decideLiveMigration({
    action: interpretation.action,
    serverId,
    server: server && toServerState(server),
    caller: call.caller,
    release: call.release,
    hosts: call.state.world.hosts,
  });
  if (decision.kind === 'fault') {
    // Below 2.34 the conductor ran and failed synchronously: its record stays behind in `error`.
    if (decision.stage === 'pre-check' && server) {
      const action = interpretation.action;
      recordFailedLiveMigration(call.state, server, hostOf(call, action.hostHandling === 'forced' ? action.host : null), call.caller, decision.fault.message);
    }
    return fromFault(decision.fault);
  }
  const action = interpretation.action;
  startLiveMigration(call.state, server!, hostOf(call, decision.migrationDestCompute ?? decision.destination), call.caller, {
    blockMigration: action.blockMigration === true,
    preCheckError: decision.preCheckError,
  });
  return accepted;
}

const MIGRATE_POLICY = 'os_compute_api:os-migrate-server:migrate';
const MIGRATE_HOST_POLICY = 'os_compute_api:os-migrate-server:migrate:host';

/**
 * Cold `migrate`, modelled minimally (facts §3.8): schema from 2.56 (host ignored before),
 * 404, policy (`migrate:host` with a host on 28.0.0+), lock, state (active/stopped, no task,
 * launched), source service up (409), host checks (400), then 202: the server moves to the
 * destination in VERIFY_RESIZE, or, when no usable destination exists, an `error` record.
 */
export function coldMigrateAction(call: ApiCall): Reply {
  let host: string | null = null;
  if (switchOn(call, 'coldMigrateHost')) {
    const validation = validateNovaBody(migrateSchema(call.release.novaMajor), call.body, { nonEmptyWording: call.release.jsonschemaNonEmptyWording });
    if (!validation.ok) return faultReply(400, validation.message);
    const inner = (validation.body as Record<string, unknown>)['migrate'];
    host = inner !== null && typeof inner === 'object' ? ((inner as Record<string, unknown>)['host'] as string | null | undefined) ?? null : null;
  }
  const serverId = call.params['id']!;
  const server = findServer(call, serverId);
  if (!server) return instanceNotFound(serverId);
  if (!call.caller.isAdmin) return policyDenied(host && call.release.migrateHostPolicy ? MIGRATE_HOST_POLICY : MIGRATE_POLICY);
  if (server.locked && !call.caller.isAdmin) return faultReply(409, FAULT_MESSAGES.instanceLocked(server.id));
  let attr: string | null = null;
  let state: string | null = null;
  if (server.vmState !== 'active' && server.vmState !== 'stopped') [attr, state] = ['vm_state', server.vmState];
  else if (server.taskState !== null) [attr, state] = ['task_state', server.taskState];
  else if (server.launchedAtMs === null) attr = 'launched_at';
  if (attr !== null) {
    return fromFault(invalidStateFault('migrate', serverId, attr, state));
  }
  // check_instance_host(check_is_up=True): the source compute service must be up.
  const source = call.state.hosts.get(server.host);
  if (!source || source.serviceState === 'down') return faultReply(409, 'Service is unavailable at this time.');
  let destination: WorldHost | undefined;
  if (host) {
    if (host === server.host) return faultReply(400, 'Cannot migrate to the host where the server exists.');
    destination = call.state.hosts.get(host);
    if (!destination) return faultReply(400, FAULT_MESSAGES.computeHostNotFound(host));
  }
  // The conductor is cast (`do_cast=True`): scheduling failures never reach the caller.
  const usable = (h: WorldHost | undefined): h is WorldHost => h !== undefined && h.serviceState === 'up' && h.serviceStatus === 'enabled';
  if (!host) destination = call.state.world.hosts.find((h) => h.name !== server.host && usable(h));
  if (!usable(destination)) {
    recordFailedColdMigration(call.state, server, destination ?? null, call.caller);
    return accepted;
  }
  coldMigrate(call.state, server, destination, call.caller);
  return accepted;
}
