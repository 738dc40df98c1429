/**
 * Turning what went over the wire into a cell's evidence: every credential redacted (by the
 * shared redactor, `src/redaction/redactor.ts`: credential headers whatever their value's
 * shape — the cell's `world.caller` says who called —, credential members of bodies, the
 * run's own tokens wherever they appear), parsed bodies, and no connection-level headers (they
 * say nothing about Nova and change on every run). Pure.
 */
import { createRedactor, type Redactor } from '../redaction/redactor.js';
import type { TransportResponse } from '../http/http-transport.js';
import type { CellResponse, CellResult } from './result.js';

const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
/** Kept, but not their value: a fresh id per request, so it would change on every run. */
const REQUEST_ID_HEADERS = new Set(['x-openstack-request-id', 'x-compute-request-id']);
export const REQUEST_ID_PLACEHOLDER = '<request-id>';

/** Redacts credential headers only (no known secrets): for callers without a run's redactor. */
const HEADERS_ONLY = createRedactor();

/** A header map with every credential header's value replaced by `<redacted>`. */
export function redactHeaders(headers: Readonly<Record<string, string>>, redactor: Redactor = HEADERS_ONLY): Record<string, string> {
  return redactor.headers(headers);
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

export function toCellResponse(response: TransportResponse, redactor: Redactor = HEADERS_ONLY): CellResponse {
  const headers: Record<string, string> = {};
  // for…in, not Object.entries: once per cell, and the pairs would be garbage straight away.
  for (const name in response.headers) {
    if (TRANSPORT_HEADERS.has(name)) continue;
    headers[name] = REQUEST_ID_HEADERS.has(name) ? REQUEST_ID_PLACEHOLDER : redactor.header(name, response.headers[name]!);
  }
  return { status: response.status, headers, body: redactor.value(parseBody(response.body)) };
}

/** A finished cell through the run's redactor: explanation, refusal, request and response. */
export function redactCell(cell: CellResult, redactor: Redactor): CellResult {
  const { request, response } = cell;
  return {
    ...cell,
    explanation: redactor.text(cell.explanation),
    ...(cell.refusal === undefined ? {} : { refusal: redactor.text(cell.refusal) }),
    request: request === null ? null : { ...request, path: redactor.text(request.path), headers: redactor.headers(request.headers), body: redactor.value(request.body) },
    response: response === null ? null : { ...response, headers: redactor.headers(response.headers), body: redactor.value(response.body) },
    ...(cell.driver === undefined ? {} : { driver: redactDriverEvidence(cell.driver, redactor) }),
  };
}

/** A real-client driver's texts (its exception, stderr, warnings) may quote anything the client saw. */
function redactDriverEvidence(driver: NonNullable<CellResult['driver']>, redactor: Redactor): NonNullable<CellResult['driver']> {
  return {
    ...driver,
    ...(driver.raised === undefined ? {} : { raised: redactor.text(driver.raised) }),
    ...(driver.reason === undefined ? {} : { reason: redactor.text(driver.reason) }),
    ...(driver.modelDifference === undefined ? {} : { modelDifference: redactor.text(driver.modelDifference) }),
    ...(driver.warnings === undefined ? {} : { warnings: driver.warnings.map((w) => redactor.text(w)) }),
  };
}
