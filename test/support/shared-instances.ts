/**
 * Expensive instances (a real Nova per release, a client driver …) started once per test run
 * and leased to test files one at a time, instead of one start per file. The broker lives in
 * vitest's main process (`shared-instances.global.ts`, a globalSetup) and starts an instance
 * on its first lease; the kinds it knows are in `shared-instance-kinds.ts`.
 *
 *   describe('…', () => {
 *     const nova = useSharedInstance<RealNovaInfo>('real-nova', 'zed'); // leased in beforeAll, released in afterAll
 *     it('…', async () => { await fetch(`${nova().url}v2.1/`) … });
 *   });
 *
 * A lease is exclusive (the next file waits for it), and the kind's `reset` runs before each
 * lease is granted, so a file sees the instance as its kind defines "fresh".
 */
import { request } from 'node:http';
import { afterAll, beforeAll, inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedInstancesUrl: string;
  }
}

export interface Lease<Info> {
  readonly info: Info;
  release(): Promise<void>;
}

/** One broker call. node:http, not fetch: a lease may wait longer than fetch's 5-minute header timeout. */
function call(path: string): Promise<unknown> {
  const url = new URL(path, inject('sharedInstancesUrl'));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`shared instance broker: ${path}: ${res.statusCode} ${text}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits for exclusive use of the `kind` instance named `key`, starting it on first use. */
export async function leaseInstance<Info>(kind: string, key: string): Promise<Lease<Info>> {
  const { lease, info } = (await call(`/lease/${encodeURIComponent(kind)}/${encodeURIComponent(key)}`)) as { lease: string; info: Info };
  let released = false;
  return {
    info,
    async release() {
      if (released) return;
      released = true;
      await call(`/release/${encodeURIComponent(lease)}`);
    },
  };
}

/** Leases the instance for the enclosing describe block (beforeAll/afterAll); the getter gives its info. */
export function useSharedInstance<Info>(kind: string, key: string): () => Info {
  let lease: Lease<Info> | undefined;
  beforeAll(async () => {
    lease = await leaseInstance<Info>(kind, key);
  });
  afterAll(async () => {
    await lease?.release();
  });
  return () => {
    if (!lease) throw new Error(`the ${kind} ${key} lease was not granted`);
    return lease.info;
  };
}
