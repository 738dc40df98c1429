/**
 * The mutable state of one emulated target: its servers, migration records and clock
 * offset, created lazily from a {@link WorldDefinition}. Records are small flat objects so
 * that thousands of targets × tens of thousands of fresh servers stay cheap. Pure (no I/O).
 */
import type { NovaTarget } from './target.js';
import type { Clock } from './clock.js';
import type { VmState } from './world-types.js';
import type { ServerTemplate, WorldDefinition, WorldHost } from './world.js';

/** `resized` exists only after a cold migration (status VERIFY_RESIZE). */
export type ServerVmState = VmState | 'resized';

export interface ServerRecord {
  readonly id: string;
  name: string;
  readonly projectId: string;
  readonly userId: string;
  host: string;
  node: string;
  vmState: ServerVmState;
  taskState: string | null;
  locked: boolean;
  launchedAtMs: number | null;
  readonly volumeBacked: boolean;
  readonly createdAtMs: number;
  updatedAtMs: number;
  /** Created through the control API (subject to the fresh-server cap). */
  readonly fresh: boolean;
  readonly template: string;
  /** Ids of this server's migration records, oldest first. */
  readonly migrationIds: number[];
}

export type MigrationStatus =
  | 'accepted' | 'queued' | 'preparing' | 'running' | 'post-migrating'
  | 'completed' | 'error' | 'failed' | 'cancelled' | 'finished';

export interface MigrationRecord {
  readonly id: number;
  readonly uuid: string;
  readonly serverId: string;
  readonly type: 'live-migration' | 'migration';
  status: MigrationStatus;
  readonly sourceCompute: string;
  /** `null` on a live migration that failed the conductor's pre-checks (Nova sets the nodes only once they pass). */
  readonly sourceNode: string | null;
  /** `null` when an asynchronous pre-check failed before a destination was chosen. */
  readonly destCompute: string | null;
  readonly destNode: string | null;
  /** The destination's IP: set by the resource tracker for cold migrations; Nova never sets it for live migrations. */
  readonly destHost: string | null;
  readonly userId: string;
  readonly projectId: string;
  readonly createdAtMs: number;
  updatedAtMs: number;
  /** When the current phase started (live migrations progress by the clock). */
  phaseStartMs: number;
  readonly memoryTotalBytes: number;
  readonly diskTotalBytes: number;
  /** Why it went to `error` (the async pre-check failure), for the world dump. */
  errorReason: string | null;
}

export interface TargetState {
  readonly target: NovaTarget;
  readonly world: WorldDefinition;
  readonly hosts: ReadonlyMap<string, WorldHost>;
  readonly clock: Clock;
  /** Added to `clock.now()`; moved by `POST /_mvmatrix/clock`. */
  offsetMs: number;
  readonly servers: Map<string, ServerRecord>;
  /** Insertion order = id order. */
  readonly migrations: Map<number, MigrationRecord>;
  /** Live migrations still progressing (settled lazily on each request). */
  readonly inProgress: Set<MigrationRecord>;
  /**
   * The eviction queue, from `migrationHead` on: records no longer the newest of their server,
   * in the order they were superseded. A server's newest record is never evicted while the
   * server exists (it is what a client reads back after a 202).
   */
  readonly migrationOrder: MigrationRecord[];
  migrationHead: number;
  /** Earliest clock time at which an in-progress migration changes phase (settling is skipped before). */
  nextTransitionMs: number;
  nextMigrationId: number;
  nextFreshServer: number;
  /** Fresh server ids, oldest first, for the cap. */
  readonly freshOrder: string[];
  freshHead: number;
}

/** Now, on this target's clock (epoch ms). */
export function targetNow(state: TargetState): number {
  return state.clock.now() + state.offsetMs;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Deterministic UUIDs: `<kind>` (8 hex) + counter. */
export function deterministicUuid(kind: number, counter: number): string {
  const c = hex(counter, 12);
  return `${hex(kind, 8)}-0000-4000-8000-${c}`;
}

const FRESH_SERVER_KIND = 0xf5e00000;
const MIGRATION_KIND = 0x3a000000;

export function migrationUuid(id: number): string {
  return deterministicUuid(MIGRATION_KIND, id);
}

function serverFromTemplate(
  state: Pick<TargetState, 'world' | 'hosts'>,
  id: string,
  name: string,
  templateName: string,
  t: ServerTemplate,
  now: number,
  fresh: boolean,
): ServerRecord {
  const host = state.hosts.get(t.host)!;
  return {
    id,
    name,
    projectId: state.world.projectId,
    userId: state.world.userId,
    host: host.name,
    node: host.node,
    vmState: t.vmState,
    taskState: t.taskState,
    locked: t.locked,
    launchedAtMs: t.launched ? now : null,
    volumeBacked: t.volumeBacked,
    createdAtMs: now,
    updatedAtMs: now,
    fresh,
    template: templateName,
    migrationIds: [],
  };
}

/** Creates a migration record and indexes it. */
export function addMigration(
  state: TargetState,
  server: ServerRecord,
  fields: { type: MigrationRecord['type']; status: MigrationStatus; destination: WorldHost | null; userId: string; projectId: string; blockMigration: boolean },
): MigrationRecord {
  const now = targetNow(state);
  const id = state.nextMigrationId++;
  const live = fields.type === 'live-migration';
  // A live-migration record born in `error` is a conductor pre-check failure: Nova created it with
  // dest_compute only (the forced host, or none), and fills the nodes after the checks pass.
  const failedPreChecks = live && fields.status === 'error';
  const record: MigrationRecord = {
    id,
    uuid: migrationUuid(id),
    serverId: server.id,
    type: fields.type,
    status: fields.status,
    sourceCompute: server.host,
    sourceNode: failedPreChecks ? null : server.node,
    destCompute: fields.destination?.name ?? null,
    destNode: failedPreChecks ? null : (fields.destination?.node ?? null),
    destHost: live ? null : (fields.destination?.hostIp ?? null),
    userId: fields.userId,
    projectId: fields.projectId,
    createdAtMs: now,
    updatedAtMs: now,
    phaseStartMs: now,
    memoryTotalBytes: state.world.flavor.memoryMb * 1024 * 1024,
    diskTotalBytes: fields.blockMigration ? state.world.flavor.diskGb * 1024 * 1024 * 1024 : 0,
    errorReason: null,
  };
  state.migrations.set(id, record);
  const superseded = server.migrationIds.length > 0 ? state.migrations.get(server.migrationIds[server.migrationIds.length - 1]!) : undefined;
  if (superseded) state.migrationOrder.push(superseded);
  server.migrationIds.push(id);
  if (state.migrations.size > migrationRecordCap(state.world)) evictOldestFinishedMigration(state);
  if (record.type === 'live-migration' && isInProgress(record.status)) {
    state.inProgress.add(record);
    state.nextTransitionMs = Math.min(state.nextTransitionMs, now + state.world.migrationPhaseSeconds * 1000);
  }
  return record;
}

/**
 * Most migration records a target keeps beyond each server's newest one: twice its fresh-server
 * cap, and never more than {@link MAX_MIGRATION_RECORDS}. Each server's newest record is kept
 * as long as the server (the fresh-server cap bounds those), so a record a client is about to
 * read back is never dropped; older records go first. Each record costs about 2 KB of peak
 * memory, so a long-running `serve` must not hoard tens of thousands.
 */
export const MAX_MIGRATION_RECORDS = 5000;

export function migrationRecordCap(world: Pick<WorldDefinition, 'maxFreshServers'>): number {
  return Math.min(world.maxFreshServers * 2, MAX_MIGRATION_RECORDS);
}

/**
 * Keeps the record count bounded even when the same servers are migrated over and over: drops
 * the oldest superseded record that is no longer in progress. The queue holds only superseded
 * records, so this is amortised O(1); an in-progress one met at the head (rare: a newer record
 * exists) goes to the back and is looked at again later.
 */
function evictOldestFinishedMigration(state: TargetState): void {
  const order = state.migrationOrder;
  let budget = order.length - state.migrationHead;
  while (budget-- > 0) {
    const m = order[state.migrationHead++]!;
    if (state.migrations.get(m.id) !== m) continue; // already dropped with its fresh server
    if (state.inProgress.has(m)) {
      order.push(m);
      continue;
    }
    state.migrations.delete(m.id);
    const ids = state.servers.get(m.serverId)?.migrationIds;
    const at = ids ? ids.indexOf(m.id) : -1;
    if (ids && at >= 0) ids.splice(at, 1);
    break;
  }
  if (state.migrationHead > 4096 && state.migrationHead * 2 > order.length) {
    order.splice(0, state.migrationHead);
    state.migrationHead = 0;
  }
}

/** "In progress" as the server-migrations APIs mean it (facts §3.6). */
export function isInProgress(status: MigrationStatus): boolean {
  return status === 'queued' || status === 'preparing' || status === 'running' || status === 'post-migrating';
}

/** A fresh target state from its world definition. */
export function createTargetState(target: NovaTarget, world: WorldDefinition, clock: Clock): TargetState {
  const state: TargetState = {
    target,
    world,
    hosts: new Map(world.hosts.map((h) => [h.name, h])),
    clock,
    offsetMs: 0,
    servers: new Map(),
    migrations: new Map(),
    inProgress: new Set(),
    migrationOrder: [],
    migrationHead: 0,
    nextTransitionMs: Number.POSITIVE_INFINITY,
    nextMigrationId: 1,
    nextFreshServer: 1,
    freshOrder: [],
    freshHead: 0,
  };
  const now = targetNow(state);
  for (const s of world.servers) {
    const t = world.templates[s.template]!;
    const server = serverFromTemplate(state, s.id, s.name, s.template, t, now, false);
    state.servers.set(server.id, server);
    seedTemplateMigration(state, server, t);
  }
  return state;
}

function seedTemplateMigration(state: TargetState, server: ServerRecord, t: ServerTemplate): void {
  if (!t.liveMigration) return;
  const destination = state.hosts.get(t.liveMigration.destination)!;
  addMigration(state, server, {
    type: 'live-migration',
    status: t.liveMigration.status,
    destination,
    userId: server.userId,
    projectId: server.projectId,
    blockMigration: false,
  });
}

/**
 * A new server cloned from a template, with a deterministic UUID. Beyond
 * `world.maxFreshServers` the oldest fresh server and its migrations are dropped, so a
 * long benchmark cannot grow memory without bound.
 */
export function createFreshServer(state: TargetState, templateName: string): ServerRecord | undefined {
  const t = state.world.templates[templateName];
  if (!t) return undefined;
  const n = state.nextFreshServer++;
  const id = deterministicUuid(FRESH_SERVER_KIND, n);
  const server = serverFromTemplate(state, id, `${templateName}-${n}`, templateName, t, targetNow(state), true);
  state.servers.set(id, server);
  seedTemplateMigration(state, server, t);
  state.freshOrder.push(id);
  if (state.freshOrder.length - state.freshHead > state.world.maxFreshServers) evictOldestFresh(state);
  return server;
}

function evictOldestFresh(state: TargetState): void {
  dropServer(state, state.freshOrder[state.freshHead++]!);
  compactFreshOrder(state);
}

/** Removes a server and its migration records. */
function dropServer(state: TargetState, id: string): void {
  const server = state.servers.get(id);
  if (!server) return;
  for (const mid of server.migrationIds) {
    const m = state.migrations.get(mid);
    if (m) state.inProgress.delete(m);
    state.migrations.delete(mid);
  }
  state.servers.delete(id);
}

/**
 * Compacts the queue now and then instead of shifting on every eviction: once at least 256 ids
 * and half the queue are gone (a run releases each block's servers, and a matrix of many
 * targets would otherwise keep thousands of dropped ids per target).
 */
function compactFreshOrder(state: TargetState): void {
  if (state.freshHead >= 256 && state.freshHead * 2 > state.freshOrder.length) {
    state.freshOrder.splice(0, state.freshHead);
    state.freshHead = 0;
  }
}

/**
 * Drops fresh servers nobody will ask about again (a matrix run's cells, once run) with their
 * migration records, so a long run keeps only the servers in use. Other servers keep every
 * answer they would have had: ids, migration ids and the cap count on as before.
 */
export function releaseFreshServers(state: TargetState, ids: readonly string[]): void {
  for (const id of ids) if (state.servers.get(id)?.fresh) dropServer(state, id);
  // Released servers leave the front of the queues (they are released in the order they were made).
  while (state.freshHead < state.freshOrder.length && !state.servers.has(state.freshOrder[state.freshHead]!)) state.freshHead++;
  compactFreshOrder(state);
  const order = state.migrationOrder;
  while (state.migrationHead < order.length && state.migrations.get(order[state.migrationHead]!.id) !== order[state.migrationHead]) state.migrationHead++;
  if (state.migrationHead > 4096 && state.migrationHead * 2 > order.length) {
    order.splice(0, state.migrationHead);
    state.migrationHead = 0;
  }
}
