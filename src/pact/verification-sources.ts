/**
 * Opening the sources `mvmatrix verify` checks pacts against: the embedded emulator, one
 * replay provider per cassette (serving the release it was recorded as), and one real Nova per
 * release Debian ships (serving that release), each started on first use in a container of its
 * image through the container launcher — once per release — or, without Docker, Zed from the
 * host's python3-nova. With `CI=true` a real Nova that cannot run (no Docker, no image) is an
 * error, never a skip: CI builds the images first (scripts/ci/real-nova-images.sh). An adapter.
 */
import { basename } from 'node:path';
import { ERROR_CODES, MvmError } from '../errors.js';
import { openProvider } from '../run/open-provider.js';
import type { DebianNova } from '../providers/real-nova/debian-releases.js';
import type { NovaImage } from '../providers/real-nova/images/image-spec.js';
import { providerName } from './names.js';
import { realNovaPlan, type RealNovaAvailability } from './real-nova-sources.js';
import type { SourceKind, VerificationSource } from './verify.js';

export const SOURCE_KINDS: readonly SourceKind[] = ['emulator', 'replay', 'real-nova'];

export interface OpenSourcesOptions {
  readonly kinds: readonly SourceKind[];
  /** Cassette files for `replay`. */
  readonly cassettes: readonly string[];
  /** `--release` for real-nova: `all` (default) or comma-separated releases/suites. */
  readonly releases?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One line about a source that is not used (e.g. a real Nova without an image). */
  readonly note: (line: string) => void;
}

export interface OpenedSources extends AsyncDisposable {
  readonly sources: readonly VerificationSource[];
}

/** What this machine can run of each real Nova: Docker and its images, or the host's python3-nova. */
async function realNovaAvailability(novas: readonly DebianNova[]): Promise<{ availability: RealNovaAvailability; images: Map<string, NovaImage> }> {
  const { dockerProblem } = await import('../providers/real-nova/images/docker.js');
  const problem = await dockerProblem();
  const images = new Map<string, NovaImage>();
  if (problem === undefined) {
    const { listNovaImages } = await import('../providers/real-nova/images/index.js');
    for (const image of await listNovaImages()) if (!images.has(image.suite)) images.set(image.suite, image); // newest first
  }
  let host: { release: string; novaVersion: string } | undefined;
  if (problem !== undefined || novas.some((n) => !images.has(n.suite))) {
    const { checkRealNova } = await import('../providers/real-nova/prerequisites.js');
    const installed = await checkRealNova().catch(() => undefined);
    if (installed) host = { release: installed.release.name, novaVersion: installed.novaVersion };
  }
  return { availability: { ...(problem === undefined ? {} : { dockerProblem: problem }), images, ...(host === undefined ? {} : { host }) }, images };
}

async function openRealNovas(options: OpenSourcesOptions, sources: VerificationSource[]): Promise<void> {
  const { selectDebianNovas } = await import('../providers/real-nova/debian-releases.js');
  const novas = selectDebianNovas(options.releases ?? 'all', '--release');
  const available = await realNovaAvailability(novas);
  const plan = realNovaPlan(novas, available.availability, options.env['CI'] === 'true');
  const problems = plan.flatMap((p) => (p.use === 'error' ? [p] : []));
  if (problems.length > 0) {
    throw new MvmError(ERROR_CODES.PREREQUISITE, `the real Novas cannot run: ${problems.map((p) => p.why).join('; ')}`, {
      hint: 'build the images first: scripts/ci/real-nova-images.sh all (or mvmatrix nova images --release <release>); CI=true makes a missing real Nova an error',
    });
  }
  for (const entry of plan) {
    if (entry.use === 'skip' || entry.use === 'error') {
      options.note(`the real Nova ${entry.nova.release.title}: not verified (${entry.why}); CI=true makes this an error`);
      continue;
    }
    const { RealNovaProvider } = await import('../providers/real-nova/real-nova-provider.js');
    const release = entry.nova.release;
    sources.push({
      id: `real-nova:${release.name}`,
      kind: 'real-nova',
      label: `the real Nova ${entry.novaVersion} (${release.title})`,
      serves: providerName(release.name),
      provider: new RealNovaProvider({
        releases: release.name,
        launcher: entry.use,
        ...(entry.use === 'container' ? { image: available.images.get(entry.nova.suite)! } : {}),
      }),
    });
  }
}

/** Opens the sources in `kinds` order; dispose the result to stop them all. */
export async function openSources(options: OpenSourcesOptions): Promise<OpenedSources> {
  const sources: VerificationSource[] = [];
  const dispose = async () => {
    for (const source of [...sources].reverse()) await source.provider[Symbol.asyncDispose]();
  };
  try {
    for (const kind of options.kinds) {
      if (kind === 'emulator') {
        sources.push({ id: 'emulator', kind, label: 'the embedded emulator', provider: await openProvider({ kind: 'emulator', overHttp: true }) }); // Pact's verifier needs a URL
      } else if (kind === 'replay') {
        if (options.cassettes.length === 0) options.note('replay: no cassettes to verify against');
        for (const cassette of options.cassettes) {
          const provider = await openProvider({ kind: 'replay', cassette });
          const recorded = provider as unknown as { targetId?: string; requestSet?: string };
          sources.push({
            id: `replay:${basename(cassette)}`,
            kind,
            label: `the replay of ${basename(cassette)}`,
            provider,
            ...(recorded.targetId === undefined ? {} : { serves: providerName(recorded.targetId) }),
            ...(recorded.requestSet === undefined ? {} : { recording: recorded.requestSet }),
          });
        }
      } else {
        await openRealNovas(options, sources);
      }
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { sources, [Symbol.asyncDispose]: dispose };
}
