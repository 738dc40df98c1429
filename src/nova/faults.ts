/**
 * Nova faults as data (facts §1.4): `{"<key>": {"code": N, "message": "..."}}`,
 * the key chosen by status. Pure.
 */
import type { NovaFault } from './contract.js';
import { pythonJsonDumps } from './python-json.js';

const FAULT_KEYS: Readonly<Record<number, string>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** `badRequest` for 400 … `computeFault` for anything unlisted (406, 500). */
export function faultKey(status: number): string {
  return FAULT_KEYS[status] ?? 'computeFault';
}

export function fault(status: number, message: string): NovaFault {
  return { status, message };
}

/** Rendered fault bodies by status and message: the same faults repeat across requests. */
const FAULT_BODIES = new Map<string, string>();
const MAX_CACHED_FAULT_BODIES = 4096;

/** The JSON body Nova sends for a fault, with Python's separators as Nova writes it. */
export function faultBody(f: NovaFault): string {
  const key = `${f.status} ${f.message}`;
  let body = FAULT_BODIES.get(key);
  if (body === undefined) {
    body = pythonJsonDumps({ [faultKey(f.status)]: { code: f.status, message: f.message } });
    // Bounded: messages naming a server id are unique per server.
    if (FAULT_BODIES.size >= MAX_CACHED_FAULT_BODIES) FAULT_BODIES.clear();
    FAULT_BODIES.set(key, body);
  }
  return body;
}

/** Content-Type of every Nova fault response. */
export const FAULT_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** Message templates used in more than one place. */
export const FAULT_MESSAGES = {
  resourceNotFound: 'The resource could not be found.',
  malformedBody: 'Malformed request body',
  unsupportedContentType: 'Unsupported Content-Type',
  noSuchAction: (action: string) => `There is no such action: ${action}`,
  instanceNotFound: (id: string) => `Instance ${id} could not be found.`,
  policyNotAllowed: (rule: string) => `Policy doesn't allow ${rule} to be performed.`,
  instanceLocked: (uuid: string) => `Instance ${uuid} is locked`,
  invalidState: (action: string, id: string, attr: string, state: string) =>
    `Cannot '${action}' instance ${id} while it is in ${attr} ${state}`,
  invalidStateGeneric: (action: string, id: string) => `Instance ${id} is in an invalid state for '${action}'`,
  computeHostNotFound: (host: string) => `Compute host ${host} could not be found.`,
  forceWithoutHost: "Can't force to a non-provided destination",
  unexpected: (support: string, pythonClass: string) => `Unexpected API Error. ${support}\n<class '${pythonClass}'>`,
} as const;

/**
 * Nova's `raise_http_conflict_for_instance_invalid_state` for `check_instance_state`: a 409
 * naming the offending attribute and value, or the generic text when that value is None.
 */
export function invalidStateFault(action: string, serverId: string, attr: string, state: string | null): NovaFault {
  return fault(
    409,
    state === null ? FAULT_MESSAGES.invalidStateGeneric(action, serverId) : FAULT_MESSAGES.invalidState(action, serverId, attr, state),
  );
}
