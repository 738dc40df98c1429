/**
 * Real Novas as a {@link NovaProvider}: one per Debian release asked for (`zed`, `all`, …),
 * each started on first use in a container of its image (container-launcher.ts), or — for
 * the host's own python3-nova on a machine without Docker — as a host process (launcher.ts).
 * Several releases run at once, each on its own port. A release serves exactly the targets
 * whose behaviour and microversion range it has: its own target (`zed`), and `mv-<max>` /
 * `zed@<max>` spellings of it. Anything else is a PROVIDER error (the runner skips it).
 */
import { ERROR_CODES, MvmError } from '../../errors.js';
import { describeNetworkError } from '../../http/network-error.js';
import { compareMicroversions } from '../../microversion/version.js';
import type { NovaRelease } from '../../microversion/releases.js';
import type { NovaTarget } from '../../nova/target.js';
import { DEFAULT_WORLD, type WorldDefinition } from '../../nova/world.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from '../provider.js';
import { DEBIAN_NOVAS, selectDebianNovas, type DebianNova } from './debian-releases.js';
import { FULL_MODE_FRESH_SERVER_CAP, settleMigrations, type HarnessMode } from './full-mode.js';
import type { NovaImage } from './images/image-spec.js';

/** What the provider needs of a started real Nova, however it was launched. */
export interface RealNovaInstance {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly novaVersion: string;
  /** Absent: `api-only`. */
  readonly mode?: HarnessMode;
  /** Full mode asked for but impossible in this release: why (the API alone runs). */
  readonly fullUnavailable?: string;
  close(): Promise<void>;
}

export type RealNovaLauncherKind = 'container' | 'host' | 'auto';

export interface RealNovaProviderOptions {
  /** `all`, or comma-separated releases/suites (`zed`, `epoxy,sid`). Default `zed`. */
  readonly releases?: string;
  /** `auto` (default): containers when a Docker engine answers, else the host's python3-nova. */
  readonly launcher?: RealNovaLauncherKind;
  readonly world?: WorldDefinition;
  readonly rpcTimeoutSeconds?: number;
  /** Image builds and starts. */
  readonly onProgress?: (line: string) => void;
  /** An already running instance of the first release (not closed by this provider). */
  readonly running?: RealNovaInstance;
  /**
   * The whole control plane (conductor, scheduler, Placement, a libvirt compute per world host)
   * instead of the API alone, where the release allows (docs/real-nova-full.md).
   */
  readonly full?: boolean;
  /** Deadline of each control-API call, in ms (the run's `--timeout`). Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Containers: use this image (of the one release asked for) instead of finding or building it. */
  readonly image?: NovaImage;
}

/** True when `target` behaves exactly as `release` at its own maximum (`zed`, `mv-2.93`, `zed@2.93`). */
export function realNovaServes(release: NovaRelease, target: NovaTarget): boolean {
  return target.release === release && compareMicroversions(target.maxMicroversion, release.maxMicroversion) === 0;
}

/** `MVMATRIX_REAL_NOVA_LAUNCHER=container|host|auto` (default auto). */
function launcherFromEnv(env: NodeJS.ProcessEnv): RealNovaLauncherKind {
  const value = env['MVMATRIX_REAL_NOVA_LAUNCHER'];
  if (value === undefined || value === '') return 'auto';
  if (value === 'container' || value === 'host' || value === 'auto') return value;
  throw new MvmError(ERROR_CODES.USAGE, `MVMATRIX_REAL_NOVA_LAUNCHER must be container, host or auto (got '${value}')`, { where: 'MVMATRIX_REAL_NOVA_LAUNCHER' });
}

export interface LaunchOptions extends Pick<RealNovaProviderOptions, 'launcher' | 'world' | 'rpcTimeoutSeconds' | 'onProgress' | 'full' | 'image'> {
  /** 0 or absent: an ephemeral port. */
  readonly port?: number;
}

/**
 * Starts the real Nova of `nova`: in a container when a Docker engine answers (or `launcher`
 * says so), else from the host's python3-nova when that is the same release. PREREQUISITE
 * error saying what is missing otherwise.
 */
export async function launchRealNova(nova: DebianNova, options: LaunchOptions = {}): Promise<RealNovaInstance> {
  const kind = options.launcher ?? launcherFromEnv(process.env);
  const common = {
    ...(options.world === undefined ? {} : { world: options.world }),
    ...(options.rpcTimeoutSeconds === undefined ? {} : { rpcTimeoutSeconds: options.rpcTimeoutSeconds }),
    ...(options.port === undefined ? {} : { port: options.port }),
  };
  const full = options.full === true;
  const saidIfFellBack = <T extends RealNovaInstance>(instance: T): T => {
    if (full && instance.mode !== 'full') options.onProgress?.(`the full control plane cannot run on ${nova.release.title}: ${instance.fullUnavailable ?? 'unknown reason'}; serving the API alone`);
    return instance;
  };
  if (kind !== 'host') {
    const { dockerProblem } = await import('./images/docker.js');
    const problem = kind === 'auto' ? await dockerProblem() : undefined;
    if (problem === undefined) {
      const { startRealNovaContainer } = await import('./container-launcher.js');
      const image = options.image?.suite === nova.suite ? { image: options.image } : {};
      return saidIfFellBack(
        await startRealNovaContainer({
          release: nova.suite,
          ...common,
          ...image,
          ...(full ? { mode: 'full' } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }),
      );
    }
    const { checkRealNova } = await import('./prerequisites.js');
    const host = await checkRealNova().catch(() => undefined);
    if (host?.release !== nova.release) {
      const { DOCKER_HINT } = await import('./images/docker.js');
      throw new MvmError(ERROR_CODES.PREREQUISITE, `the real Nova ${nova.release.title} needs Docker: ${problem}`, { hint: DOCKER_HINT });
    }
    options.onProgress?.(`${problem}: using the host's python3-nova ${host.novaVersion}`);
  }
  const { startRealNova } = await import('./launcher.js');
  return saidIfFellBack(await startRealNova({ ...common, full }));
}

export class RealNovaProvider implements NovaProvider {
  readonly kind = 'real-nova';
  private readonly novas: readonly DebianNova[];
  private readonly started = new Map<NovaRelease, Promise<RealNovaInstance>>();
  private readonly instances = new Map<NovaRelease, RealNovaInstance>();
  private readonly projectId: string;

  constructor(private readonly options: RealNovaProviderOptions = {}) {
    this.novas = selectDebianNovas(options.releases ?? 'zed', '--release');
    this.projectId = (options.world ?? DEFAULT_WORLD).projectId;
    if (options.running) {
      const first = this.novas[0]!.release;
      this.instances.set(first, options.running);
      this.started.set(first, Promise.resolve(options.running));
    }
  }

  /** Full mode: the harness keeps only its newest fresh servers, so the runner works in waves below that. */
  get freshServerCap(): number | undefined {
    return this.options.full ? FULL_MODE_FRESH_SERVER_CAP : undefined;
  }

  /** The releases this provider runs. */
  get releases(): readonly NovaRelease[] {
    return this.novas.map((n) => n.release);
  }

  get description(): string {
    const parts = this.novas.map((n) => {
      const running = this.instances.get(n.release);
      if (!running) return `${n.release.title} (Debian ${n.suite}${this.options.full ? ', full control plane' : ''})`;
      const how = running.mode === 'full' ? ', full control plane' : running.fullUnavailable ? `, API only: full control plane unavailable (${running.fullUnavailable})` : '';
      return `${running.novaVersion} (${n.release.title}${how}) at ${running.url}`;
    });
    return `real Nova ${parts.join(', ')}`;
  }

  /** The real Nova of `release`, started on first use. */
  instanceFor(release: NovaRelease): Promise<RealNovaInstance> {
    const nova = this.novas.find((n) => n.release === release);
    if (!nova) return Promise.reject(new MvmError(ERROR_CODES.PROVIDER, `the real Nova provider does not run ${release.title}`));
    let started = this.started.get(release);
    if (!started) {
      started = launchRealNova(nova, this.options).then((instance) => {
        this.instances.set(release, instance);
        return instance;
      });
      started.catch(() => this.started.delete(release));
      this.started.set(release, started);
    }
    return started;
  }

  async endpointFor(target: NovaTarget): Promise<NovaEndpoint> {
    const nova = this.novas.find((n) => realNovaServes(n.release, target));
    if (!nova) {
      const runs = this.novas.map((n) => n.release.name).join(', ');
      const debian = DEBIAN_NOVAS.some((d) => d.release === target.release);
      throw new MvmError(ERROR_CODES.PROVIDER, `the real Nova provider runs ${runs}; '${target.id}' is not one of them`, {
        hint: debian
          ? `add it with --release ${target.release.name} (or --release all); capped targets exist only in the emulator`
          : `Debian ships no real Nova ${target.release.title}: use the emulator for it`,
      });
    }
    const instance = await this.instanceFor(nova.release);
    return { target, computeUrl: `${instance.url}v2.1` };
  }

  async createServer(endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer> {
    const instance = await this.instanceFor(endpoint.target.release);
    const url = `${instance.url}_mvmatrix/servers`;
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

  /**
   * Full mode: runs the server's live migrations to their end state (the fake hypervisor holds
   * them at "running" until then) before the runner reads them back. The API alone has nothing
   * that moves: nothing to do.
   */
  async settle(endpoint: NovaEndpoint, serverId: string): Promise<void> {
    const instance = await this.instanceFor(endpoint.target.release);
    if (instance.mode === 'full') await settleMigrations(instance.url, serverId, fetch, this.options.requestTimeoutMs ?? 30_000);
  }

  token(caller: 'admin' | 'member'): string {
    return `${caller}:${this.projectId}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const started = [...this.started.values()];
    this.started.clear();
    await Promise.all(
      started.map(async (p) => {
        const instance = await p.catch(() => undefined);
        if (instance && instance !== this.options.running) await instance.close();
      }),
    );
  }
}
