/**
 * A provider over the emulator's pure model with no HTTP at all: servers come from the
 * control API called through `handle()`. Paired with {@link createInProcessTransport} it gives
 * the benchmark's ceiling and lets tests run a matrix without sockets.
 */
import type { NovaEmulator } from '../nova/contract.js';
import { DEFAULT_WORLD } from '../nova/world.js';
import { ERROR_CODES, MvmError } from '../errors.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from '../providers/provider.js';

/** Base URL the in-process endpoints pretend to live at. */
export const IN_PROCESS_ORIGIN = 'http://emulator.invalid';

export function createInProcessProvider(emulator: NovaEmulator, projectId = DEFAULT_WORLD.projectId): NovaProvider {
  return {
    kind: 'in-process',
    description: 'emulator model called in-process (no HTTP)',
    async endpointFor(target) {
      return { target, computeUrl: `${IN_PROCESS_ORIGIN}/@${target.id}/v2.1` };
    },
    async createServer(endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer> {
      const origin = `${IN_PROCESS_ORIGIN}/@${endpoint.target.id}`;
      const response = emulator.handle(
        { method: 'POST', path: '/_mvmatrix/servers', query: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template }) },
        { target: endpoint.target, origin },
      );
      if (response.status !== 201) throw new MvmError(ERROR_CODES.PROVIDER, `cannot create a '${template}' server: ${response.status} ${response.body}`);
      const { server } = JSON.parse(response.body) as { server: ProvisionedServer };
      return { id: server.id, host: server.host };
    },
    token: (caller) => `${caller}:${projectId}`,
    async [Symbol.asyncDispose]() {},
  };
}
