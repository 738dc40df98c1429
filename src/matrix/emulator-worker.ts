/**
 * Worker-thread body of the threaded emulator provider (see `threaded-emulator-provider.ts`):
 * the emulator's HTTP server runs here, so on a multi-core machine the runner's client work and
 * the emulator's server work do not share one event loop. Fresh servers are made by the
 * emulator's own control route, called in this thread (a batch control call, no socket).
 */
import { parentPort } from 'node:worker_threads';
import { NEWEST_RELEASE } from '../microversion/releases.js';
import { startEmulatorServer } from '../nova/adapters/node-server.js';
import { createEmulator } from '../nova/emulator.js';
import { releaseTarget, resolveTarget, type NovaTarget } from '../nova/target.js';

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
const origin = server.url.replace(/\/$/, '');

function create(targetId: string, template: string, count: number): { id: string; host: string }[] {
  let target = targets.get(targetId);
  if (!target) {
    target = resolveTarget(targetId);
    targets.set(targetId, target);
  }
  const body = JSON.stringify({ template });
  const context = { target, origin: `${origin}/@${targetId}` };
  const servers: { id: string; host: string }[] = [];
  for (let i = 0; i < count; i++) {
    const response = emulator.handle({ method: 'POST', path: '/_mvmatrix/servers', query: '', headers: { 'content-type': 'application/json' }, body }, context);
    if (response.status !== 201) throw new Error(`cannot create a '${template}' server on ${targetId}: ${response.status} ${response.body}`);
    const created = (JSON.parse(response.body) as { server: { id: string; host: string } }).server;
    servers.push({ id: created.id, host: created.host });
  }
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
