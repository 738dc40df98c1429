/**
 * Opens the provider `run --provider` names. Providers are imported lazily, so a run on the
 * emulator never loads the real-Nova launcher (or undici and node:http, in-process), and a
 * provider module that is missing from a build gives a clear PROVIDER error instead of a crash.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import type { NovaProvider } from '../providers/provider.js';

export const PROVIDER_KINDS = ['emulator', 'replay', 'real-nova', 'url'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface OpenProviderOptions {
  readonly kind: ProviderKind;
  /** `--cassette` for replay. */
  readonly cassette?: string;
  /** `--target-url` and `--token` for url. */
  readonly targetUrl?: string;
  readonly token?: string;
  /** `--target` for url: the target id the URL behaves as (else discovered from its version document). */
  readonly target?: string;
  /** `--timeout`: deadline of every network call the provider makes (discovery, server creation). */
  readonly timeoutMs?: number;
  /**
   * Emulator only: serve the cells over loopback HTTP (the node:http edge `serve` uses, on a
   * worker thread from a build) instead of calling the model in-process (docs/decisions/0003).
   * A recording proxy needs it: it can only forward to a URL.
   */
  readonly overHttp?: boolean;
  /** `--release` for real-nova: `all` or comma-separated releases (default zed). */
  readonly releases?: string;
  /** `--full` for real-nova: the whole control plane instead of the API alone. */
  readonly full?: boolean;
  /** Image builds and container starts of real-nova. */
  readonly onProgress?: (line: string) => void;
}

async function load<T>(kind: string, specifier: string, pick: (module: Record<string, unknown>) => T | undefined): Promise<T> {
  let module: Record<string, unknown>;
  try {
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw new MvmError(ERROR_CODES.PROVIDER, `the ${kind} provider is not available in this build (${(error as Error).message.split('\n')[0]})`, {
      hint: 'use --provider emulator, or rebuild mvmatrix (npm run build)',
      cause: error,
    });
  }
  const picked = pick(module);
  if (picked === undefined) {
    throw new MvmError(ERROR_CODES.PROVIDER, `the ${kind} provider module does not export what the runner needs`, { hint: 'use --provider emulator' });
  }
  return picked;
}

type Factory = (...args: never[]) => Promise<NovaProvider> | NovaProvider;

/** Starts the requested provider; dispose it when the run ends. */
export async function openProvider(options: OpenProviderOptions): Promise<NovaProvider> {
  switch (options.kind) {
    case 'emulator': {
      if (options.overHttp !== true) {
        const { startInProcessEmulatorProvider } = await import('../providers/emulator/in-process-provider.js');
        return startInProcessEmulatorProvider();
      }
      // Over HTTP: the emulator on its own thread when the compiled worker exists (dist builds).
      const threaded = await import('../providers/emulator/threaded-emulator-provider.js');
      if (threaded.threadedEmulatorAvailable()) return threaded.startThreadedEmulatorProvider();
      const start = await load('emulator', '../providers/emulator/emulator-provider.js', (m) => m['startEmulatorProvider'] as Factory | undefined);
      return (start as unknown as (o: object) => Promise<NovaProvider>)(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
    }
    case 'replay': {
      if (!options.cassette) throw new MvmError(ERROR_CODES.USAGE, '--provider replay needs --cassette <file>', { where: '--cassette' });
      const create = await load('replay', '../providers/replay/replay-provider.js', (m) => m['createReplayProvider'] as Factory | undefined);
      return (create as unknown as (o: { cassettePath: string }) => Promise<NovaProvider>)({ cassettePath: options.cassette });
    }
    case 'real-nova': {
      const Provider = await load('real-nova', '../providers/real-nova/real-nova-provider.js', (m) => m['RealNovaProvider'] as (new (o?: object) => NovaProvider) | undefined);
      return new Provider({
        ...(options.releases === undefined ? {} : { releases: options.releases }),
        ...(options.full === true ? { full: true } : {}),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(options.timeoutMs === undefined ? {} : { requestTimeoutMs: options.timeoutMs }),
      });
    }
    case 'url': {
      if (!options.targetUrl) throw new MvmError(ERROR_CODES.USAGE, '--provider url needs --target-url <compute endpoint>', { where: '--target-url' });
      const { createUrlProvider } = await import('../providers/url-provider.js');
      return createUrlProvider({
        url: options.targetUrl,
        ...(options.token === undefined ? {} : { token: options.token }),
        ...(options.target === undefined ? {} : { target: options.target }),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    }
  }
}
