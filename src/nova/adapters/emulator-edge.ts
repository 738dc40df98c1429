/**
 * Per-request work of the emulator's HTTP edge: parse an IncomingMessage into an
 * {@link HttpRequest}, route the target prefix, ask the model, write its answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse, RequestHeaders } from '../../http/message.js';
import type { NovaEmulator } from '../contract.js';
import { fault, faultBody, FAULT_CONTENT_TYPE, FAULT_MESSAGES } from '../faults.js';
import { MAX_REQUEST_BODY_BYTES } from '../router.js';
import type { NovaTarget } from '../target.js';
import { TargetRouter } from './target-router.js';

export interface EmulatorEdgeOptions {
  readonly defaultTarget: NovaTarget;
  readonly emulator: NovaEmulator;
  readonly maxBodyBytes?: number;
  readonly log?: (line: string) => void;
  readonly resolveTarget?: (spec: string) => NovaTarget;
}

const EMPTY_HEADERS: RequestHeaders = Object.freeze({});
const MAX_LOGGED_ERRORS = 50;
const HOST_PATTERN = /^[A-Za-z0-9._~\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

function ignore(): void {}

/** Per-server request handling; one instance, no per-request closures beyond the body reader. */
export class EmulatorEdge {
  boundHost = '127.0.0.1';
  readonly #emulator: NovaEmulator;
  readonly #router: TargetRouter;
  readonly #maxBody: number;
  readonly #log: (line: string) => void;
  readonly #logged = new Set<string>();
  #lastHost = '';
  #lastHostOrigin = '';

  constructor(options: EmulatorEdgeOptions) {
    this.#emulator = options.emulator;
    this.#router = new TargetRouter(options.defaultTarget, options.resolveTarget);
    this.#maxBody = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
    this.#log = options.log ?? ((line) => void process.stderr.write(line));
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    req.on('error', ignore);
    res.on('error', ignore);
    const headers = req.headers;
    const declared = headers['content-length'];
    if ((declared === undefined || declared === '0') && headers['transfer-encoding'] === undefined) {
      this.#dispatch(req, res, '', false);
      return;
    }
    this.#readBody(req, res);
  }

  /**
   * Buffers the body, but never more than the limit plus one byte: once a body crosses the
   * limit, the model gets exactly what Nova's size limiter had read when it gave up (the
   * first limit+1 bytes) and decides the answer (413, or 400 for an unreadable body); the
   * rest is never parsed and the connection is closed after the answer.
   */
  #readBody(req: IncomingMessage, res: ServerResponse): void {
    const cap = this.#maxBody + 1;
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer): void => {
      if (done) return;
      if (size + chunk.length >= cap) {
        done = true;
        const head = chunk.subarray(0, cap - size);
        size = cap;
        if (first === undefined) first = head;
        else (chunks ??= [first]).push(head);
        req.off('data', onData);
        this.#dispatch(req, res, bodyText(first, chunks, size), size > this.#maxBody);
        return;
      }
      size += chunk.length;
      if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    };
    req.on('data', onData);
    // `on`, not `once`: a stream ends once, and `once` costs a wrapper per request.
    req.on('end', () => {
      if (done || (req.destroyed && !req.complete)) return;
      done = true;
      this.#dispatch(req, res, bodyText(first, chunks, size), false);
    });
  }

  /** `truncated`: the body was cut at the limit, so the connection must close after the answer. */
  #dispatch(req: IncomingMessage, res: ServerResponse, body: string, truncated: boolean): void {
    if (res.writableEnded || res.destroyed) return;
    const url = originForm(req.url ?? '/');
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const routed = this.#router.route(rawPath);
    if (!routed.ok) {
      this.#write(res, { status: 404, headers: [['Content-Type', FAULT_CONTENT_TYPE]], body: faultBody(fault(404, routed.message)) }, truncated);
      return;
    }
    const request: HttpRequest = {
      method: req.method ?? 'GET',
      path: routed.path,
      query: q === -1 ? '' : url.slice(q + 1),
      headers: requestHeaders(req),
      body,
    };
    let response: HttpResponse;
    try {
      response = this.#emulator.handle(request, { target: routed.target, origin: this.#origin(req) + routed.prefix });
    } catch (error) {
      this.#report(error, request);
      response = this.#unexpected(routed.target);
    }
    try {
      this.#write(res, response, truncated);
    } catch (error) {
      // The model produced something Node refuses to send (bad status, bad header char).
      this.#report(error, request);
      if (!res.headersSent) this.#write(res, this.#unexpected(routed.target), truncated);
      else res.destroy();
    }
  }

  #write(res: ServerResponse, response: HttpResponse, close: boolean): void {
    const pairs = response.headers;
    const flat: string[] = new Array<string>(pairs.length * 2);
    let hasLength = false;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      const name = pair[0];
      flat[2 * i] = name;
      flat[2 * i + 1] = pair[1];
      // The model's own spelling first: no lower-cased copy of the name per response.
      if (name === 'Content-Length' || (name.length === 14 && name.toLowerCase() === 'content-length')) hasLength = true;
    }
    if (!hasLength) flat.push('Content-Length', String(Buffer.byteLength(response.body)));
    // Node closes the socket after a response carrying `Connection: close`; unread body bytes are discarded.
    if (close) flat.push('Connection', 'close');
    res.writeHead(response.status, flat);
    if (response.body === '') res.end();
    else res.end(response.body);
  }

  #unexpected(target: NovaTarget): HttpResponse {
    const message = FAULT_MESSAGES.unexpected(target.release.unexpectedErrorSupport, 'mvmatrix.emulator.InternalError');
    return { status: 500, headers: [['Content-Type', FAULT_CONTENT_TYPE]], body: faultBody(fault(500, message)) };
  }

  #report(error: unknown, request: HttpRequest): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const key = text.split('\n', 2).join('\n');
    if (this.#logged.has(key) || this.#logged.size >= MAX_LOGGED_ERRORS) return;
    this.#logged.add(key);
    this.#log(`mvmatrix emulator: unexpected error answering ${request.method} ${request.path} (answered 500; reported once):\n${text}\n`);
  }

  /** `http://<Host>` as the client addressed us; the bound address when Host is absent or odd. */
  #origin(req: IncomingMessage): string {
    const host = req.headers.host;
    if (host === undefined || host === '') return `http://${this.boundHost}`;
    if (host === this.#lastHost) return this.#lastHostOrigin;
    if (!HOST_PATTERN.test(host)) return `http://${this.boundHost}`;
    this.#lastHost = host;
    this.#lastHostOrigin = `http://${host}`;
    return this.#lastHostOrigin;
  }
}

/** `http://host/path?q` (absolute-form, which HTTP/1.1 servers must accept) → `/path?q`. */
function originForm(url: string): string {
  if (url.charCodeAt(0) === 47 /* / */) return url;
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(url);
  if (!match) return url;
  const rest = url.slice(match[0].length);
  return rest === '' || rest.charCodeAt(0) === 63 /* ? */ ? `/${rest}` : rest;
}

function bodyText(first: Buffer | undefined, chunks: Buffer[] | undefined, size: number): string {
  if (chunks) return Buffer.concat(chunks, size).toString('utf8');
  return first ? first.toString('utf8') : '';
}

/** Node already lower-cases names and joins repeats with ", "; only set-cookie stays an array. */
function requestHeaders(req: IncomingMessage): RequestHeaders {
  const headers = req.headers;
  if (headers['set-cookie'] === undefined) return (headers as RequestHeaders) ?? EMPTY_HEADERS;
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
