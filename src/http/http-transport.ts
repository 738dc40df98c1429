/**
 * The runner's HTTP client over undici: one keep-alive Agent (a pool per origin, pipelining),
 * a per-request deadline (`--timeout`: the whole exchange, connect to last body byte, so a
 * server that trickles bytes cannot hold a cell forever), and a bounded retry for transport
 * errors only — a 4xx/5xx is an answer, never retried, and a timeout is not retried either
 * (the request may have run). Failures name the URL and the error (`ECONNREFUSED`, timeout …).
 */
import { Agent, type Dispatcher } from 'undici';
import { normalizeHeaders } from './message.js';
import { DEADLINE_CODE, TIMEOUT_CODES, describeNetworkError, networkErrorCode } from './network-error.js';

export interface TransportRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the runner needs from HTTP; tests may pass any implementation. */
export interface Transport extends AsyncDisposable {
  send(request: TransportRequest): Promise<TransportResponse>;
}

export interface UndiciTransportOptions {
  /** Sockets per origin. */
  readonly connections?: number;
  /** Requests in flight per socket. */
  readonly pipelining?: number;
  /** Per-request deadline for the whole exchange, in ms. */
  readonly timeoutMs?: number;
  /** Extra attempts after a transport error (connection refused/reset, socket closed). */
  readonly retries?: number;
}

/** A transport failure, after retries; `code` is undici's or the OS's (`UND_ERR_SOCKET`, `ECONNREFUSED`). */
export class TransportError extends Error {
  readonly code: string;
  readonly attempts: number;
  constructor(message: string, code: string, attempts: number, cause: unknown) {
    super(message, { cause });
    this.name = 'TransportError';
    this.code = code;
    this.attempts = attempts;
  }
}

const RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function deadlinePassed(timeoutMs: number): Error {
  return Object.assign(new Error(`no complete answer within ${timeoutMs} ms`), { code: DEADLINE_CODE });
}


/** Starts an undici-backed transport; dispose it to close every socket. */
export function createUndiciTransport(options: UndiciTransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const agent = new Agent({
    connections: options.connections ?? 16,
    pipelining: options.pipelining ?? 8,
    keepAliveTimeout: 30_000,
    connect: { timeout: timeoutMs },
  });

  /**
   * One exchange through `agent.dispatch` with a plain handler: no body stream per response,
   * which matters at tens of thousands of small answers.
   */
  function once(req: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const url = new URL(req.url);
      const chunks: Buffer[] = [];
      let status = 0;
      let headers: Record<string, string> = {};
      let controller: Dispatcher.DispatchController | undefined;
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        // Still queued behind other requests: give up now; it is aborted if it ever starts.
        if (controller) controller.abort(deadlinePassed(timeoutMs));
        else reject(deadlinePassed(timeoutMs));
      }, timeoutMs);
      const settle = (fn: () => void): void => {
        clearTimeout(timer);
        fn();
      };
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (expired) c.abort(deadlinePassed(timeoutMs));
        },
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          headers = normalizeHeaders(responseHeaders as Record<string, string | string[] | undefined>);
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle(() => resolve({ status, headers, body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') }));
        },
        onResponseError(_controller, error) {
          settle(() => reject(expired ? deadlinePassed(timeoutMs) : error));
        },
      };
      agent.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers as Record<string, string>,
          ...(req.body === undefined ? {} : { body: req.body }),
          // Our deadline above ends the exchange; undici's own timers are only a backstop.
          headersTimeout: timeoutMs * 2,
          bodyTimeout: timeoutMs * 2,
          // Every cell acts on its own server, so requests may share a pipeline safely.
          idempotent: true,
          blocking: false,
        },
        handler,
      );
    });
  }

  return {
    async send(req) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(req);
        } catch (error) {
          const code = networkErrorCode(error);
          if (TIMEOUT_CODES.has(code)) {
            throw new TransportError(`${req.method} ${req.url}: timeout: no complete answer within ${timeoutMs} ms (${code})`, code, attempt, error);
          }
          if (!RETRYABLE.has(code) || attempt > retries) {
            throw new TransportError(`${req.method} ${req.url}: ${describeNetworkError(error)}, ${attempt} attempt${attempt === 1 ? '' : 's'}`, code, attempt, error);
          }
        }
      }
    },
    async [Symbol.asyncDispose]() {
      await agent.close();
    },
  };
}
