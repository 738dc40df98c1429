/**
 * Opening the sources `mvmatrix verify` checks pacts against: the embedded emulator, one
 * replay provider per cassette, and the real Nova when python3-nova is installed (with
 * `CI=true` a missing real Nova is an error, never a skip). An adapter.
 */
import { basename } from 'node:path';
import { openProvider } from '../run/open-provider.js';
import { checkRealNova } from '../providers/real-nova/prerequisites.js';
import type { SourceKind, VerificationSource } from './verify.js';

export const SOURCE_KINDS: readonly SourceKind[] = ['emulator', 'replay', 'real-nova'];

export interface OpenSourcesOptions {
  readonly kinds: readonly SourceKind[];
  /** Cassette files for `replay`. */
  readonly cassettes: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One line about a source that is not used (e.g. the real Nova is not installed). */
  readonly note: (line: string) => void;
}

export interface OpenedSources extends AsyncDisposable {
  readonly sources: readonly VerificationSource[];
}

/** Opens the sources in `kinds` order; dispose the result to stop them all. */
export async function openSources(options: OpenSourcesOptions): Promise<OpenedSources> {
  const sources: VerificationSource[] = [];
  const dispose = async () => {
    for (const source of sources.reverse()) await source.provider[Symbol.asyncDispose]();
  };
  try {
    for (const kind of options.kinds) {
      if (kind === 'emulator') {
        sources.push({ id: 'emulator', kind, label: 'the embedded emulator', provider: await openProvider({ kind: 'emulator', overHttp: true }) }); // Pact's verifier needs a URL
      } else if (kind === 'replay') {
        if (options.cassettes.length === 0) options.note('replay: no cassettes to verify against');
        for (const cassette of options.cassettes) {
          const provider = await openProvider({ kind: 'replay', cassette });
          sources.push({ id: `replay:${basename(cassette)}`, kind, label: `the replay of ${basename(cassette)}`, provider });
        }
      } else {
        let version: string;
        try {
          version = (await checkRealNova()).novaVersion;
        } catch (error) {
          if (options.env['CI'] === 'true') throw error;
          options.note(`real Nova: not verified (${(error as Error).message}); CI=true makes this an error`);
          continue;
        }
        sources.push({ id: 'real-nova', kind, label: `the real Nova ${version} (Zed)`, provider: await openProvider({ kind: 'real-nova' }) });
      }
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { sources, [Symbol.asyncDispose]: dispose };
}
