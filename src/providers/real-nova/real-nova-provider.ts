/**
 * The real Nova API as a {@link NovaProvider}: Debian's python3-nova 26.2.2 (Zed), started on
 * loopback by {@link startRealNova} on first use. It can only be Zed: targets `zed` and
 * `zed@<cap>` (the cap is a label here: the server itself still accepts up to 2.93).
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import { describeNetworkError } from '../../http/network-error.js';
import type { NovaTarget } from '../../nova/target.js';
import { DEFAULT_WORLD } from '../../nova/world.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from '../provider.js';
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
  /** Deadline of each control-API call, in ms (the run's `--timeout`). Default 30 s. */
  readonly requestTimeoutMs?: number;
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
    return this.nova ? `real Nova ${this.nova.novaVersion} (Zed) at ${this.nova.url}` : 'real Nova (Debian python3-nova, Zed)';
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
    const url = `${nova.url}_mvmatrix/servers`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template }),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (error) {
      throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova harness did not answer POST ${url}: ${describeNetworkError(error)}`, { cause: error });
    }
    if (response.status !== 201) {
      throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova harness could not create a '${template}' server for ${endpoint.target.id}: ${response.status} ${text}`);
    }
    const { server } = JSON.parse(text) as { server: ProvisionedServer };
    return { id: server.id, host: server.host };
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
