/**
 * A transport that hands requests straight to the emulator's pure model (`handle()`), with no
 * sockets: the ceiling the HTTP runner is measured against (bench/matrix.js), and a fast path
 * for tests. URLs follow the emulator's multi-target convention `http://host/@<target>/…`.
 */
import { normalizeHeaders, type HttpRequest, type HttpResponse } from '../http/message.js';
import type { NovaEmulator } from '../nova/contract.js';
import { resolveTarget, type NovaTarget } from '../nova/target.js';
import type { Transport, TransportRequest, TransportResponse } from './http-transport.js';

function flatten(response: HttpResponse): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

/** Splits `http://h:1/@zed/v2.1/x?y` into origin-with-prefix, target spec, path and query. */
function route(url: string): { origin: string; spec: string | null; path: string; query: string } {
  const match = /^(https?:\/\/[^/]+)(\/@([^/]+))?([^?]*)(?:\?(.*))?$/.exec(url);
  if (!match) throw new Error(`not an emulator URL: ${url}`);
  const spec = match[3] === undefined ? null : decodeURIComponent(match[3]);
  return { origin: `${match[1]}${match[2] ?? ''}`, spec, path: match[4] || '/', query: match[5] ?? '' };
}

/** A {@link Transport} over `emulator.handle`; `defaultTarget` serves URLs without `/@<target>`. */
export function createInProcessTransport(emulator: NovaEmulator, defaultTarget: NovaTarget): Transport & { handle(request: HttpRequest, url: string): HttpResponse } {
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
  const handle = (request: HttpRequest, url: string): HttpResponse => {
    const { origin, spec } = route(url);
    return emulator.handle(request, { target: targetFor(spec), origin });
  };
  return {
    handle,
    async send(req: TransportRequest): Promise<TransportResponse> {
      const { path, query } = route(req.url);
      const response = handle({ method: req.method, path, query, headers: normalizeHeaders(req.headers), body: req.body ?? '' }, req.url);
      return { status: response.status, headers: flatten(response), body: response.body };
    },
    async [Symbol.asyncDispose]() {},
  };
}
