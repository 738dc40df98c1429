/**
 * vitest globalSetup: the broker behind `shared-instances.ts`. An HTTP server on loopback
 * (port 0) in vitest's main process; instances start on their first lease and stop when the
 * run ends. Costs nothing when no file leases anything.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { INSTANCE_KINDS, type RunningInstance } from './shared-instance-kinds.js';

interface Slot {
  readonly started: Promise<RunningInstance>;
  /** Resolves when the current holder releases: the queue of leases is a promise chain. */
  tail: Promise<void>;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const slots = new Map<string, Slot>();
  const releases = new Map<string, () => void>();
  let nextLease = 0;

  const lease = async (kind: string, key: string): Promise<{ lease: string; info: unknown }> => {
    const start = INSTANCE_KINDS[kind];
    if (!start) throw new Error(`no shared instance kind '${kind}' (known: ${Object.keys(INSTANCE_KINDS).join(', ')})`);
    const name = `${kind}/${key}`;
    let slot = slots.get(name);
    if (!slot) {
      slot = { started: start(key), tail: Promise.resolve() };
      slots.set(name, slot);
    }
    const previous = slot.tail;
    let free!: () => void;
    slot.tail = new Promise<void>((resolve) => (free = resolve));
    await previous;
    try {
      const instance = await slot.started;
      await instance.reset();
      const id = String(nextLease++);
      releases.set(id, free);
      return { lease: id, info: instance.info };
    } catch (error) {
      free();
      throw error;
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const [, action, a, b] = (req.url ?? '').split('/').map(decodeURIComponent);
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (action === 'lease' && a && b) {
      lease(a, b).then((granted) => answer(200, granted), (error: unknown) => answer(500, { error: String(error) }));
    } else if (action === 'release' && a && releases.has(a)) {
      releases.get(a)!();
      releases.delete(a);
      answer(200, {});
    } else answer(404, { error: `unknown broker call ${req.url}` });
  });
  server.requestTimeout = 0; // a lease may wait for the whole tier
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('sharedInstancesUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  return async () => {
    server.close();
    server.closeAllConnections();
    for (const slot of slots.values()) {
      const instance = await slot.started.catch(() => undefined);
      await instance?.close();
    }
  };
}
