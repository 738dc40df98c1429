/**
 * Which microversion took effect for one exchange: from the response's version headers
 * (what Nova says it used), else by reading the request headers the way the target's Nova
 * would. Pure.
 */
import { LEGACY_HEADER, NEW_HEADER, negotiateMicroversion, readRequestedMicroversion } from '../microversion/headers.js';
import { MIN_MICROVERSION, tryParseMicroversion, type Microversion } from '../microversion/version.js';
import type { NovaTarget } from '../nova/target.js';
import type { CellRequest, CellResponse } from './result.js';
import { normalizeHeaders } from '../http/message.js';

export interface EffectiveMicroversion {
  readonly version: Microversion;
  /** Where it was read: the response headers, or derived from the request. */
  readonly source: 'response' | 'request';
  /** The request went through the legacy `/v2` endpoint (2.0 schema, extra keys stripped). */
  readonly legacyV2: boolean;
}

/** A path through Nova's legacy `/v2` endpoint (not `/v2.1`). */
export function isLegacyV2Path(path: string): boolean {
  return /\/v2(\/|$)/.test(path);
}

function fromResponse(response: CellResponse): Microversion | undefined {
  const modern = response.headers[NEW_HEADER.toLowerCase()];
  if (modern !== undefined) {
    const match = /^\s*compute\s+(\S+)/i.exec(modern.split(',').pop() ?? '');
    const parsed = match ? tryParseMicroversion(match[1]!) : undefined;
    if (parsed) return parsed;
  }
  const legacy = response.headers[LEGACY_HEADER.toLowerCase()];
  if (legacy !== undefined) return tryParseMicroversion((legacy.split(',').pop() ?? '').trim());
  return undefined;
}

/**
 * The effective microversion, or undefined when the request could not have been served at any
 * (malformed or out-of-range version header). Response headers win, except on a 406, where Nova
 * echoes the unsupported requested version.
 */
export function effectiveMicroversion(request: CellRequest, response: CellResponse | null, target: NovaTarget): EffectiveMicroversion | undefined {
  const legacyV2 = isLegacyV2Path(request.path);
  if (legacyV2) return { version: MIN_MICROVERSION, source: 'request', legacyV2 };
  if (response && response.status !== 406) {
    const seen = fromResponse(response);
    if (seen) return { version: seen, source: 'response', legacyV2 };
  }
  const requested = readRequestedMicroversion(normalizeHeaders(request.headers), target.release);
  const negotiated = negotiateMicroversion(requested, target.maxMicroversion, target.minMicroversion);
  return negotiated.ok ? { version: negotiated.version, source: 'request', legacyV2 } : undefined;
}

