/**
 * The emulator's HTTP edge: the only node:http code of the emulator. It parses a request into
 * plain data, asks the pure model ({@link NovaEmulator}) and writes what the model decided.
 * It also owns what Nova's WSGI stack does before the API sees a request: the 114688-byte body
 * limit (oslo.middleware sizelimit), slow-client timeouts, and never dying on bad input.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, MvmError } from '../../errors.js';
import type { HttpRequest, HttpResponse, RequestHeaders } from '../../http/message.js';
import type { NovaEmulator } from '../contract.js';
import { fault, faultBody, FAULT_CONTENT_TYPE, FAULT_MESSAGES } from '../faults.js';
import type { NovaTarget } from '../target.js';
import { clientErrorFault, endWithFault } from './raw-fault.js';
import { TargetRouter } from './target-router.js';

/** oslo.middleware's default `max_request_body_size`, which Nova inherits. */
export const NOVA_MAX_REQUEST_BODY_BYTES = 114688;

export interface EmulatorServerTimeouts {
  /** Time allowed to receive the request headers (slowloris). Default 20 s. */
  readonly headersMs?: number;
  /** Time allowed to receive the whole request. Default 60 s. */
  readonly requestMs?: number;
  /** Idle time before a keep-alive connection is closed. Default 5 s. */
  readonly keepAliveMs?: number;
}

export interface EmulatorServerOptions {
  /** 0 or absent picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly bind?: string;
  /** The target served at `/`; `/@<spec>/` serves any other. */
  readonly defaultTarget: NovaTarget;
  readonly emulator: NovaEmulator;
  readonly maxBodyBytes?: number;
  readonly timeouts?: EmulatorServerTimeouts;
  /** Where unexpected model errors are reported (each distinct one once). Default: stderr. */
  readonly log?: (line: string) => void;
  /** Target spec resolver; default `resolveTarget`. */
  readonly resolveTarget?: (spec: string) => NovaTarget;
}

export interface StartedEmulatorServer extends AsyncDisposable {
  /** `http://127.0.0.1:8774/` (trailing slash). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const EMPTY_HEADERS: RequestHeaders = Object.freeze({});
const MAX_LOGGED_ERRORS = 50;
const HOST_PATTERN = /^[A-Za-z0-9._~\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** Starts the emulator on a port; resolves once it listens. Port in use → PROVIDER error. */
export async function startEmulatorServer(options: EmulatorServerOptions): Promise<StartedEmulatorServer> {
  const bind = options.bind ?? '127.0.0.1';
  const timeouts = options.timeouts ?? {};
  const headersMs = timeouts.headersMs ?? 20_000;
  const requestMs = Math.max(timeouts.requestMs ?? 60_000, headersMs);
  const edge = new EmulatorEdge(options);
  const server = createServer({
    keepAlive: true,
    headersTimeout: headersMs,
    requestTimeout: requestMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersMs / 2))),
    noDelay: true,
  });
  server.keepAliveTimeout = timeouts.keepAliveMs ?? 5_000;
  server.maxRequestsPerSocket = 0;
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => edge.onRequest(req, res);
  server.on('request', onRequest);
  // Nova's eventlet ignores Expect values it does not know; Node would answer 417 with no body.
  server.on('checkExpectation', onRequest);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => onClientError(error, socket));
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', ignore);
    endWithFault(socket, 404, FAULT_MESSAGES.resourceNotFound);
  });
  server.on('connection', (socket: Duplex) => socket.on('error', ignore));

  const port = await listen(server, options.port ?? 0, bind);
  edge.boundHost = `${bind.includes(':') ? `[${bind}]` : bind}:${port}`;
  const url = `http://${edge.boundHost}/`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return { url, port, close, [Symbol.asyncDispose]: close };
}

function listen(server: Server, port: number, bind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const where = `${bind}:${port}`;
      const message =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${bind} is already in use`
          : error.code === 'EACCES'
            ? `not allowed to listen on ${where}`
            : `cannot listen on ${where}: ${error.message}`;
      reject(
        new MvmError(ERROR_CODES.PROVIDER, message, {
          where: '--port',
          hint: error.code === 'EADDRINUSE' ? 'stop the other process or pick another port (--port 0 picks a free one)' : undefined,
          cause: error,
        }),
      );
    };
    const onListening = (): void => {
      server.off('error', onError);
      // Errors after listening (rare: EMFILE on accept) must not crash the process.
      server.on('error', ignore);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, bind);
  });
}

function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable) {
    socket.destroy();
    return;
  }
  // A response already on the wire for this socket: writing another one would corrupt it.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, message } = clientErrorFault(error.code);
  endWithFault(socket, status, message);
}

function ignore(): void {}

/** Per-server request handling; one instance, no per-request closures beyond the body reader. */
class EmulatorEdge {
  boundHost = '127.0.0.1';
  readonly #emulator: NovaEmulator;
  readonly #router: TargetRouter;
  readonly #maxBody: number;
  readonly #log: (line: string) => void;
  readonly #logged = new Set<string>();
  #lastHost = '';
  #lastHostOrigin = '';

  constructor(options: EmulatorServerOptions) {
    this.#emulator = options.emulator;
    this.#router = new TargetRouter(options.defaultTarget, options.resolveTarget);
    this.#maxBody = options.maxBodyBytes ?? NOVA_MAX_REQUEST_BODY_BYTES;
    this.#log = options.log ?? ((line) => void process.stderr.write(line));
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    req.on('error', ignore);
    res.on('error', ignore);
    const headers = req.headers;
    const declared = headers['content-length'];
    if (declared !== undefined && Number(declared) > this.#maxBody) {
      this.#rejectTooLarge(req, res);
      return;
    }
    if ((declared === undefined || declared === '0') && headers['transfer-encoding'] === undefined) {
      this.#dispatch(req, res, '');
      return;
    }
    this.#readBody(req, res);
  }

  #readBody(req: IncomingMessage, res: ServerResponse): void {
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    let rejected = false;
    const onData = (chunk: Buffer): void => {
      if (rejected) return;
      size += chunk.length;
      if (size > this.#maxBody) {
        rejected = true;
        first = undefined;
        chunks = undefined;
        this.#rejectTooLarge(req, res);
        return;
      }
      if (first === undefined) first = chunk;
      else (chunks ??= [first]).push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (rejected || (req.destroyed && !req.complete)) return;
      const body = chunks ? Buffer.concat(chunks, size).toString('utf8') : first ? first.toString('utf8') : '';
      this.#dispatch(req, res, body);
    });
  }

  /**
   * 413 while the body is still arriving: answer at once, then close after the answer so the
   * rest of the body is never parsed. The remaining bytes are drained rather than left unread,
   * so the client sees our answer instead of a connection reset.
   */
  #rejectTooLarge(req: IncomingMessage, res: ServerResponse): void {
    if (res.headersSent || res.writableEnded) return;
    const body = faultBody(fault(413, `Request is too large. Larger than max_request_body_size (${this.#maxBody}).`));
    res.shouldKeepAlive = false;
    res.writeHead(413, [
      'Content-Type', FAULT_CONTENT_TYPE,
      'Content-Length', String(Buffer.byteLength(body)),
      'Connection', 'close',
    ]);
    res.end(body);
    req.resume();
  }

  #dispatch(req: IncomingMessage, res: ServerResponse, body: string): void {
    if (res.writableEnded || res.destroyed) return;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const routed = this.#router.route(rawPath);
    if (!routed.ok) {
      this.#write(res, { status: 404, headers: [['Content-Type', FAULT_CONTENT_TYPE]], body: faultBody(fault(404, routed.message)) });
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
      this.#write(res, response);
    } catch (error) {
      // The model produced something Node refuses to send (bad status, bad header char).
      this.#report(error, request);
      if (!res.headersSent) this.#write(res, this.#unexpected(routed.target));
      else res.destroy();
    }
  }

  #write(res: ServerResponse, response: HttpResponse): void {
    const pairs = response.headers;
    const flat: string[] = new Array<string>(pairs.length * 2);
    let hasLength = false;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      const name = pair[0];
      flat[2 * i] = name;
      flat[2 * i + 1] = pair[1];
      if (name.length === 14 && name.toLowerCase() === 'content-length') hasLength = true;
    }
    if (!hasLength) flat.push('Content-Length', String(Buffer.byteLength(response.body)));
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
