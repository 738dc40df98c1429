/**
 * A minimal HTTP client that keeps what fetch would lose: header spelling, repeated headers
 * (Nova's two `Vary` lines) and exact body text. Used by the recorder.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface RawResponse {
  readonly status: number;
  /** Name/value pairs in arrival order and spelling. */
  readonly headers: Array<[string, string]>;
  readonly body: string;
}

export interface RawClient {
  send(url: URL, method: string, headers: Record<string, string>, body: string): Promise<RawResponse>;
  close(): void;
}

/** A keep-alive client; `timeoutMs` bounds each request; `maxSockets` per origin (1: strictly one at a time). */
export function createRawClient(timeoutMs = 30_000, maxSockets = 1): RawClient {
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets });
  return {
    send(url, method, headers, body) {
      const isHttps = url.protocol === 'https:';
      const send = isHttps ? httpsRequest : httpRequest;
      const outgoing: Record<string, string> = { ...headers };
      if (body !== '') outgoing['Content-Length'] = String(Buffer.byteLength(body));
      return new Promise<RawResponse>((resolve, reject) => {
        const req = send(url, { method, headers: outgoing, agent: isHttps ? httpsAgent : httpAgent, timeout: timeoutMs }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const pairs: Array<[string, string]> = [];
            for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
            resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
          });
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body === '' ? undefined : body);
      });
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
