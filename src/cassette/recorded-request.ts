/**
 * The request an interaction was recorded from, rebuilt so it can be sent again: to a replay
 * server (round-trip tests), or to another Nova or the emulator (comparing answers).
 */
import type { HttpRequest } from '../http/message.js';
import { LEGACY_HEADER, NEW_HEADER } from '../microversion/headers.js';
import { REDACTED, type CassetteInteraction } from './types.js';

/**
 * Rebuilds the request of `interaction`. Redacted path segments (the project id) become
 * `projectId`; the body is sent as recorded (passwords stay `<redacted>`).
 */
export function recordedRequest(interaction: CassetteInteraction, projectId: string): HttpRequest {
  const r = interaction.request;
  const full = r.path.split(REDACTED).join(projectId);
  const q = full.indexOf('?');
  const headers: Record<string, string> = {};
  if (r.microversion.openstackApiVersion !== null) headers[NEW_HEADER.toLowerCase()] = r.microversion.openstackApiVersion;
  if (r.microversion.novaApiVersion !== null) headers[LEGACY_HEADER.toLowerCase()] = r.microversion.novaApiVersion;
  if (r.contentType !== null) headers['content-type'] = r.contentType;
  return {
    method: r.method,
    path: q < 0 ? full : full.slice(0, q),
    query: q < 0 ? '' : full.slice(q + 1),
    headers,
    body: r.body,
  };
}
