/**
 * The emulator's HTTP edge: the only node:http code of the emulator. It parses a request into
 * plain data, asks the pure model ({@link NovaEmulator}) and writes what the model decided.
 * It also owns what the socket layer of Nova's WSGI server does: bounded body buffering (the
 * model decides the 413 of oslo.middleware's sizelimit from what it is handed), slow-client
 * timeouts, and never dying on bad input.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, MvmError } from '../../errors.js';
import type { NovaEmulator } from '../contract.js';
import { FAULT_MESSAGES } from '../faults.js';
import { MAX_REQUEST_BODY_BYTES } from '../router.js';
import type { NovaTarget } from '../target.js';
import { EmulatorEdge } from './emulator-edge.js';
import { clientErrorFault, endWithFault } from './raw-fault.js';

/** oslo.middleware's default `max_request_body_size`, which Nova inherits (the model's limit). */
export const NOVA_MAX_REQUEST_BODY_BYTES: number = MAX_REQUEST_BODY_BYTES;

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
  /** Bytes of body buffered at most (plus one, so the model sees the excess). Default: Nova's limit. */
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
          // A port in use (or a privileged one) is the port's fault; anything else, the address's.
          where: error.code === 'EADDRINUSE' || error.code === 'EACCES' ? '--port' : '--bind',
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
