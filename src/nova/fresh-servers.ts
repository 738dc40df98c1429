/**
 * Fresh servers of a target (made through the control API or by a matrix run, one per cell):
 * creation from a template, the cap on how many a target keeps, and release. Pure.
 */
import { counterHexFormatter } from './counter-hex.js';
import { compactMigrationOrder, deterministicUuid, seedTemplateMigration, serverFromTemplate, targetNow, type ServerRecord, type TargetState } from './state.js';

const FRESH_SERVER_KIND = 0xf5e00000;
// deterministicUuid's constant part, formatted once.
const FRESH_SERVER_UUID_PREFIX = deterministicUuid(FRESH_SERVER_KIND, 0).slice(0, -12);
const freshServerHex = counterHexFormatter(12);

/**
 * A new server cloned from a template, with a deterministic UUID. Beyond
 * `world.maxFreshServers` the oldest fresh server and its migrations are dropped, so a
 * long benchmark cannot grow memory without bound.
 */
export function createFreshServer(state: TargetState, templateName: string): ServerRecord | undefined {
  const t = state.world.templates[templateName];
  if (!t) return undefined;
  const n = state.nextFreshServer++;
  const id = FRESH_SERVER_UUID_PREFIX + freshServerHex(n);
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
    if (m) state.inProgress.remove(m);
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
  compactMigrationOrder(state);
}
