/**
 * Interaction keys: what makes two requests "the same" for a recorded Nova — method, path
 * template (ids abstracted, the server's role kept), the microversion as Nova reads it,
 * the raw microversion headers, and the canonical body.
 */
import type { RequestHeaders } from '../http/message.js';
import { LEGACY_HEADER, NEW_HEADER, readRequestedMicroversion } from '../microversion/headers.js';
import { formatMicroversion } from '../microversion/version.js';
import type { CassetteCaller, CassetteMicroversion } from './types.js';

/** A path with its ids abstracted, plus the ids that were there. */
export interface TemplatedPath {
  /** `/v2.1/{project_id}/servers/{server_id}/action` (query string kept as sent). */
  readonly template: string;
  readonly serverId: string | null;
  readonly projectId: string | null;
  readonly migrationId: string | null;
}

// Collections whose next segment is an item id; values name the placeholder.
const ID_AFTER: Readonly<Record<string, string>> = {
  servers: 'server_id',
  migrations: 'migration_id',
  'os-migrations': 'migration_id',
};
// Segments after a collection that are sub-resources, not ids.
const NOT_IDS: ReadonlySet<string> = new Set(['detail', 'action']);
const HEX_PROJECT = /^[0-9a-fA-F]{32}$/;

/**
 * Abstracts ids in `path` (which may carry `?query`). A project id is the segment right after
 * `v2`/`v2.1` when it is 32 hex digits or one of `projectIds`.
 */
export function templatePath(path: string, projectIds: readonly string[] = []): TemplatedPath {
  const q = path.indexOf('?');
  const bare = q < 0 ? path : path.slice(0, q);
  const query = q < 0 ? '' : path.slice(q);
  const segments = bare.split('/');
  let serverId: string | null = null;
  let projectId: string | null = null;
  let migrationId: string | null = null;
  for (let i = 1; i < segments.length; i++) {
    const previous = segments[i - 1]!;
    const segment = segments[i]!;
    if (segment === '') continue;
    if ((previous === 'v2.1' || previous === 'v2') && i === 2 && (HEX_PROJECT.test(segment) || projectIds.includes(segment))) {
      projectId = segment;
      segments[i] = '{project_id}';
      continue;
    }
    const placeholder = ID_AFTER[previous];
    if (placeholder && !NOT_IDS.has(segment) && !segment.startsWith('{')) {
      if (placeholder === 'server_id') serverId = segment;
      else migrationId = segment;
      segments[i] = `{${placeholder}}`;
    }
  }
  return { template: segments.join('/') + query, serverId, projectId, migrationId };
}

/**
 * The microversion as Nova reads it: `default`, `latest`, `2.30`, or `malformed:<raw>`
 * (the raw text is in Nova's 400 message, so it is part of the key).
 */
export function readCassetteMicroversion(headers: RequestHeaders, newStyleHeader = true): CassetteMicroversion {
  const requested = readRequestedMicroversion(headers, { newStyleHeader });
  let effective: string;
  switch (requested.kind) {
    case 'default':
      effective = 'default';
      break;
    case 'latest':
      effective = 'latest';
      break;
    case 'version':
      effective = formatMicroversion(requested.version);
      break;
    case 'malformed':
      effective = `malformed:${requested.raw}`;
      break;
  }
  return {
    effective,
    openstackApiVersion: headers[NEW_HEADER.toLowerCase()] ?? null,
    novaApiVersion: headers[LEGACY_HEADER.toLowerCase()] ?? null,
  };
}

/**
 * Who a token stands for on replay: none without a token; for a noauth2 `<user>:<project>`
 * token, `admin` when the user is `admin`, else `member`; any other token is taken as the
 * recording's (admin) token.
 */
export function callerOfToken(token: string | undefined): CassetteCaller {
  if (token === undefined || token === '') return 'none';
  const match = /^([^:\s]+):[^:\s]+$/.exec(token);
  if (!match) return 'admin';
  return match[1] === 'admin' ? 'admin' : 'member';
}

/** The parts of a key; {@link interactionKeyString} renders them. */
export interface InteractionKeyParts {
  readonly method: string;
  readonly pathTemplate: string;
  readonly serverRef: string | null;
  readonly caller: CassetteCaller;
  readonly microversion: CassetteMicroversion;
  /** `Content-Type` as sent; part of the key only when there is a body. */
  readonly contentType: string | null;
  readonly bodyKey: string;
}

/** `application/json` from `Application/JSON; charset=utf-8`; `-` for none. */
export function mediaType(contentType: string | null): string {
  if (contentType === null) return '-';
  return contentType.split(';')[0]!.trim().toLowerCase() || '-';
}

/** `POST /v2.1/servers/{server_id}/action server=unknown mv=2.30 ct=application/json body={...} hdr=compute 2.30|-`. */
export function interactionKeyString(parts: InteractionKeyParts): string {
  return `${looseKeyString(parts)} hdr=${parts.microversion.openstackApiVersion ?? '-'}|${parts.microversion.novaApiVersion ?? '-'}`;
}

/**
 * The key without the raw header spelling: two requests asking for the same valid
 * microversion in different header styles get the same answer from Nova.
 */
export function looseKeyString(parts: InteractionKeyParts): string {
  const server = parts.serverRef === null ? '' : ` server=${parts.serverRef}`;
  // The recording token (admin) is the norm; other callers are marked.
  const caller = parts.caller === 'admin' ? '' : ` as=${parts.caller}`;
  // Nova reads the Content-Type only of a body (415 for XML), so only then is it part of the key.
  const type = parts.bodyKey === '' ? '' : ` ct=${mediaType(parts.contentType)}`;
  return `${parts.method.toUpperCase()} ${parts.pathTemplate}${server}${caller} mv=${parts.microversion.effective}${type} body=${parts.bodyKey}`;
}
