/**
 * The mutable state of one emulated target: its servers, migration records and clock
 * offset, created lazily from a {@link WorldDefinition}. Records are small flat objects so
 * that thousands of targets × tens of thousands of fresh servers stay cheap. Pure (no I/O).
 */
import { counterHexFormatter } from './counter-hex.js';
import { IdTable } from './id-table.js';
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
  /**
   * The record of the last id in `migrationIds` (never evicted while the server exists): the one
   * a new migration supersedes, held here so that the 202 path need not look it up.
   */
  latestMigration: MigrationRecord | null;
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
  readonly migrations: IdTable<MigrationRecord>;
  /** Live migrations still progressing (settled lazily on each request), in id order. */
  readonly inProgress: IdTable<MigrationRecord>;
  /**
   * The eviction queue, from `migrationHead` on: records no longer the newest of their server,
   * in the order they were superseded. A server's newest record is never evicted while the
   * server exists (it is what a client reads back after a 202).
   */
  readonly migrationOrder: MigrationRecord[];
  /** The server of each record in `migrationOrder`, at the same positions (eviction updates it without a lookup). */
  readonly migrationOrderServers: ServerRecord[];
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

const MIGRATION_KIND = 0x3a000000;
// deterministicUuid's constant part, formatted once: a record is made on every accepted migration.
const MIGRATION_UUID_PREFIX = deterministicUuid(MIGRATION_KIND, 0).slice(0, -12);
const migrationHex = counterHexFormatter(12);

export function migrationUuid(id: number): string {
  return MIGRATION_UUID_PREFIX + migrationHex(id);
}

export function serverFromTemplate(
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
    latestMigration: null,
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
  state.migrations.add(record);
  const superseded = server.latestMigration;
  if (superseded) {
    state.migrationOrder.push(superseded);
    state.migrationOrderServers.push(server);
  }
  server.migrationIds.push(id);
  server.latestMigration = record;
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
  const owners = state.migrationOrderServers;
  let budget = order.length - state.migrationHead;
  while (budget-- > 0) {
    const m = order[state.migrationHead]!;
    // A record still present belongs to a server still present (dropServer drops its records).
    const owner = owners[state.migrationHead++]!;
    if (state.migrations.get(m.id) !== m) continue; // already dropped with its fresh server
    if (state.inProgress.includes(m)) {
      order.push(m);
      owners.push(owner);
      continue;
    }
    state.migrations.delete(m.id);
    const ids = owner.migrationIds;
    const at = ids.indexOf(m.id);
    if (at >= 0) ids.splice(at, 1);
    break;
  }
  compactMigrationOrder(state);
}

/** Drops the consumed front of the eviction queue now and then (amortised O(1), like the fresh-server queue). */
export function compactMigrationOrder(state: TargetState): void {
  if (state.migrationHead > 4096 && state.migrationHead * 2 > state.migrationOrder.length) {
    state.migrationOrder.splice(0, state.migrationHead);
    state.migrationOrderServers.splice(0, state.migrationHead);
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
    migrations: new IdTable(),
    inProgress: new IdTable(),
    migrationOrder: [],
    migrationOrderServers: [],
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

export function seedTemplateMigration(state: TargetState, server: ServerRecord, t: ServerTemplate): void {
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
