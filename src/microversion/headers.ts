/**
 * Reading the requested microversion from request headers exactly as Nova does
 * (facts §1.3, microversion_parse.get_version), and deciding 400/406 (facts §1.4). Pure.
 */
import type { RequestHeaders } from '../http/message.js';
import type { NovaRelease } from './releases.js';
import {
  LATEST,
  MIN_MICROVERSION,
  formatMicroversion,
  isWithin,
  tryParseMicroversion,
  type Microversion,
} from './version.js';

export const NEW_HEADER = 'OpenStack-API-Version';
export const LEGACY_HEADER = 'X-OpenStack-Nova-API-Version';
export const SERVICE_TYPE = 'compute';

/** What the client asked for, before range checks. `raw` is the exact string Nova parses. */
export type RequestedMicroversion =
  | { readonly kind: 'default' }
  | { readonly kind: 'latest'; readonly raw: string; readonly header: 'new' | 'legacy' }
  | { readonly kind: 'version'; readonly raw: string; readonly version: Microversion; readonly header: 'new' | 'legacy' }
  | { readonly kind: 'malformed'; readonly raw: string; readonly header: 'new' | 'legacy' };

function classify(raw: string, header: 'new' | 'legacy'): RequestedMicroversion {
  if (raw === LATEST) return { kind: 'latest', raw, header };
  const version = tryParseMicroversion(raw);
  return version ? { kind: 'version', raw, version, header } : { kind: 'malformed', raw, header };
}

/** Python's `str.split(None, 1)` then strip, as microversion_parse does on one list item. */
function splitServiceItem(item: string): [service: string, version: string] | undefined {
  const trimmed = item.replace(/^\s+/, '');
  const match = /^(\S+)\s+([\s\S]*)$/.exec(trimmed);
  if (!match) return undefined;
  return [match[1]!, match[2]!.trim()];
}

/**
 * Newton and later (microversion_parse): `OpenStack-API-Version` items from last to first,
 * first `compute` item wins even when its version is malformed; else the last value of
 * `X-OpenStack-Nova-API-Version`; else the default.
 */
export function readRequestedMicroversionNewton(headers: RequestHeaders): RequestedMicroversion {
  const modern = headers[NEW_HEADER.toLowerCase()];
  if (modern !== undefined) {
    const items = modern.split(',');
    for (let i = items.length - 1; i >= 0; i--) {
      const pair = splitServiceItem(items[i]!);
      if (pair && pair[0].toLowerCase() === SERVICE_TYPE) return classify(pair[1], 'new');
    }
  }
  const legacy = headers[LEGACY_HEADER.toLowerCase()];
  if (legacy !== undefined) {
    const parts = legacy.split(',');
    return classify(parts[parts.length - 1]!.trim(), 'legacy');
  }
  return { kind: 'default' };
}

/** Liberty and Mitaka: only the legacy header, one value, no comma handling. */
export function readRequestedMicroversionPreNewton(headers: RequestHeaders): RequestedMicroversion {
  const legacy = headers[LEGACY_HEADER.toLowerCase()];
  if (legacy === undefined) return { kind: 'default' };
  return classify(legacy, 'legacy');
}

/** Parsed header values (the same few arrive on every request); bounded, values are immutable. */
const REQUESTED = new Map<string, RequestedMicroversion>();
/** Newton+ requests carrying only `OpenStack-API-Version`, by its value. */
const MODERN_ONLY = new Map<string, RequestedMicroversion>();
const MAX_MEMO = 1024;

function remember<T>(memo: Map<string, T>, key: string, value: T): T {
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, value);
  return value;
}

/** The requested microversion as the given release's Nova reads it. */
export function readRequestedMicroversion(headers: RequestHeaders, release: Pick<NovaRelease, 'newStyleHeader'>): RequestedMicroversion {
  const modern = release.newStyleHeader ? headers[NEW_HEADER_KEY] : undefined;
  const legacy = headers[LEGACY_HEADER_KEY];
  if (modern === undefined && legacy === undefined) return DEFAULT_REQUESTED;
  // The usual request (Newton+, new-style header only) is a function of that one value: no key to build.
  if (legacy === undefined && release.newStyleHeader) return MODERN_ONLY.get(modern!) ?? remember(MODERN_ONLY, modern!, readRequestedMicroversionNewton(headers));
  // Unambiguous: the first value's length delimits it; `=` marks a present second value.
  const key = `${release.newStyleHeader ? 'n' : 'o'}${modern === undefined ? -1 : modern.length}:${modern ?? ''}${legacy === undefined ? '' : `=${legacy}`}`;
  return (
    REQUESTED.get(key) ??
    remember(REQUESTED, key, release.newStyleHeader ? readRequestedMicroversionNewton(headers) : readRequestedMicroversionPreNewton(headers))
  );
}

const NEW_HEADER_KEY = NEW_HEADER.toLowerCase();
const LEGACY_HEADER_KEY = LEGACY_HEADER.toLowerCase();
const DEFAULT_REQUESTED: RequestedMicroversion = Object.freeze({ kind: 'default' });

/** Outcome of checking a requested microversion against a server's range. */
export type MicroversionNegotiation =
  | { readonly ok: true; readonly version: Microversion }
  | { readonly ok: false; readonly status: 400; readonly message: string }
  | { readonly ok: false; readonly status: 406; readonly message: string; readonly requested: string };

/** Nova's texts for 400 (malformed) and 406 (out of range); `latest` resolves to `max`. */
export function negotiateMicroversion(
  requested: RequestedMicroversion,
  max: Microversion,
  min: Microversion = MIN_MICROVERSION,
): MicroversionNegotiation {
  switch (requested.kind) {
    case 'default':
      return { ok: true, version: min };
    case 'latest':
      return { ok: true, version: max };
    case 'malformed':
      return {
        ok: false,
        status: 400,
        message: `API Version String ${requested.raw} is of invalid format. Must be of format MajorNum.MinorNum.`,
      };
    case 'version':
      if (isWithin(requested.version, min, max)) return { ok: true, version: requested.version };
      return {
        ok: false,
        status: 406,
        requested: formatMicroversion(requested.version),
        message: `Version ${formatMicroversion(requested.version)} is not supported by the API. Minimum is ${formatMicroversion(min)} and maximum is ${formatMicroversion(max)}.`,
      };
  }
}

/**
 * The microversion response headers Nova sends for an effective (or, on 406, requested)
 * version: both headers and two `Vary` lines from Newton; only the legacy pair before.
 */
export function microversionResponseHeaders(
  version: string,
  release: Pick<NovaRelease, 'newStyleHeader'>,
): Array<[string, string]> {
  if (!release.newStyleHeader) {
    return [
      [LEGACY_HEADER, version],
      ['Vary', LEGACY_HEADER],
    ];
  }
  return [
    [NEW_HEADER, `${SERVICE_TYPE} ${version}`],
    [LEGACY_HEADER, version],
    ['Vary', NEW_HEADER],
    ['Vary', LEGACY_HEADER],
  ];
}

const RESPONSE_HEADERS = new Map<string, ReadonlyArray<readonly [string, string]>>();

/**
 * {@link microversionResponseHeaders}, shared and read-only: the emulator answers thousands of
 * requests at the same handful of versions.
 */
export function sharedMicroversionResponseHeaders(
  version: string,
  release: Pick<NovaRelease, 'newStyleHeader'>,
): ReadonlyArray<readonly [string, string]> {
  const key = `${release.newStyleHeader ? 'n' : 'o'}${version}`;
  return RESPONSE_HEADERS.get(key) ?? remember(RESPONSE_HEADERS, key, Object.freeze(microversionResponseHeaders(version, release).map((pair) => Object.freeze(pair))));
}

const RESPONSE_HEADERS_BY_VERSION = { n: new WeakMap<Microversion, ResponseHeaderList>(), o: new WeakMap<Microversion, ResponseHeaderList>() };
type ResponseHeaderList = ReadonlyArray<readonly [string, string]>;

/**
 * {@link sharedMicroversionResponseHeaders} of a parsed version, remembered by the version
 * object (the negotiated version is one of a few shared objects): no string to format per request.
 */
export function sharedResponseHeadersOf(version: Microversion, release: Pick<NovaRelease, 'newStyleHeader'>): ResponseHeaderList {
  const memo = release.newStyleHeader ? RESPONSE_HEADERS_BY_VERSION.n : RESPONSE_HEADERS_BY_VERSION.o;
  let headers = memo.get(version);
  if (headers === undefined) {
    headers = sharedMicroversionResponseHeaders(formatMicroversion(version), release);
    memo.set(version, headers);
  }
  return headers;
}

/** The headers a client sends to request `version` in the given style(s). */
export function microversionRequestHeaders(version: string, style: 'new' | 'legacy' | 'both'): Record<string, string> {
  const out: Record<string, string> = {};
  if (style === 'new' || style === 'both') out[NEW_HEADER] = `${SERVICE_TYPE} ${version}`;
  if (style === 'legacy' || style === 'both') out[LEGACY_HEADER] = version;
  return out;
}
