/**
 * The Nova emulator's pure model: `handle(request, {target, origin})` decides every response
 * from the request, the target's in-memory state and the clock. One lazily created state per
 * target id; no I/O. The HTTP edge is `adapters/node-server.ts`.
 */
import type { HttpRequest, HttpResponse, ResponseHeaders } from '../http/message.js';
import { negotiateMicroversion, readRequestedMicroversion, sharedMicroversionResponseHeaders } from '../microversion/headers.js';
import { formatMicroversion } from '../microversion/version.js';
import { DEFAULT_START_MS, manualClock, type Clock } from './clock.js';
import { counterHexFormatter } from './counter-hex.js';
import type { EmulatorRequestContext, NovaEmulator } from './contract.js';
import { settleMigrations } from './migrations.js';
import { contentTypeAccepted, handleApiRequest } from './router.js';
import { FAULT_MESSAGES } from './faults.js';
import { handleControl } from './routes/control.js';
import { faultReply, okJson, renderReply, type Reply } from './routes/respond.js';
import { createFreshServer, releaseFreshServers } from './fresh-servers.js';
import { createTargetState, type TargetState } from './state.js';
import type { NovaTarget } from './target.js';
import { choicesDocument, rootVersionsDocument, versionDocument } from './version-documents.js';
import { DEFAULT_WORLD, type WorldDefinition } from './world.js';

export interface EmulatorOptions {
  /** The world every target starts from (default: {@link DEFAULT_WORLD}). */
  readonly world?: WorldDefinition;
  /** Shared time source; each target adds its own offset. Default: a clock standing at the world's `startTime`. */
  readonly clock?: Clock;
}

/** {@link NovaEmulator} plus access to the per-target state (tests, benchmarks, the serve command). */
export interface Emulator extends NovaEmulator {
  /** The state of a target, created on first use. */
  stateOf(target: NovaTarget): TargetState;
  /** Drops one target's state (or every target's); it is re-created from the world on next use. */
  reset(targetId?: string): void;
  /** How many targets have state. */
  readonly targetCount: number;
  /** The world every target starts from. */
  readonly world: WorldDefinition;
  /**
   * `count` fresh servers from a template, in order: what `POST /_mvmatrix/servers` does, without
   * the JSON round trip (matrix runs make one per cell). Undefined for an unknown template.
   */
  createServers(target: NovaTarget, template: string, count: number): { id: string; host: string }[] | undefined;
  /** Drops fresh servers (and their migration records) that will not be asked about again. */
  releaseServers(target: NovaTarget, ids: readonly string[]): void;
}

const requestIdHex = counterHexFormatter(12);

function requestIdHeaders(counter: number): ResponseHeaders {
  const id = `req-00000000-0000-4000-8000-${requestIdHex(counter)}`;
  return [
    ['x-openstack-request-id', id],
    ['x-compute-request-id', id],
  ];
}

/** `GET /v2.1` and `/v2.1/`: a microversioned resource (400/406 and version headers). */
function v21Document(request: HttpRequest, context: EmulatorRequestContext): { reply: Reply; headers: ResponseHeaders } {
  const { target } = context;
  const negotiated = negotiateMicroversion(readRequestedMicroversion(request.headers, target.release), target.maxMicroversion, target.minMicroversion);
  if (!negotiated.ok) {
    if (negotiated.status === 400) return { reply: faultReply(400, negotiated.message), headers: [] };
    return { reply: faultReply(406, negotiated.message), headers: sharedMicroversionResponseHeaders(negotiated.requested, target.release) };
  }
  const headers = sharedMicroversionResponseHeaders(formatMicroversion(negotiated.version), target.release);
  if (!contentTypeAccepted(request.headers)) return { reply: faultReply(415, FAULT_MESSAGES.unsupportedContentType), headers };
  return { reply: okJson(versionDocument(context.origin, target, false)), headers };
}

/** Creates an emulator. Cheap: targets get their state on first request. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const world = options.world ?? DEFAULT_WORLD;
  const startMs = Date.parse(world.startTime);
  const clock = options.clock ?? manualClock(Number.isNaN(startMs) ? DEFAULT_START_MS : startMs);
  const states = new Map<string, TargetState>();
  let requests = 0;

  const stateOf = (target: NovaTarget): TargetState => {
    let state = states.get(target.id);
    if (!state) {
      state = createTargetState(target, world, clock);
      states.set(target.id, state);
    }
    return state;
  };

  const dispatch = (request: HttpRequest, context: EmulatorRequestContext, state: TargetState): { reply: Reply; headers: ResponseHeaders } => {
    const { path } = request;
    const { origin, target } = context;
    // The API paths first (nearly every request): none of the checks below applies to them.
    if (path.length > 6 && path.startsWith('/v2.1/')) return handleApiRequest(request, { state, target, origin, legacyV2: false, apiPath: path.slice(5) });
    if (path === '/_mvmatrix' || path.startsWith('/_mvmatrix/')) {
      return { reply: handleControl(request, state, { reset: () => states.delete(target.id) }), headers: [] };
    }
    const isApi = path.startsWith('/v2.1/') && path !== '/v2.1/' || path.startsWith('/v2/') && path !== '/v2/';
    if (path === '/v2.1' || path === '/v2.1/') return v21Document(request, context);
    // The other version documents are wsgi.Resources too: Content-Type is checked before anything else.
    if (!isApi && !contentTypeAccepted(request.headers)) return { reply: faultReply(415, FAULT_MESSAGES.unsupportedContentType), headers: [] };
    if (path === '/') return { reply: okJson(rootVersionsDocument(origin, target)), headers: [] };
    if (path === '/v2' || path === '/v2/') return { reply: okJson(versionDocument(origin, target, true)), headers: [] };
    if (path.startsWith('/v2.1/')) return handleApiRequest(request, { state, target, origin, legacyV2: false, apiPath: path.slice('/v2.1'.length) });
    if (path.startsWith('/v2/')) return handleApiRequest(request, { state, target, origin, legacyV2: true, apiPath: path.slice('/v2'.length) });
    return { reply: okJson(choicesDocument(origin, target, path), 300), headers: [] };
  };

  return {
    handle(request: HttpRequest, context: EmulatorRequestContext): HttpResponse {
      requests += 1;
      const state = stateOf(context.target);
      settleMigrations(state);
      const { reply, headers } = dispatch(request, context, state);
      return renderReply(reply, headers, requestIdHeaders(requests));
    },
    stateOf,
    reset(targetId?: string) {
      if (targetId === undefined) states.clear();
      else states.delete(targetId);
    },
    get targetCount() {
      return states.size;
    },
    world,
    createServers(target: NovaTarget, template: string, count: number) {
      const state = stateOf(target);
      settleMigrations(state);
      if (state.world.templates[template] === undefined) return undefined;
      const servers: { id: string; host: string }[] = [];
      for (let i = 0; i < count; i++) {
        const server = createFreshServer(state, template)!;
        servers.push({ id: server.id, host: server.host });
      }
      return servers;
    },
    releaseServers(target: NovaTarget, ids: readonly string[]) {
      const state = states.get(target.id);
      if (state) releaseFreshServers(state, ids);
    },
  };
}
