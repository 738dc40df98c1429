/**
 * Naming what went wrong on the network, the same way everywhere (the runner's transport, the
 * providers' control-API calls, discovery): `connection refused (ECONNREFUSED)`, `timeout`,
 * `connection reset (ECONNRESET)` — never a bare "fetch failed". Pure.
 */

/** Our own code for a deadline (`--timeout`) that passed. */
export const DEADLINE_CODE = 'ETIMEDOUT';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EADDRNOTAVAIL: 'address not available',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'timeout while connecting',
  UND_ERR_HEADERS_TIMEOUT: 'timeout waiting for the answer',
  UND_ERR_BODY_TIMEOUT: 'timeout reading the answer',
  UND_ERR_ABORTED: 'request aborted',
  UND_ERR_INVALID_ARG: 'invalid request',
};

/** Codes that mean a deadline passed. */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([DEADLINE_CODE, 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** The most specific error code in an error, its causes and aggregated errors; `UNKNOWN` if none. */
export function networkErrorCode(error: unknown): string {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const e = queue.shift();
    if (e === null || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, name, cause, errors } = e as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && code !== '' && code !== 'UND_ERR') return code;
    if (name === 'TimeoutError') return DEADLINE_CODE;
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return 'UNKNOWN';
}

/** `connection refused (ECONNREFUSED)`; the message itself when the code is unknown. */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error);
  const known = DESCRIPTIONS[code];
  if (known) return `${known} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return code === 'UNKNOWN' ? message : `${message} (${code})`;
}
