/**
 * The embedded emulator with no HTTP at all: the runner's requests go straight to the model's
 * `handle()` through {@link createInProcessTransport}, and fresh servers come from the model in
 * batches. What `mvmatrix run` uses by default (docs/decisions/0003): the same model `serve`
 * answers over HTTP, minus the sockets — a test proves both give byte-identical cells.
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import type { Emulator } from '../../nova/emulator.js';
import { resolveTarget } from '../../nova/target.js';
import { DEFAULT_WORLD } from '../../nova/world.js';
import type { BatchServerProvider, NovaEndpoint, NovaProvider, ProvisionedServer, ReleasingServerProvider } from '../provider.js';
import type { Transport } from '../../http/http-transport.js';
import { createInProcessTransport } from './in-process-transport.js';

/** Base URL the in-process endpoints pretend to live at. */
export const IN_PROCESS_ORIGIN = 'http://emulator.invalid';

/** A provider that brings its own transport: the runner sends through it instead of HTTP. */
export interface TransportProvider {
  readonly transport: Transport;
}

export interface InProcessProviderOptions {
  /** Default `in-process`; `run` says `emulator`. */
  readonly kind?: string;
  readonly description?: string;
  /** Project of the emulated world (tokens are `<user>:<project>`). */
  readonly projectId?: string;
}

export type InProcessProvider = NovaProvider & BatchServerProvider & ReleasingServerProvider & TransportProvider;

/** A provider (and its transport) over `emulator`, which keeps one state per target as usual. */
export function createInProcessProvider(emulator: Emulator, options: InProcessProviderOptions = {}): InProcessProvider {
  const projectId = options.projectId ?? DEFAULT_WORLD.projectId;
  const createServers = async (endpoint: NovaEndpoint, template: string, count: number): Promise<ProvisionedServer[]> => {
    const servers = emulator.createServers(endpoint.target, template, count);
    if (!servers) throw new MvmError(ERROR_CODES.PROVIDER, `cannot create a '${template}' server: the world has no such template`, { where: endpoint.target.id });
    return servers;
  };
  return {
    kind: options.kind ?? 'in-process',
    description: options.description ?? 'emulator model called in-process (no HTTP)',
    transport: createInProcessTransport(emulator, resolveTarget('zed'), IN_PROCESS_ORIGIN),
    async endpointFor(target) {
      return { target, computeUrl: `${IN_PROCESS_ORIGIN}/@${target.id}/v2.1` };
    },
    async createServer(endpoint, template) {
      return (await createServers(endpoint, template, 1))[0]!;
    },
    createServers,
    async releaseServers(endpoint, ids) {
      emulator.releaseServers(endpoint.target, ids);
    },
    // The runner works in waves no larger than this, so no server is evicted before its cell ran.
    freshServerCap: emulator.world.maxFreshServers,
    token: (caller) => `${caller}:${projectId}`,
    // The run is over: every target's servers and migration records can go (reports come next).
    async [Symbol.asyncDispose]() {
      emulator.reset();
    },
  };
}

/** The embedded emulator as `mvmatrix run` opens it by default: a fresh emulator, in-process. */
export async function startInProcessEmulatorProvider(): Promise<InProcessProvider> {
  const { createEmulator } = await import('../../nova/emulator.js');
  return createInProcessProvider(createEmulator(), { kind: 'emulator', description: 'embedded emulator (in-process)' });
}
