/** Reading a whole request body from a node:http server request (an adapter, not pure). */
import type { IncomingMessage } from 'node:http';

/**
 * The request body as UTF-8 text. Past `maxBytes` the request is destroyed and the promise
 * rejects, so a runaway client cannot exhaust memory.
 */
export function readRequestBody(req: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error(`request body over ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
