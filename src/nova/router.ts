/**
 * Nova's request pipeline for `/v2.1/<...>` and legacy `/v2/<...>` (facts §1, api-paste.ini):
 * sizelimit (413) → noauth2 (204 without a token) → route match with and without the
 * `{project_id}` segment (webob 404) → microversion (400/406) → Content-Type (415) → action
 * dispatch and body (400) → project id check (400) → microversion gate of the method (404)
 * → handler. Pure.
 */
import type { HttpRequest, ResponseHeaders } from '../http/message.js';
import { negotiateMicroversion, readRequestedMicroversion, sharedMicroversionResponseHeaders, sharedResponseHeadersOf } from '../microversion/headers.js';
import { MIN_MICROVERSION, type Microversion } from '../microversion/version.js';
import { FAULT_MESSAGES } from './faults.js';
import { PyNumber, parseJsonLikePython, pyKeys } from './python-repr.js';
import { deepFreeze } from '../util/deep-freeze.js';
import type { TargetState } from './state.js';
import type { NovaTarget } from './target.js';
import { authenticate, noTokenResponse } from './auth.js';
import { switchOn, type ApiCall } from './routes/api-call.js';
import { matchRoute, type GatedHandler, type RouteMatch } from './route-table.js';
import { faultReply, webobError, type Reply } from './routes/respond.js';

/** Nova's (oslo.middleware sizelimit) `max_request_body_size` default. */
export const MAX_REQUEST_BODY_BYTES = 114688;

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
  // A load test repeats one body: comparing with the last one is cheaper than hashing it.
  if (body === lastPeekedBody) return lastPeek!;
  let peek = PEEKED.get(body);
  if (peek === undefined) {
    peek = peekAction(body);
    if (peek.ok) deepFreeze(peek.value);
    if (PEEKED.size >= MAX_PEEKED) PEEKED.clear();
    PEEKED.set(body, peek);
  }
  lastPeekedBody = body;
  lastPeek = peek;
  return peek;
}

let lastPeekedBody: string | undefined;
let lastPeek: Peek | undefined;

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
    headers = sharedResponseHeadersOf(version, release);
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
