/**
 * The embedded emulator as a {@link NovaProvider}: one HTTP server on a free loopback port
 * serving every target under `/@<target>/`, each target with its own world state.
 */
import { Agent, request } from 'undici';
import { ERROR_CODES, MvmError } from '../../errors.js';
import { describeNetworkError } from '../../http/network-error.js';
import { NEWEST_RELEASE } from '../../microversion/releases.js';
import { startEmulatorServer, type StartedEmulatorServer } from '../../nova/adapters/node-server.js';
import { createEmulator } from '../../nova/emulator.js';
import { releaseTarget, type NovaTarget } from '../../nova/target.js';
import { DEFAULT_WORLD, type WorldDefinition } from '../../nova/world.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from '../provider.js';

/** Project of the default world (hex of "openstack rocks!"); tokens are `<user>:<project>`. */
export const DEFAULT_PROJECT_ID: string = DEFAULT_WORLD.projectId;

export interface EmulatorProviderOptions {
  /** World for every target (default: the default world). */
  readonly world?: WorldDefinition;
  /** Deadline of each control-API call, in ms (the run's `--timeout`). Default 10 s. */
  readonly timeoutMs?: number;
}

export interface EmulatorProvider extends NovaProvider {
  /** Root URL of the embedded server, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
}

/** Starts one emulator server on port 0; dispose it to stop. */
export async function startEmulatorProvider(options: EmulatorProviderOptions = {}): Promise<EmulatorProvider> {
  const emulator = createEmulator(options.world === undefined ? {} : { world: options.world });
  const server: StartedEmulatorServer = await startEmulatorServer({ port: 0, defaultTarget: releaseTarget(NEWEST_RELEASE), emulator });
  // Idle sockets are dropped before the server's 5 s keep-alive timeout, so a request never
  // races the server closing its end.
  const agent = new Agent({ connections: 32, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000 });
  const projectId = options.world?.projectId ?? DEFAULT_PROJECT_ID;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let disposed = false;

  return {
    kind: 'emulator',
    description: 'embedded emulator',
    url: server.url,
    freshServerCap: (options.world ?? DEFAULT_WORLD).maxFreshServers,
    async endpointFor(target: NovaTarget): Promise<NovaEndpoint> {
      return { target, computeUrl: `${server.url}@${target.id}/v2.1` };
    },
    async createServer(endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer> {
      const controlUrl = `${server.url}@${endpoint.target.id}/_mvmatrix/servers`;
      let status: number;
      let text: string;
      try {
        const response = await request(controlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-auth-token': `admin:${projectId}` },
          body: JSON.stringify({ template }),
          dispatcher: agent,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.statusCode;
        text = await response.body.text();
      } catch (error) {
        throw new MvmError(ERROR_CODES.PROVIDER, `the embedded emulator did not answer POST ${controlUrl}: ${describeNetworkError(error)}`, { cause: error });
      }
      const created = status === 201 ? parseCreated(text) : undefined;
      if (!created) {
        throw new MvmError(ERROR_CODES.PROVIDER, `the embedded emulator could not create a '${template}' server: HTTP ${status} ${text.slice(0, 300)}`, {
          where: endpoint.target.id,
        });
      }
      return created;
    },
    token(caller: 'admin' | 'member'): string {
      return `${caller}:${projectId}`;
    },
    async [Symbol.asyncDispose](): Promise<void> {
      if (disposed) return;
      disposed = true;
      await agent.close();
      await server.close();
    },
  };
}

function parseCreated(text: string): ProvisionedServer | undefined {
  try {
    const parsed = JSON.parse(text) as { server?: { id?: unknown; host?: unknown } };
    const { id, host } = parsed.server ?? {};
    return typeof id === 'string' && typeof host === 'string' ? { id, host } : undefined;
  } catch {
    return undefined;
  }
}
