/**
 * The real Nova API as a {@link NovaProvider}: Debian's python3-nova 26.2.2 (Zed), started on
 * loopback by {@link startRealNova} on first use. It can only be Zed: targets `zed` and
 * `zed@<cap>` (the cap is a label here: the server itself still accepts up to 2.93).
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import type { NovaTarget } from '../../nova/target.js';
import { DEFAULT_WORLD } from '../../nova/world.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from '../provider.js';
import { settleMigrations } from './full-mode.js';
import { startRealNova, type RealNovaOptions, type RunningRealNova } from './launcher.js';

/** The release python3-nova 26.2.2 is. */
export const REAL_NOVA_RELEASE = 'zed';

/** True for `zed` and `zed@<cap>`: the targets whose behaviour the installed Nova has. */
export function realNovaServes(target: NovaTarget): boolean {
  return target.release.name === REAL_NOVA_RELEASE && (target.id === REAL_NOVA_RELEASE || target.id.startsWith(`${REAL_NOVA_RELEASE}@`));
}

export interface RealNovaProviderOptions extends RealNovaOptions {
  /** Use an already running instance instead of starting one (not closed by this provider). */
  readonly running?: RunningRealNova;
}

export class RealNovaProvider implements NovaProvider {
  readonly kind = 'real-nova';
  private started: Promise<RunningRealNova> | undefined;
  private nova: RunningRealNova | undefined;
  private readonly projectId: string;

  constructor(private readonly options: RealNovaProviderOptions = {}) {
    this.projectId = (options.world ?? DEFAULT_WORLD).projectId;
    if (options.running) {
      this.nova = options.running;
      this.started = Promise.resolve(options.running);
    }
  }

  get description(): string {
    const mode = this.options.full === true ? ', full control plane' : '';
    return this.nova ? `real Nova ${this.nova.novaVersion} (Zed${mode}) at ${this.nova.url}` : `real Nova (Debian python3-nova, Zed${mode})`;
  }

  private async running(): Promise<RunningRealNova> {
    this.started ??= startRealNova(this.options).then((nova) => {
      this.nova = nova;
      return nova;
    });
    return this.started;
  }

  async endpointFor(target: NovaTarget): Promise<NovaEndpoint> {
    if (!realNovaServes(target)) {
      throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova provider serves Zed only (python3-nova 26.2.2, max 2.93), not '${target.id}'`, {
        hint: "use the target 'zed' (or zed@<cap>) with --provider real-nova, or the emulator for other releases",
      });
    }
    const nova = await this.running();
    return { target, computeUrl: `${nova.url}v2.1` };
  }

  async createServer(endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer> {
    const nova = await this.running();
    const response = await fetch(`${nova.url}_mvmatrix/servers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template }),
    });
    const text = await response.text();
    if (response.status !== 201) {
      throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova harness could not create a '${template}' server for ${endpoint.target.id}: ${response.status} ${text}`);
    }
    const { server } = JSON.parse(text) as { server: ProvisionedServer };
    return { id: server.id, host: server.host };
  }

  /**
   * Full mode: runs the server's live migrations to their end state (the fake hypervisor holds
   * them at "running" until then). The API alone has nothing that moves: nothing to do.
   */
  async settle(_endpoint: NovaEndpoint, serverId: string): Promise<void> {
    const nova = await this.running();
    if (nova.mode === 'full') await settleMigrations(nova.url, serverId);
  }

  token(caller: 'admin' | 'member'): string {
    return `${caller}:${this.projectId}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.options.running || !this.started) return;
    const nova = await this.started.catch(() => undefined);
    await nova?.close();
  }
}
