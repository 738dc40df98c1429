/**
 * Worker-thread body of the threaded emulator provider (see `threaded-emulator-provider.ts`):
 * the emulator's HTTP server runs here, so on a multi-core machine the runner's client work and
 * the emulator's server work do not share one event loop. Fresh servers are made by the
 * model in this thread (one message per batch, no socket).
 */
import { parentPort } from 'node:worker_threads';
import { NEWEST_RELEASE } from '../../microversion/releases.js';
import { startEmulatorServer } from '../../nova/adapters/node-server.js';
import { createEmulator } from '../../nova/emulator.js';
import { releaseTarget, resolveTarget, type NovaTarget } from '../../nova/target.js';

/** Main thread → worker. */
export type WorkerRequest =
  | { readonly type: 'create'; readonly id: number; readonly target: string; readonly template: string; readonly count: number }
  | { readonly type: 'close' };

/** Worker → main thread. */
export type WorkerReply =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'created'; readonly id: number; readonly servers: { id: string; host: string }[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

const port = parentPort;
if (!port) throw new Error('emulator-worker.js must run in a worker thread');

const emulator = createEmulator();
const server = await startEmulatorServer({ port: 0, defaultTarget: releaseTarget(NEWEST_RELEASE), emulator });
const targets = new Map<string, NovaTarget>();

function create(targetId: string, template: string, count: number): { id: string; host: string }[] {
  let target = targets.get(targetId);
  if (!target) {
    target = resolveTarget(targetId);
    targets.set(targetId, target);
  }
  const servers = emulator.createServers(target, template, count);
  if (!servers) throw new Error(`cannot create a '${template}' server on ${targetId}: the world has no such template`);
  return servers;
}

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'close') {
    void server.close().then(() => port.close());
    return;
  }
  try {
    port.postMessage({ type: 'created', id: message.id, servers: create(message.target, message.template, message.count) } satisfies WorkerReply);
  } catch (error) {
    port.postMessage({ type: 'failed', id: message.id, message: (error as Error).message } satisfies WorkerReply);
  }
});
port.postMessage({ type: 'ready', url: server.url } satisfies WorkerReply);
