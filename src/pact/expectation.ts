/**
 * What a consumer relies on in Nova's answer to one cell's request. Where the matrix found the
 * answer as the user expects (pass, degraded, drift, expected-error) it is the answer itself:
 * status, microversion headers, and for a fault its key, code and message (as a regex: server
 * ids are incidental). Where it did not (rejected, error), it is what the scenario expects —
 * success, or the scenario's error — so the pact states the expectation Nova fails, and
 * verification shows the failure (pending when accepted, see `pending.ts`). Pure.
 */
import type { Scenario } from '../matrix/definition.js';
import { faultMessage } from '../matrix/classify.js';
import type { CellResponse, CellResult, Outcome } from '../matrix/result.js';
import { LEGACY_HEADER, NEW_HEADER } from '../microversion/headers.js';
import { faultKey } from '../nova/faults.js';
import type { FaultSpec, ResponseSpec } from './interaction-spec.js';

/** Outcomes whose HTTP answer is what the user expects (drift: Pact cannot see the difference). */
const ANSWER_AS_EXPECTED: ReadonlySet<Outcome> = new Set(['pass', 'degraded', 'drift', 'expected-error']);

/** The microversion response headers, in Nova's spelling, by lower-case name. */
const MICROVERSION_HEADERS: Readonly<Record<string, string>> = {
  [NEW_HEADER.toLowerCase()]: NEW_HEADER,
  [LEGACY_HEADER.toLowerCase()]: LEGACY_HEADER,
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const UUID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A fault message as a regex: the exact text, anchored, any server id (UUID) in it matching
 * any UUID. The example shows `exampleServerId` where the run's server id was.
 */
export function messagePattern(message: string, exampleServerId: string): { regex: string; example: string } {
  const parts = message.split(UUID);
  return { regex: `^${parts.map(escapeRegex).join(UUID_PATTERN)}$`, example: message.replace(UUID, exampleServerId) };
}

function observedFault(response: CellResponse, exampleServerId: string): FaultSpec | undefined {
  const body = response.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const entries = Object.entries(body as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [key, inner] = entries[0]!;
  const code = (inner as { code?: unknown } | null)?.code;
  if (typeof code !== 'number' || !Number.isInteger(code)) return undefined;
  return { key, code, message: messagePattern(faultMessage(body), exampleServerId) };
}

function observedHeaders(response: CellResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const spelled = MICROVERSION_HEADERS[name.toLowerCase()];
    if (spelled) headers[spelled] = value;
  }
  return Object.fromEntries(Object.entries(headers).sort(([a], [b]) => a.localeCompare(b)));
}

function fromScenario(scenario: Scenario): ResponseSpec {
  const error = scenario.expect.error;
  if (!error) return { status: 202, headers: {} };
  // From 2.34 a pre-check failure arrives after the 202: the consumer accepts both.
  const statuses = error.async ? [...error.status, 202] : [...error.status];
  const status = error.status[0]!;
  if (statuses.length > 1) return { status, statuses, headers: {} };
  if (error.message === undefined) return { status, headers: {} };
  const message = { regex: `^.*${escapeRegex(error.message)}.*$`, example: error.message };
  return { status, headers: {}, fault: { key: faultKey(status), code: status, message } };
}

export interface Expectation {
  readonly response: ResponseSpec;
  /** `observed`: Nova's answer as the matrix saw it; `scenario`: what the user expects instead. */
  readonly source: 'observed' | 'scenario';
}

/** The expected response for a cell that sent a request. */
export function expectedResponse(result: CellResult, scenario: Scenario, exampleServerId: string): Expectation {
  const response = result.response;
  if (response && ANSWER_AS_EXPECTED.has(result.outcome)) {
    const fault = response.status >= 400 ? observedFault(response, exampleServerId) : undefined;
    return { response: { status: response.status, headers: observedHeaders(response), ...(fault ? { fault } : {}) }, source: 'observed' };
  }
  return { response: fromScenario(scenario), source: 'scenario' };
}
