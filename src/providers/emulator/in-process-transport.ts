/**
 * A transport that hands requests straight to the emulator's pure model (`handle()`), with no
 * sockets: what `mvmatrix run` sends through by default (docs/decisions/0003) and a fast path
 * for tests. URLs follow the emulator's multi-target convention `http://host/@<target>/…`.
 * It does what the HTTP path does to a message and nothing more: header names lower-cased,
 * repeated response headers joined with ", " (as undici and Node report them).
 */
import { normalizeHeaders, type HttpRequest, type HttpResponse } from '../../http/message.js';
import type { NovaEmulator } from '../../nova/contract.js';
import { resolveTarget, type NovaTarget } from '../../nova/target.js';
import type { Transport, TransportRequest, TransportResponse } from '../../http/http-transport.js';

/** Lower-case header names, remembered: the model sends the same dozen names every time. */
const LOWER = new Map<string, string>();

function lower(name: string): string {
  let key = LOWER.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (LOWER.size < 1024) LOWER.set(name, key);
  }
  return key;
}

function flatten(response: HttpResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    const key = lower(name);
    const seen = out[key];
    out[key] = seen === undefined ? value : `${seen}, ${value}`;
  }
  return out;
}

interface Route {
  /** `http://h:1` or `http://h:1/@zed`: the origin hrefs are built from. */
  readonly origin: string;
  readonly spec: string | null;
  readonly path: string;
  readonly query: string;
}

/** Longest stretch of answers without a turn of the event loop. */
const YIELD_EVERY_MS = 20;

const URL_PATTERN = /^(https?:\/\/[^/]+)(\/@([^/]+))?([^?]*)(?:\?(.*))?$/;

/** Splits `http://h:1/@zed/v2.1/x?y` into origin-with-prefix, target spec, path and query. */
function route(url: string): Route {
  const match = URL_PATTERN.exec(url);
  if (!match) throw new Error(`not an emulator URL: ${url}`);
  const spec = match[3] === undefined ? null : decodeURIComponent(match[3]);
  return { origin: `${match[1]}${match[2] ?? ''}`, spec, path: match[4] || '/', query: match[5] ?? '' };
}

/**
 * A {@link Transport} over `emulator.handle`; `defaultTarget` serves URLs without `/@<target>`.
 * `origin`, when given, is the scheme and host every URL starts with: their target prefix is
 * then split off without a regular expression.
 */
export function createInProcessTransport(
  emulator: NovaEmulator,
  defaultTarget: NovaTarget,
  origin?: string,
): Transport & { handle(request: HttpRequest, url: string): HttpResponse } {
  const targets = new Map<string, NovaTarget>();
  const targetFor = (spec: string | null): NovaTarget => {
    if (spec === null) return defaultTarget;
    let target = targets.get(spec);
    if (!target) {
      target = resolveTarget(spec);
      targets.set(spec, target);
    }
    return target;
  };
  const split = (url: string): Route => {
    // Fast path: `<origin>/@<spec>/<path>` with a plain spec and no query string.
    if (origin !== undefined && url.startsWith(origin) && url.charCodeAt(origin.length) === 47 /* / */ && url.charCodeAt(origin.length + 1) === 64 /* @ */ && !url.includes('?') && !url.includes('%')) {
      const slash = url.indexOf('/', origin.length + 2);
      if (slash > 0) {
        const spec = url.slice(origin.length + 2, slash);
        return { origin: url.slice(0, slash), spec, path: url.slice(slash), query: '' };
      }
    }
    return route(url);
  };
  const handle = (request: HttpRequest, url: string): HttpResponse => {
    const parts = split(url);
    return emulator.handle(request, { target: targetFor(parts.spec), origin: parts.origin });
  };
  // Every few milliseconds of answering, one turn of the event loop: signals (Ctrl-C), timers
  // and output get their turn even though no answer ever waits for a socket.
  let sliceStarted = performance.now();
  return {
    handle,
    async send(req: TransportRequest): Promise<TransportResponse> {
      if (performance.now() - sliceStarted > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
      const parts = split(req.url);
      const response = emulator.handle(
        { method: req.method, path: parts.path, query: parts.query, headers: normalizeHeaders(req.headers), body: req.body ?? '' },
        { target: targetFor(parts.spec), origin: parts.origin },
      );
      return { status: response.status, headers: flatten(response), body: response.body };
    },
    async [Symbol.asyncDispose]() {},
  };
}
