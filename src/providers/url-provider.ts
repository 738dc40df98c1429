/**
 * Any Nova endpoint given by URL (`run --provider url --target-url URL --token T`). It serves
 * one target: the one named by `--target`, else `mv-<max>` from the endpoint's version document.
 * Each cell still needs its own server, so the endpoint must offer mvmatrix's control API
 * (`POST <prefix>/_mvmatrix/servers`): an emulator started with `mvmatrix serve`, or the
 * real-Nova harness.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { tryParseMicroversion } from '../microversion/version.js';
import { maxVersionTarget, resolveTarget, type NovaTarget } from '../nova/target.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from './provider.js';

export interface UrlProviderOptions {
  /** The compute endpoint as a catalog lists it, e.g. `http://127.0.0.1:8774/@zed/v2.1`. */
  readonly url: string;
  /** Admin token; default noauth2 `admin:<project>` of the default world. */
  readonly token?: string;
  /** Non-admin token; default: the admin token's project with user `member` (noauth2). */
  readonly memberToken?: string;
  /** Target spec the URL behaves as (`zed`, `2.47`); default discovered from the version document. */
  readonly target?: string;
  /** Injected fetch (tests). */
  readonly fetch?: typeof fetch;
}

const DEFAULT_PROJECT = '6f70656e737461636b20726f636b7321';

/** `http://h:8774/@zed/v2.1/<project>` → `http://h:8774/@zed` (where `_mvmatrix/` lives). */
export function controlBase(url: string): string {
  const match = /^(.*?)\/v2(?:\.1)?(?:\/.*)?$/.exec(url.replace(/\/+$/, ''));
  return match ? match[1]! : url.replace(/\/+$/, '');
}

export class UrlProvider implements NovaProvider {
  readonly kind = 'url';
  readonly description: string;
  private readonly computeUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly options: UrlProviderOptions,
    readonly target: NovaTarget,
  ) {
    this.computeUrl = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.description = `Nova at ${this.computeUrl} (as ${target.id})`;
  }

  async endpointFor(target: NovaTarget): Promise<NovaEndpoint> {
    if (target.id !== this.target.id) {
      throw new MvmError(ERROR_CODES.PROVIDER, `${this.computeUrl} serves target '${this.target.id}', not '${target.id}'`, {
        hint: 'pass --target to say which target the URL behaves as',
      });
    }
    return { target, computeUrl: this.computeUrl };
  }

  async createServer(endpoint: NovaEndpoint, template: string): Promise<ProvisionedServer> {
    const url = `${controlBase(endpoint.computeUrl)}/_mvmatrix/servers`;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template }) });
    } catch (error) {
      throw new MvmError(ERROR_CODES.PROVIDER, `cannot reach ${url}: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    if (response.status !== 201) {
      throw new MvmError(ERROR_CODES.PROVIDER, `POST ${url} answered ${response.status}: cannot create a '${template}' server`, {
        hint: 'the url provider needs the mvmatrix control API (an emulator from `mvmatrix serve`, or the real-Nova harness)',
      });
    }
    const { server } = JSON.parse(text) as { server: ProvisionedServer };
    return { id: server.id, host: server.host };
  }

  token(caller: 'admin' | 'member'): string {
    const admin = this.options.token ?? `admin:${DEFAULT_PROJECT}`;
    if (caller === 'admin') return admin;
    if (this.options.memberToken) return this.options.memberToken;
    const noauth = /^[^:]+:(.+)$/.exec(admin);
    return `member:${noauth ? noauth[1] : DEFAULT_PROJECT}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    // Nothing to stop: the endpoint is not ours.
  }
}

/** Creates a URL provider, discovering the target from the version document unless given. */
export async function createUrlProvider(options: UrlProviderOptions): Promise<UrlProvider> {
  if (options.target) return new UrlProvider(options, resolveTarget(options.target, '--target'));
  const doFetch = options.fetch ?? fetch;
  const url = options.url.replace(/\/+$/, '');
  let body: unknown;
  try {
    const response = await doFetch(url, { headers: { accept: 'application/json' } });
    body = response.status === 200 ? await response.json() : undefined;
  } catch (error) {
    throw new MvmError(ERROR_CODES.PROVIDER, `cannot read the version document at ${url}: ${(error as Error).message}`, { where: '--target-url', cause: error });
  }
  const version = (body as { version?: { version?: unknown } } | undefined)?.version?.version;
  const max = typeof version === 'string' ? tryParseMicroversion(version) : undefined;
  if (!max) {
    throw new MvmError(ERROR_CODES.PROVIDER, `${url} did not answer a v2.1 version document with a maximum microversion`, {
      where: '--target-url',
      hint: 'point --target-url at the compute endpoint (…/v2.1), or name the target with --target',
    });
  }
  return new UrlProvider(options, maxVersionTarget(max));
}
