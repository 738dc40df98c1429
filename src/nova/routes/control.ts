/**
 * The emulator's own control API under `/_mvmatrix/` (not Nova's): fresh servers from
 * templates, the target clock, running migrations to their end (settle, the same route as the
 * real Nova's full mode), reset, a world dump and the target's limits. No auth, no
 * microversions. Pure.
 */
import type { HttpRequest } from '../../http/message.js';
import { formatIso } from '../clock.js';
import { settleMigrations, settleServerMigrations } from '../migrations.js';
import { MAX_REQUEST_BODY_BYTES } from '../router.js';
import { createFreshServer } from '../fresh-servers.js';
import { migrationRecordCap, targetNow, type TargetState } from '../state.js';
import { faultReply, okJson, type Reply } from './respond.js';

/** What the control routes may ask of the emulator beyond one target's state. */
export interface ControlHooks {
  /** Replaces the target's state with a fresh one from the world definition. */
  reset(): void;
}

function parseObject(body: string): Record<string, unknown> | undefined {
  if (body.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Everything the target holds, as JSON. */
export function worldDump(state: TargetState): unknown {
  return {
    target: { id: state.target.id, release: state.target.release.name, maxMicroversion: `${state.target.maxMicroversion.major}.${state.target.maxMicroversion.minor}` },
    now: formatIso(targetNow(state)),
    hosts: state.world.hosts,
    templates: state.world.templates,
    servers: [...state.servers.values()].map((s) => ({
      id: s.id, name: s.name, template: s.template, host: s.host, node: s.node, vmState: s.vmState, taskState: s.taskState,
      locked: s.locked, launchedAt: s.launchedAtMs === null ? null : formatIso(s.launchedAtMs), volumeBacked: s.volumeBacked,
      projectId: s.projectId, userId: s.userId, fresh: s.fresh, migrationIds: s.migrationIds,
    })),
    migrations: [...state.migrations.values()].map((m) => ({
      ...m, createdAt: formatIso(m.createdAtMs), updatedAt: formatIso(m.updatedAtMs),
    })),
  };
}

/**
 * The target's capacity (docs/emulator-model.md, "Limits"): fresh servers kept (older ones are
 * dropped, so a runner must not make more than this before their cells have run), migration
 * records kept, and Nova's request body limit.
 */
export function targetLimits(state: TargetState): { maxFreshServers: number; maxMigrationRecords: number; maxRequestBodyBytes: number } {
  return { maxFreshServers: state.world.maxFreshServers, maxMigrationRecords: migrationRecordCap(state.world), maxRequestBodyBytes: MAX_REQUEST_BODY_BYTES };
}

/** Answers `/_mvmatrix/<rest>`. */
export function handleControl(request: HttpRequest, state: TargetState, hooks: ControlHooks): Reply {
  const route = `${request.method} ${request.path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'POST /_mvmatrix/servers': {
      const body = parseObject(request.body);
      const name = body?.['template'];
      if (typeof name !== 'string') return faultReply(400, 'control API: body must be {"template": "<name>"}');
      const server = createFreshServer(state, name);
      if (!server) return faultReply(400, `control API: unknown template '${name}' (known: ${Object.keys(state.world.templates).join(', ')})`);
      return okJson({ server: { id: server.id, host: server.host, name: server.name } }, 201);
    }
    case 'POST /_mvmatrix/clock': {
      const advance = parseObject(request.body)?.['advance'];
      if (typeof advance !== 'number' || !Number.isFinite(advance) || advance < 0) {
        return faultReply(400, 'control API: body must be {"advance": <non-negative seconds>}');
      }
      state.offsetMs += Math.round(advance * 1000);
      settleMigrations(state);
      return okJson({ now: formatIso(targetNow(state)) });
    }
    case 'POST /_mvmatrix/migrations/settle': {
      const server = parseObject(request.body)?.['server'];
      if (server !== undefined && typeof server !== 'string') return faultReply(400, 'control API: body must be {} or {"server": "<id>"}');
      if (server !== undefined && !state.servers.has(server)) return faultReply(404, `control API: no server ${server}`);
      const settled = settleServerMigrations(state, server);
      return okJson({ migrations: settled.map((m) => ({ id: m.id, server: m.serverId, status: m.status })) });
    }
    case 'GET /_mvmatrix/clock':
      return okJson({ now: formatIso(targetNow(state)) });
    case 'POST /_mvmatrix/reset':
      hooks.reset();
      return { kind: 'raw', status: 204, headers: [], body: '' };
    case 'GET /_mvmatrix/world':
      return okJson(worldDump(state));
    case 'GET /_mvmatrix/limits':
      return okJson(targetLimits(state));
    default:
      return faultReply(404, 'The resource could not be found.');
  }
}
