/**
 * Turning what went over the wire into a cell's evidence: token redaction, parsed bodies, and
 * no connection-level headers (they say nothing about Nova and change on every run). Pure.
 */
import type { TransportResponse } from './http-transport.js';
import type { CellResponse } from './result.js';

const NOAUTH_TOKEN = /^[\w.-]+:[\w.-]+$/;
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
/** Kept, but not their value: a fresh id per request, so it would change on every run. */
const REQUEST_ID_HEADERS = new Set(['x-openstack-request-id', 'x-compute-request-id']);
export const REQUEST_ID_PLACEHOLDER = '<request-id>';

/** Evidence must not leak a real token; noauth2 `<user>:<project>` tokens are kept (they say who called). */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = name.toLowerCase() === 'x-auth-token' && !NOAUTH_TOKEN.test(value) ? '<redacted>' : value;
  }
  return out;
}

/** Parsed JSON, else the text; `null` for an empty body. */
export function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function toCellResponse(response: TransportResponse): CellResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (TRANSPORT_HEADERS.has(name)) continue;
    headers[name] = REQUEST_ID_HEADERS.has(name) ? REQUEST_ID_PLACEHOLDER : value;
  }
  return { status: response.status, headers, body: parseBody(response.body) };
}
