/**
 * Any Nova endpoint given by URL (`run --provider url --target-url URL --token T`). It serves
 * one target: the one named by `--target`, else the `/@<target>/` prefix of an emulator URL
 * (`http://127.0.0.1:8774/@zed/v2.1` is `zed`), else `mv-<max>` from the endpoint's version
 * document. Each cell still needs its own server, so the endpoint must offer mvmatrix's control
 * API (`POST <prefix>/_mvmatrix/servers`): an emulator started with `mvmatrix serve`, or the
 * real-Nova harness. Every call has a deadline (`timeoutMs`, the run's `--timeout`) and a
 * failure names the URL and the network error (`ECONNREFUSED`, timeout …).
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import { describeNetworkError } from '../http/network-error.js';
import { tryParseMicroversion } from '../microversion/version.js';
import { maxVersionTarget, resolveTarget, type NovaTarget } from '../nova/target.js';
import { redactionForTokens, replaceSecrets, type RedactionOptions } from '../redaction/redactor.js';
import type { NovaEndpoint, NovaProvider, ProvisionedServer } from './provider.js';

export interface UrlProviderOptions {
  /** The compute endpoint as a catalog lists it, e.g. `http://127.0.0.1:8774/@zed/v2.1`. */
  readonly url: string;
  /** Admin token; default noauth2 `admin:<project>` of the default world. */
  readonly token?: string;
  /** Non-admin token; default: the admin token's project with user `member` (noauth2). */
  readonly memberToken?: string;
  /** Target spec the URL behaves as (`zed`, `2.47`); default from the URL's `/@<target>/` prefix or the version document. */
  readonly target?: string;
  /** Deadline of each call (version document, limits, server creation), in ms. Default 10 s. */
  readonly timeoutMs?: number;
  /** Injected fetch (tests). */
  readonly fetch?: typeof fetch;
}

const DEFAULT_PROJECT = '6f70656e737461636b20726f636b7321';
const DEFAULT_TIMEOUT_MS = 10_000;

/** `http://h:8774/@zed/v2.1/<project>` → `http://h:8774/@zed` (where `_mvmatrix/` lives). */
export function controlBase(url: string): string {
  const match = /^(.*?)\/v2(?:\.1)?(?:\/.*)?$/.exec(url.replace(/\/+$/, ''));
  return match ? match[1]! : url.replace(/\/+$/, '');
}

/** The target an emulator URL names with its `/@<target>/` prefix, if any (`…/@zed@2.60/v2.1` → `zed@2.60`). */
export function targetInUrl(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const segment = path.split('/').find((s) => s.startsWith('@') && s.length > 1);
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment.slice(1));
  } catch {
    return undefined;
  }
}

/** One call with the deadline, its failure worded with the URL and the network error. */
async function call(fetchImpl: typeof fetch, url: string, init: RequestInit, timeoutMs: number, what: string): Promise<{ status: number; text: string }> {
  try {
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    const reason = describeNetworkError(error);
    throw new MvmError(ERROR_CODES.PROVIDER, `${what}: ${init.method ?? 'GET'} ${url}: ${reason.startsWith('timeout') ? `${reason} after ${timeoutMs} ms` : reason}`, {
      hint: 'check that the endpoint is up and reachable (and --timeout, if it is only slow)',
      cause: error,
    });
  }
}

export class UrlProvider implements NovaProvider {
  readonly kind = 'url';
  readonly description: string;
  readonly redaction: RedactionOptions;
  private readonly computeUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: UrlProviderOptions,
    readonly target: NovaTarget,
    /** Most fresh servers the endpoint keeps per target (its control API's `/limits`), when it says. */
    readonly freshServerCap?: number,
  ) {
    this.computeUrl = options.url.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.description = `Nova at ${replaceSecrets(this.computeUrl, [])} (as ${target.id})`;
    // The tokens the user gave are secrets; the default noauth2 tokens of the emulator are not.
    this.redaction = redactionForTokens([options.token, options.memberToken, options.token === undefined ? undefined : this.token('member')]);
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
    const { status, text } = await call(
      this.fetchImpl,
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ template }) },
      this.timeoutMs,
      `cannot create a '${template}' server`,
    );
    if (status !== 201) {
      throw new MvmError(ERROR_CODES.PROVIDER, `POST ${url} answered ${status}: cannot create a '${template}' server`, {
        hint: 'the url provider needs the mvmatrix control API (an emulator from `mvmatrix serve`, or the real-Nova harness)',
      });
    }
    let server: ProvisionedServer | undefined;
    try {
      server = (JSON.parse(text) as { server?: ProvisionedServer }).server;
    } catch {
      server = undefined;
    }
    if (!server || typeof server.id !== 'string') {
      throw new MvmError(ERROR_CODES.PROVIDER, `POST ${url} answered 201 without a server: cannot create a '${template}' server`);
    }
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

/** The control API's `GET _mvmatrix/limits` (an emulator's fresh-server cap); undefined when it has none. */
async function readFreshServerCap(fetchImpl: typeof fetch, url: string, timeoutMs: number): Promise<number | undefined> {
  const { status, text } = await call(fetchImpl, `${controlBase(url)}/_mvmatrix/limits`, { headers: { accept: 'application/json' } }, timeoutMs, 'cannot reach the endpoint');
  if (status !== 200) return undefined;
  try {
    const cap = (JSON.parse(text) as { maxFreshServers?: unknown }).maxFreshServers;
    return typeof cap === 'number' && Number.isInteger(cap) && cap > 0 ? cap : undefined;
  } catch {
    return undefined;
  }
}

/** The target of the URL: `--target`, else its `/@<target>/` prefix, else its version document. */
async function discoverTarget(options: UrlProviderOptions, fetchImpl: typeof fetch, url: string, timeoutMs: number): Promise<NovaTarget> {
  if (options.target) return resolveTarget(options.target, '--target');
  const prefixed = targetInUrl(url);
  if (prefixed !== undefined) {
    try {
      return resolveTarget(prefixed, '--target-url');
    } catch {
      // Not a target spec after all: ask the version document.
    }
  }
  const { status, text } = await call(fetchImpl, url, { headers: { accept: 'application/json' } }, timeoutMs, 'cannot read the version document');
  let body: unknown;
  try {
    body = status === 200 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const version = (body as { version?: { version?: unknown } } | undefined)?.version?.version;
  const max = typeof version === 'string' ? tryParseMicroversion(version) : undefined;
  if (!max) {
    throw new MvmError(ERROR_CODES.PROVIDER, `${url} did not answer a v2.1 version document with a maximum microversion (HTTP ${status})`, {
      where: '--target-url',
      hint: 'point --target-url at the compute endpoint (…/v2.1), or name the target with --target',
    });
  }
  return maxVersionTarget(max);
}

/**
 * Creates a URL provider: the target (see {@link discoverTarget}) and the endpoint's
 * fresh-server cap, each read with the deadline.
 */
export async function createUrlProvider(options: UrlProviderOptions): Promise<UrlProvider> {
  const fetchImpl = options.fetch ?? fetch;
  const url = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    new URL(url);
  } catch {
    throw new MvmError(ERROR_CODES.USAGE, `'${options.url}' is not a URL`, { where: '--target-url', hint: 'e.g. http://127.0.0.1:8774/@zed/v2.1' });
  }
  const target = await discoverTarget(options, fetchImpl, url, timeoutMs);
  const cap = await readFreshServerCap(fetchImpl, url, timeoutMs);
  return new UrlProvider(options, target, cap);
}
