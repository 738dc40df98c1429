/**
 * Nova's request pipeline for `/v2.1/<...>` and legacy `/v2/<...>` (facts §1, api-paste.ini):
 * sizelimit (413) → noauth2 (204 without a token) → route match with and without the
 * `{project_id}` segment (webob 404) → microversion (400/406) → Content-Type (415) → action
 * dispatch and body (400) → project id check (400) → microversion gate of the method (404)
 * → handler. Pure.
 */
import type { HttpRequest, ResponseHeaders } from '../http/message.js';
import { negotiateMicroversion, readRequestedMicroversion, sharedMicroversionResponseHeaders } from '../microversion/headers.js';
import { MIN_MICROVERSION, formatMicroversion, type Microversion } from '../microversion/version.js';
import type { LiveMigrationSwitchName } from './bands.js';
import { FAULT_MESSAGES } from './faults.js';
import { PyNumber, parseJsonLikePython, pyKeys } from './python-repr.js';
import { deepFreeze } from '../util/deep-freeze.js';
import type { TargetState } from './state.js';
import type { NovaTarget } from './target.js';
import { authenticate, noTokenResponse } from './auth.js';
import { switchOn, type ApiCall, type RouteHandler } from './routes/api-call.js';
import { faultReply, webobError, type Reply } from './routes/respond.js';
import { showVersionInsideApi } from './routes/versions.js';
import { listServers, listServersDetail, showServer } from './routes/servers.js';
import { coldMigrateAction, migrateLiveAction } from './routes/server-actions.js';
import { abortServerMigration, forceCompleteServerMigration, listServerMigrations, showServerMigration } from './routes/server-migrations.js';
import { listMigrations } from './routes/os-migrations.js';
import { listServices } from './routes/os-services.js';
import { listHypervisors, listHypervisorsDetail } from './routes/os-hypervisors.js';

/** Nova's (oslo.middleware sizelimit) `max_request_body_size` default. */
export const MAX_REQUEST_BODY_BYTES = 114688;

interface GatedHandler {
  readonly handler: RouteHandler;
  /** The method exists only from this switch's microversion (else 404 fault). */
  readonly since?: LiveMigrationSwitchName;
}

interface RouteEntry extends Partial<GatedHandler> {
  readonly method: string;
  /** Path segments; `:name` captures. The root route is `['']`. */
  readonly segments: readonly string[];
  /** For `.../action` routes: handlers by the body's single key. */
  readonly actions?: Readonly<Record<string, GatedHandler>>;
}

// Order matters as in Nova's ROUTE_LIST: `/servers/detail` before `/servers/{id}`.
const ROUTES: readonly RouteEntry[] = [
  { method: 'GET', segments: [''], handler: showVersionInsideApi },
  { method: 'GET', segments: ['versions', ':id'], handler: showVersionInsideApi },
  { method: 'GET', segments: ['os-hypervisors'], handler: listHypervisors },
  { method: 'GET', segments: ['os-hypervisors', 'detail'], handler: listHypervisorsDetail },
  { method: 'GET', segments: ['os-migrations'], handler: listMigrations },
  { method: 'GET', segments: ['os-services'], handler: listServices },
  { method: 'GET', segments: ['servers'], handler: listServers },
  { method: 'GET', segments: ['servers', 'detail'], handler: listServersDetail },
  { method: 'GET', segments: ['servers', ':id'], handler: showServer },
  {
    method: 'POST',
    segments: ['servers', ':id', 'action'],
    actions: { 'os-migrateLive': { handler: migrateLiveAction }, migrate: { handler: coldMigrateAction } },
  },
  { method: 'GET', segments: ['servers', ':server_id', 'migrations'], handler: listServerMigrations, since: 'serverMigrationsGet' },
  { method: 'GET', segments: ['servers', ':server_id', 'migrations', ':id'], handler: showServerMigration, since: 'serverMigrationsGet' },
  { method: 'DELETE', segments: ['servers', ':server_id', 'migrations', ':id'], handler: abortServerMigration, since: 'abort' },
  {
    method: 'POST',
    segments: ['servers', ':server_id', 'migrations', ':id', 'action'],
    actions: { force_complete: { handler: forceCompleteServerMigration, since: 'forceComplete' } },
  },
];

const PROJECT_ID = /^[0-9a-f-]+$/;

function matchSegments(pattern: readonly string[], segments: readonly string[], offset: number): Record<string, string> | undefined {
  if (segments.length - offset !== pattern.length) return undefined;
  // Check first, allocate the parameters only for the route that matches.
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i + offset]!;
    if (p.charCodeAt(0) === 58 /* : */ ? s === '' : p !== s) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.charCodeAt(0) === 58) params[p.slice(1)] = safeDecode(segments[i + offset]!);
  }
  return params;
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

interface RouteMatch {
  readonly entry: RouteEntry;
  readonly params: Record<string, string>;
  readonly projectInPath: string | null;
}

/** Routes-library matching: for each route, the `{project_id}` form first, then the plain one. */
export function matchRoute(method: string, apiPath: string): RouteMatch | undefined {
  const segments = apiPath.charCodeAt(0) === 47 /* / */ ? apiPath.slice(1).split('/') : apiPath.split('/').slice(1);
  const first = segments[0];
  const projectFirst = first !== undefined && PROJECT_ID.test(first);
  for (const entry of ROUTES) {
    if (entry.method !== method) continue;
    if (projectFirst) {
      const params = matchSegments(entry.segments, segments, 1);
      if (params) return { entry, params, projectInPath: first! };
    }
    const params = matchSegments(entry.segments, segments, 0);
    if (params) return { entry, params, projectInPath: null };
  }
  return undefined;
}

/** Where an API request arrived. */
export interface ApiEnvironment {
  readonly state: TargetState;
  readonly target: NovaTarget;
  readonly origin: string;
  readonly legacyV2: boolean;
  /** The path after `/v2.1` or `/v2`, starting with `/`. */
  readonly apiPath: string;
}

/** A reply plus the microversion headers it carries. */
export interface ApiResult {
  readonly reply: Reply;
  readonly headers: ResponseHeaders;
}

const NO_HEADERS: ResponseHeaders = [];

function bodyTooLarge(request: HttpRequest): boolean {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (request.body.length * 3 <= MAX_REQUEST_BODY_BYTES) return false;
  return new TextEncoder().encode(request.body).length > MAX_REQUEST_BODY_BYTES;
}

/** webob `Request.content_type` (parameters dropped), then Nova's rule (`Request.get_content_type`). */
export function contentTypeAccepted(headers: HttpRequest['headers']): boolean {
  const raw = headers['content-type'];
  if (raw === undefined || raw === 'application/json') return true;
  const type = raw.split(';')[0]!.trim();
  return type === '' || type === 'text/plain' || type === 'application/json';
}

type Peek = { ok: true; key: string; value: unknown } | { ok: false; reply: Reply };

/** Peeked action bodies by text: matrices and load tests send the same few bodies again and again. */
const PEEKED = new Map<string, Peek>();
const MAX_PEEKED = 1024;
const MAX_PEEKED_BODY = 2048;

/**
 * {@link peekAction}, remembered for short bodies. The parsed value is deep-frozen, so a cached
 * body cannot be changed by one request and seen by the next (handlers only read it).
 */
function peekActionCached(body: string): Peek {
  if (body.length > MAX_PEEKED_BODY) return peekAction(body);
  let peek = PEEKED.get(body);
  if (peek === undefined) {
    peek = peekAction(body);
    if (peek.ok) deepFreeze(peek.value);
    if (PEEKED.size >= MAX_PEEKED) PEEKED.clear();
    PEEKED.set(body, peek);
  }
  return peek;
}

/** `action_peek` + body deserialisation for `.../action` routes. */
function peekAction(body: string): Peek {
  const parsed = parseJsonLikePython(body);
  if (!parsed.ok) return { ok: false, reply: faultReply(400, FAULT_MESSAGES.malformedBody) };
  const value = parsed.value;
  if (value === null || value instanceof PyNumber || (typeof value !== 'object' && typeof value !== 'string')) {
    // len() of None/int/bool raises TypeError → Nova answers 404.
    return { ok: false, reply: faultReply(404, FAULT_MESSAGES.resourceNotFound) };
  }
  const length = typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : pyKeys(value).length;
  if (length !== 1) return { ok: false, reply: faultReply(400, FAULT_MESSAGES.malformedBody) };
  // A one-element list or one-character string has no `.keys()` → AttributeError → 404.
  if (typeof value === 'string' || Array.isArray(value)) return { ok: false, reply: faultReply(404, FAULT_MESSAGES.resourceNotFound) };
  return { ok: true, key: pyKeys(value)[0]!, value };
}

/** Runs one API request through Nova's pipeline. */
export function handleApiRequest(request: HttpRequest, env: ApiEnvironment): ApiResult {
  if (bodyTooLarge(request)) {
    return {
      reply: webobError(413, `Request is too large. Larger than max_request_body_size (${MAX_REQUEST_BODY_BYTES}).`, request.headers['accept']),
      headers: NO_HEADERS,
    };
  }
  const caller = authenticate(request.headers);
  if (!caller) return { reply: noTokenResponse(request, env.origin, env.legacyV2 ? 'v2' : 'v2.1', env.apiPath), headers: NO_HEADERS };

  const match = matchRoute(request.method, env.apiPath);
  if (!match) return { reply: webobError(404, FAULT_MESSAGES.resourceNotFound, request.headers['accept']), headers: NO_HEADERS };

  const release = env.target.release;
  let version: Microversion = MIN_MICROVERSION;
  let headers: ResponseHeaders = NO_HEADERS;
  if (!env.legacyV2) {
    const negotiated = negotiateMicroversion(readRequestedMicroversion(request.headers, release), env.target.maxMicroversion, env.target.minMicroversion);
    if (!negotiated.ok) {
      if (negotiated.status === 400) return { reply: faultReply(400, negotiated.message), headers: NO_HEADERS };
      return { reply: faultReply(406, negotiated.message), headers: sharedMicroversionResponseHeaders(negotiated.requested, release) };
    }
    version = negotiated.version;
    headers = sharedMicroversionResponseHeaders(formatMicroversion(version), release);
  }
  const done = (reply: Reply): ApiResult => ({ reply, headers });

  if (!contentTypeAccepted(request.headers)) return done(faultReply(415, FAULT_MESSAGES.unsupportedContentType));

  let gated: GatedHandler | undefined;
  let body: unknown;
  if (match.entry.actions) {
    const peek = peekActionCached(request.body);
    if (!peek.ok) return done(peek.reply);
    // Own members only: an action named `toString` or `constructor` is no such action, not Object's.
    gated = Object.hasOwn(match.entry.actions, peek.key) ? match.entry.actions[peek.key] : undefined;
    if (!gated) return done(faultReply(400, FAULT_MESSAGES.noSuchAction(peek.key)));
    body = peek.value;
  } else {
    gated = match.entry as GatedHandler;
    if (request.method === 'POST' || request.method === 'PUT') {
      if (request.body === '') body = null;
      else {
        const parsed = parseJsonLikePython(request.body);
        if (!parsed.ok) return done(faultReply(400, FAULT_MESSAGES.malformedBody));
        body = parsed.value;
      }
    }
  }

  if (match.projectInPath !== null && match.projectInPath !== caller.projectId) {
    return done(
      faultReply(400, `Malformed request URL: URL's project_id '${match.projectInPath}' doesn't match Context's project_id '${caller.projectId}'`),
    );
  }

  const call = new ApiCallContext(request, env, release, match, version, caller, body);
  if (gated.since && !switchOn(call, gated.since)) return done(faultReply(404, FAULT_MESSAGES.resourceNotFound));
  return done(gated.handler(call));
}

/** The {@link ApiCall} a handler receives; the query string is parsed on first use (most routes never read it). */
class ApiCallContext implements ApiCall {
  readonly state: TargetState;
  readonly target: NovaTarget;
  readonly origin: string;
  readonly versionSegment: 'v2.1' | 'v2';
  readonly projectInPath: string | null;
  readonly legacyV2: boolean;
  readonly params: Readonly<Record<string, string>>;
  #query: URLSearchParams | undefined;

  constructor(
    readonly request: HttpRequest,
    env: ApiEnvironment,
    readonly release: NovaTarget['release'],
    match: RouteMatch,
    readonly version: Microversion,
    readonly caller: ApiCall['caller'],
    readonly body: unknown,
  ) {
    this.state = env.state;
    this.target = env.target;
    this.origin = env.origin;
    this.versionSegment = env.legacyV2 ? 'v2' : 'v2.1';
    this.projectInPath = match.projectInPath;
    this.legacyV2 = env.legacyV2;
    this.params = match.params;
  }

  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.request.query));
  }
}
