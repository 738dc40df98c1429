/**
 * The embedded emulator on its own worker thread, for matrix runs: the same emulator, served
 * over HTTP at `/@<target>/`, but its event loop is not the runner's. Offers the runner's batch
 * capability (`createServers`): one message per target and template instead of one control
 * request per cell. Falls back to nothing: callers use `startEmulatorProvider` when the worker
 * script is not available (running from TypeScript sources).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ERROR_CODES, MvmError } from '../../errors.js';
import type { NovaTarget } from '../../nova/target.js';
import { DEFAULT_WORLD } from '../../nova/world.js';
import type { BatchServerProvider, NovaEndpoint, NovaProvider, ProvisionedServer } from '../provider.js';
import type { WorkerReply, WorkerRequest } from './emulator-worker.js';

const WORKER_FILE = fileURLToPath(new URL('./emulator-worker.js', import.meta.url));

/** True when the compiled worker script exists next to this module (dist builds). */
export function threadedEmulatorAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

export async function startThreadedEmulatorProvider(): Promise<NovaProvider & BatchServerProvider & { readonly url: string }> {
  const worker = new Worker(WORKER_FILE);
  const pending = new Map<number, { resolve: (s: ProvisionedServer[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    const onError = (error: Error) => reject(new MvmError(ERROR_CODES.PROVIDER, `the embedded emulator did not start: ${error.message}`, { cause: error }));
    worker.once('error', onError);
    worker.once('message', (reply: WorkerReply) => {
      worker.off('error', onError);
      if (reply.type === 'ready') resolve(reply.url);
      else reject(new MvmError(ERROR_CODES.PROVIDER, 'the embedded emulator sent an unexpected first message'));
    });
  });
  worker.on('message', (reply: WorkerReply) => {
    if (reply.type === 'ready') return;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.type === 'created') waiter.resolve(reply.servers);
    else waiter.reject(new MvmError(ERROR_CODES.PROVIDER, `the embedded emulator: ${reply.message}`));
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(new MvmError(ERROR_CODES.PROVIDER, `the embedded emulator failed: ${error.message}`, { cause: error }));
    pending.clear();
  });

  const createServers = (endpoint: NovaEndpoint, template: string, count: number): Promise<ProvisionedServer[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'create', id, target: endpoint.target.id, template, count } satisfies WorkerRequest);
    });
  let closed = false;

  return {
    kind: 'emulator',
    description: 'embedded emulator over loopback HTTP',
    url,
    freshServerCap: DEFAULT_WORLD.maxFreshServers,
    async endpointFor(target: NovaTarget): Promise<NovaEndpoint> {
      return { target, computeUrl: `${url}@${target.id}/v2.1` };
    },
    async createServer(endpoint, template) {
      const [server] = await createServers(endpoint, template, 1);
      return server!;
    },
    createServers,
    token: (caller) => `${caller}:${DEFAULT_WORLD.projectId}`,
    async [Symbol.asyncDispose]() {
      if (closed) return;
      closed = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' } satisfies WorkerRequest);
      const timer = setTimeout(() => void worker.terminate(), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
