/**
 * Live-migration progress on the deterministic clock, abort, force-complete and the cold
 * `migrate` action's effect. A live migration goes queued → preparing → running → completed,
 * one phase per `world.migrationPhaseSeconds` of target clock time; on completion the
 * server moves to the destination and its task_state returns to None. Pure.
 */
import type { Caller } from './world-types.js';
import type { WorldHost } from './world.js';
import {
  addMigration,
  targetNow,
  type MigrationRecord,
  type MigrationStatus,
  type ServerRecord,
  type TargetState,
} from './state.js';

const PHASES: readonly MigrationStatus[] = ['queued', 'preparing', 'running'];

/** Brings every in-progress live migration up to the target's current time. */
export function settleMigrations(state: TargetState): void {
  const now = targetNow(state);
  // Cheap on every request: nothing to do until the earliest phase change is due.
  if (state.inProgress.size === 0 || now < state.nextTransitionMs) return;
  const phaseMs = state.world.migrationPhaseSeconds * 1000;
  let next = Number.POSITIVE_INFINITY;
  for (const m of state.inProgress) {
    let index = PHASES.indexOf(m.status);
    if (index < 0) {
      state.inProgress.remove(m);
      continue;
    }
    while (index < PHASES.length && now - m.phaseStartMs >= phaseMs) {
      m.phaseStartMs += phaseMs;
      m.updatedAtMs = m.phaseStartMs;
      index += 1;
      m.status = index < PHASES.length ? PHASES[index]! : 'completed';
    }
    if (m.status === 'completed') complete(state, m, m.updatedAtMs);
    else next = Math.min(next, m.phaseStartMs + phaseMs);
  }
  state.nextTransitionMs = next;
}

/**
 * Runs the in-progress live migrations of one server (or of every server) to their end state
 * at once, without moving the clock: the emulator's answer to `POST /_mvmatrix/migrations/settle`.
 * Returns the live-migration records of the servers concerned, oldest first.
 */
export function settleServerMigrations(state: TargetState, serverId?: string): MigrationRecord[] {
  settleMigrations(state);
  const servers = new Set<string>();
  for (const m of [...state.inProgress]) {
    if (serverId !== undefined && m.serverId !== serverId) continue;
    servers.add(m.serverId);
    complete(state, m, targetNow(state));
  }
  if (serverId !== undefined) servers.add(serverId);
  const records: MigrationRecord[] = [];
  for (const m of state.migrations.values()) if (m.type === 'live-migration' && servers.has(m.serverId)) records.push(m);
  return records;
}

function complete(state: TargetState, m: MigrationRecord, at: number): void {
  m.status = 'completed';
  m.updatedAtMs = at;
  state.inProgress.remove(m);
  const server = state.servers.get(m.serverId);
  if (!server || m.destCompute === null) return;
  server.host = m.destCompute;
  server.node = m.destNode ?? m.destCompute;
  server.taskState = null;
  server.updatedAtMs = at;
}

/**
 * The accepted os-migrateLive: task_state `migrating` and a queued migration record; with a
 * pre-check error (2.34+, asynchronous) the record goes straight to `error` and the server's
 * task_state back to None, which is what a client polling after the 202 sees.
 */
export function startLiveMigration(
  state: TargetState,
  server: ServerRecord,
  destination: WorldHost | null,
  caller: Caller,
  options: { blockMigration: boolean; preCheckError: string | null },
): MigrationRecord {
  const record = addMigration(state, server, {
    type: 'live-migration',
    status: options.preCheckError === null ? 'queued' : 'error',
    destination,
    userId: caller.userId,
    projectId: caller.projectId,
    blockMigration: options.blockMigration,
  });
  const now = targetNow(state);
  server.updatedAtMs = now;
  if (options.preCheckError === null) {
    server.taskState = 'migrating';
  } else {
    record.errorReason = options.preCheckError;
    server.taskState = null;
  }
  return record;
}

/** A migration record left behind by a synchronous (below 2.34) conductor failure: accepted → error. */
export function recordFailedLiveMigration(state: TargetState, server: ServerRecord, destination: WorldHost | null, caller: Caller, reason: string): MigrationRecord {
  const record = addMigration(state, server, {
    type: 'live-migration',
    status: 'error',
    destination,
    userId: caller.userId,
    projectId: caller.projectId,
    blockMigration: false,
  });
  record.errorReason = reason;
  return record;
}

/** Abort (DELETE): the record is `cancelled`, the server stays on its source. */
export function abortLiveMigration(state: TargetState, m: MigrationRecord): void {
  const now = targetNow(state);
  m.status = 'cancelled';
  m.updatedAtMs = now;
  state.inProgress.remove(m);
  const server = state.servers.get(m.serverId);
  if (server) {
    server.taskState = null;
    server.updatedAtMs = now;
  }
}

/** Force complete: modelled as finishing the running migration at once. */
export function forceCompleteLiveMigration(state: TargetState, m: MigrationRecord): void {
  complete(state, m, targetNow(state));
}

/**
 * Cold migration, minimal: a `migration` record `finished` at once and the server on the
 * destination in vm_state `resized` (status VERIFY_RESIZE), as after a real resize-migrate.
 */
export function coldMigrate(state: TargetState, server: ServerRecord, destination: WorldHost, caller: Caller): MigrationRecord {
  const record = addMigration(state, server, {
    type: 'migration',
    status: 'finished',
    destination,
    userId: caller.userId,
    projectId: caller.projectId,
    blockMigration: true,
  });
  server.host = destination.name;
  server.node = destination.node;
  server.vmState = 'resized';
  server.taskState = null;
  server.updatedAtMs = targetNow(state);
  return record;
}

/**
 * A cold migration the (cast) conductor could not schedule: an `error` record, and the server
 * keeps its host and vm_state with task_state None.
 */
export function recordFailedColdMigration(state: TargetState, server: ServerRecord, destination: WorldHost | null, caller: Caller): MigrationRecord {
  const record = addMigration(state, server, {
    type: 'migration',
    status: 'error',
    destination,
    userId: caller.userId,
    projectId: caller.projectId,
    blockMigration: true,
  });
  record.errorReason = 'No valid host was found. There are not enough hosts available.';
  return record;
}

/** Byte counters as a live migration advances: nothing before `running`, half during, all after. */
export function migrationProgress(m: MigrationRecord): { memoryProcessed: number; diskProcessed: number } {
  const fraction = m.status === 'running' ? 0.5 : m.status === 'completed' || m.status === 'post-migrating' ? 1 : 0;
  return { memoryProcessed: Math.floor(m.memoryTotalBytes * fraction), diskProcessed: Math.floor(m.diskTotalBytes * fraction) };
}
