/**
 * The runner's HTTP client over undici: one keep-alive Agent (a pool per origin, pipelining),
 * a per-request timeout, and a bounded retry for transport errors only — a 4xx/5xx is an
 * answer, never retried, and a timeout is not retried either (the request may have run).
 */
import { Agent, type Dispatcher } from 'undici';
import { normalizeHeaders } from '../http/message.js';

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
  /** Per-request timeout for headers and body, in ms. */
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

const RETRYABLE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  const causeCode = ((error as { cause?: { code?: unknown } } | null)?.cause)?.code;
  return typeof causeCode === 'string' ? causeCode : 'UNKNOWN';
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
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart() {},
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          headers = normalizeHeaders(responseHeaders as Record<string, string | string[] | undefined>);
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve({ status, headers, body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
        },
        onResponseError(_controller, error) {
          reject(error);
        },
      };
      agent.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers as Record<string, string>,
          ...(req.body === undefined ? {} : { body: req.body }),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
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
          const code = errorCode(error);
          if (TIMEOUTS.has(code)) {
            throw new TransportError(`${req.method} ${req.url}: no answer within ${timeoutMs} ms (${code})`, code, attempt, error);
          }
          if (!RETRYABLE.has(code) || attempt > retries) {
            throw new TransportError(`${req.method} ${req.url}: ${(error as Error).message} (${code}, ${attempt} attempt${attempt === 1 ? '' : 's'})`, code, attempt, error);
          }
        }
      }
    },
    async [Symbol.asyncDispose]() {
      await agent.close();
    },
  };
}
