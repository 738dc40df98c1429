/**
 * Turning one request sent and the answer received into a cassette interaction: keying,
 * redaction and base-URL abstraction in one place, shared by the recorder and the replayer.
 */
import type { RequestHeaders } from '../http/message.js';
import { bodyKey } from './canonical.js';
import { interactionKeyString, readCassetteMicroversion, templatePath } from './key.js';
import type { Redactor } from './redact.js';
import { BASE_URL_PLACEHOLDER, type CassetteCaller, type CassetteInteraction, type CassetteRequest } from './types.js';

/** Response headers a cassette keeps (lower case). Dates, request ids and lengths are noise. */
export const RECORDED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'openstack-api-version',
  'x-openstack-nova-api-version',
  'vary',
  'location',
  'retry-after',
]);

export interface SentRequest {
  readonly method: string;
  /** Path as sent (ids filled in), relative to the target base URL, with any `?query`. */
  readonly path: string;
  /** Lower-case header names. */
  readonly headers: RequestHeaders;
  readonly body: string;
}

export interface KeyContext {
  readonly redactor: Redactor;
  /** Project ids to template even when they are not 32 hex digits. */
  readonly projectIds: readonly string[];
  /** Server role of the id in the path, or null when the path names no server. */
  readonly serverRef: string | null;
  /** Who sent the request. */
  readonly caller: CassetteCaller;
  /** Reads headers as Newton+ Nova does (true) or as Liberty/Mitaka (false). */
  readonly newStyleHeader: boolean;
}

/** The cassette form of a request, key included (all secrets removed). */
export function cassetteRequest(sent: SentRequest, ctx: KeyContext): { request: CassetteRequest; key: string } {
  const templated = templatePath(sent.path, ctx.projectIds);
  const body = ctx.redactor.text(sent.body);
  const microversion = readCassetteMicroversion(sent.headers, ctx.newStyleHeader);
  const redactedMv = {
    effective: ctx.redactor.text(microversion.effective),
    openstackApiVersion: microversion.openstackApiVersion === null ? null : ctx.redactor.text(microversion.openstackApiVersion),
    novaApiVersion: microversion.novaApiVersion === null ? null : ctx.redactor.text(microversion.novaApiVersion),
  };
  const request: CassetteRequest = {
    method: sent.method.toUpperCase(),
    pathTemplate: ctx.redactor.text(templated.template),
    path: ctx.redactor.text(sent.path),
    serverRef: templated.serverId === null ? null : ctx.serverRef,
    caller: ctx.caller,
    microversion: redactedMv,
    contentType: sent.headers['content-type'] ?? null,
    body,
    bodyKey: bodyKey(body),
  };
  return { request, key: interactionKeyString(request) };
}

/** Replaces every occurrence of `baseUrl` by the placeholder (and back with {@link restoreBaseUrl}). */
export function abstractBaseUrl(text: string, baseUrl: string): string {
  return baseUrl === '' ? text : text.split(baseUrl).join(BASE_URL_PLACEHOLDER);
}

export function restoreBaseUrl(text: string, baseUrl: string): string {
  return text.split(BASE_URL_PLACEHOLDER).join(baseUrl);
}

/** A complete interaction from what was sent and what came back. */
export function buildInteraction(
  name: string,
  sent: SentRequest,
  received: { status: number; headers: ReadonlyArray<readonly [string, string]>; body: string },
  ctx: KeyContext & { readonly baseUrl: string },
): CassetteInteraction {
  const { request, key } = cassetteRequest(sent, ctx);
  const headers = received.headers
    .filter(([n]) => RECORDED_RESPONSE_HEADERS.has(n.toLowerCase()))
    .map(([n, v]) => [n, ctx.redactor.header(n, abstractBaseUrl(v, ctx.baseUrl))] as const);
  return {
    key,
    name,
    request,
    response: { status: received.status, headers, body: ctx.redactor.text(abstractBaseUrl(received.body, ctx.baseUrl)) },
  };
}

/**
 * Headers in a canonical order for comparing two Novas: by lower-case name, keeping the
 * relative order of repeated headers (the two `Vary` lines). HTTP gives no meaning to the
 * order of different names, so only this form should be compared across implementations.
 */
export function headersForComparison(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return headers
    .map(([n, v], i) => ({ n, v, i }))
    .sort((a, b) => (a.n.toLowerCase() < b.n.toLowerCase() ? -1 : a.n.toLowerCase() > b.n.toLowerCase() ? 1 : a.i - b.i))
    .map(({ n, v }) => [n, v]);
}
