/**
 * `mvmatrix verify`: every pact verified against every source that serves its provider (a Nova
 * target): the embedded emulator (each `/@<target>`), each replay cassette (its recorded
 * target) and the real Nova (Zed). One Pact verifier run per (source, target), a few side by
 * side, each behind its own state-change endpoint and observing proxy. An adapter; the
 * verdicts come from the pure `verification-results.ts`.
 */
import { isMvmError, ERROR_CODES } from '../errors.js';
import { resolveTarget } from '../nova/target.js';
import type { NovaEndpoint, NovaProvider } from '../providers/provider.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { COMPUTE_PATH, STATE_WORLD } from './generate.js';
import { targetOfProvider } from './names.js';
import { escapeRegex } from './expectation.js';
import type { PactFile, PactInteraction } from './pact-file.js';
import { STATE_SERVER } from './provider-states.js';
import { runVerifier } from './run-verifier.js';
import { startVerificationServer } from './verification-server.js';
import { mapVerification, verdictBase, type InteractionVerdict, type KnownDifference } from './verification-results.js';
import { groupBy } from '../util/group-by.js';

export type SourceKind = 'emulator' | 'replay' | 'real-nova';

export interface VerificationSource {
  /** Stable id in reports: `emulator`, `replay:<cassette file>`, `real-nova`. */
  readonly id: string;
  readonly kind: SourceKind;
  /** Human label: `the embedded emulator`, `replay of nova-26.2.2-zed-matrix.json`. */
  readonly label: string;
  readonly provider: NovaProvider;
  /**
   * The one pact provider this source serves (`nova-zed` for a Zed cassette or the real Nova
   * Zed); absent for a source that serves every target (the emulator). Only that provider's
   * pacts are asked of it, and a source without pacts for it is reported as such.
   */
  readonly serves?: string;
  /** What a recording was recorded from (its cassette's `metadata.requestSet`). */
  readonly recording?: string;
}

export interface SourceRun {
  readonly source: string;
  readonly provider: string;
  readonly target: string;
  /** Pact's verification JSON of this run (what `reports/pact/*.pact.json` keep). */
  readonly pactJson: string;
  readonly durationMs: number;
}

/** Time spent reaching a source's provider before verifying (a real Nova's container start). */
export interface SourceStart {
  readonly source: string;
  readonly provider: string;
  readonly durationMs: number;
}

export interface SkippedPact {
  readonly source: string;
  readonly provider: string;
  readonly reason: string;
}

export interface VerifyResult {
  readonly verdicts: readonly InteractionVerdict[];
  readonly runs: readonly SourceRun[];
  readonly skipped: readonly SkippedPact[];
  readonly starts: readonly SourceStart[];
}

export interface VerifyOptions {
  readonly pacts: readonly PactFile[];
  readonly sources: readonly VerificationSource[];
  /** Verifier runs at once. */
  readonly jobs: number;
  readonly timeoutMs: number;
  /** Documented real-Nova differences, applied to replay and real-Nova sources. */
  readonly knownDifferences: readonly KnownDifference[];
  readonly onRunDone?: (run: SourceRun) => void;
}

interface Job {
  readonly source: VerificationSource;
  readonly provider: string;
  readonly endpoint: NovaEndpoint;
  readonly pacts: readonly PactFile[];
}

/**
 * A recording can only hand out the servers it recorded: interactions whose server state it
 * cannot establish are unverifiable up front (asking Pact would only cost its state-change
 * retries). Creating a server from a cassette has no side effect, so asking is free.
 */
async function unrecordedTemplates(job: Job): Promise<Map<string, string>> {
  const missing = new Map<string, string>();
  if (job.source.kind !== 'replay') return missing;
  const templates = new Set(job.pacts.flatMap((p) => p.interactions.map((i) => serverTemplate(i))).filter((t): t is string => t !== undefined));
  for (const template of [...templates].sort()) {
    try {
      await job.source.provider.createServer(job.endpoint, template);
    } catch (error) {
      missing.set(template, error instanceof Error ? error.message : String(error));
    }
  }
  return missing;
}

function serverTemplate(interaction: PactInteraction): string | undefined {
  const template = interaction.states.find((s) => s.name === STATE_SERVER)?.params['template'];
  return typeof template === 'string' ? template : undefined;
}

/** A regex matching exactly these descriptions (Rust and JS regex syntax agree on the escapes). */
function exactly(descriptions: readonly string[]): string {
  return `^(?:${descriptions.map(escapeRegex).join('|')})$`;
}

interface Plan {
  readonly jobs: Job[];
  readonly skipped: SkippedPact[];
  readonly starts: SourceStart[];
}

/**
 * The (source, provider) runs. A source that serves one provider is asked only that
 * provider's pacts (a real Nova starts here, once per release; sources start side by side).
 */
async function plan(options: VerifyOptions): Promise<Plan> {
  const byProvider = [...groupBy(options.pacts, (pact) => pact.provider).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const perSource = await Promise.all(
    options.sources.map(async (source): Promise<Plan> => {
      const out: Plan = { jobs: [], skipped: [], starts: [] };
      for (const [provider, pacts] of byProvider) {
        if (source.serves !== undefined && provider !== source.serves) continue;
        const targetId = targetOfProvider(provider);
        if (targetId === undefined) {
          out.skipped.push({ source: source.id, provider, reason: `'${provider}' does not name a Nova target (nova-<release> or nova-max-<microversion>)` });
          continue;
        }
        const t0 = performance.now();
        try {
          const endpoint = await source.provider.endpointFor(resolveTarget(targetId));
          out.jobs.push({ source, provider, endpoint, pacts });
          if (source.serves !== undefined) out.starts.push({ source: source.id, provider, durationMs: performance.now() - t0 });
        } catch (error) {
          if (!isMvmError(error) || (error.code !== ERROR_CODES.PROVIDER && error.code !== ERROR_CODES.INVALID_TARGET)) throw error;
          // A source that names the provider it serves and cannot serve it is broken, not skipped.
          if (source.serves !== undefined) throw error;
          out.skipped.push({ source: source.id, provider, reason: error.message });
        }
      }
      return out;
    }),
  );
  return { jobs: perSource.flatMap((p) => p.jobs), skipped: perSource.flatMap((p) => p.skipped), starts: perSource.flatMap((p) => p.starts) };
}

/** Verifies every pact against every source that serves its provider. */
export async function verifyAgainstSources(options: VerifyOptions): Promise<VerifyResult> {
  const { jobs, skipped, starts } = await plan(options);
  await using server = await startVerificationServer();
  const done = await mapConcurrent(jobs, options.jobs, async (whole) => {
    const missing = await unrecordedTemplates(whole);
    const unverifiable: InteractionVerdict[] = [];
    const pacts = whole.pacts.map((pact) => ({
      ...pact,
      interactions: pact.interactions.filter((interaction) => {
        const reason = missing.get(serverTemplate(interaction) ?? '');
        if (reason === undefined) return true;
        unverifiable.push({
          ...verdictBase(whole.source.id, pact, interaction),
          verdict: 'unverifiable',
          cause: 'no-recorded-server',
          template: serverTemplate(interaction) ?? '',
          reason: `the provider state cannot be established: ${reason}`,
        });
        return false;
      }),
    }));
    const job = { ...whole, pacts: pacts.filter((p) => p.interactions.length > 0) };
    if (job.pacts.length === 0) return { sourceRun: undefined, verdicts: unverifiable };
    const filter = missing.size === 0 ? undefined : exactly(job.pacts.flatMap((p) => p.interactions.map((i) => i.description)));
    const upstream = job.endpoint.computeUrl.endsWith(COMPUTE_PATH) ? job.endpoint.computeUrl.slice(0, -COMPUTE_PATH.length) : job.endpoint.computeUrl;
    const run = server.addRun({ provider: job.source.provider, endpoint: job.endpoint, upstream, world: STATE_WORLD });
    const t0 = performance.now();
    const pactJson = await runVerifier({
      pactFiles: job.pacts.map((p) => p.file),
      providerBaseUrl: run.providerBaseUrl,
      stateUrl: run.stateUrl,
      timeoutMs: options.timeoutMs,
      ...(filter === undefined ? {} : { descriptionFilter: filter }),
    });
    const sourceRun: SourceRun = { source: job.source.id, provider: job.provider, target: job.endpoint.target.id, pactJson, durationMs: performance.now() - t0 };
    options.onRunDone?.(sourceRun);
    const verdicts = mapVerification({
      source: job.source.id,
      pacts: job.pacts,
      pactJson,
      observations: run.log(),
      knownDifferences: job.source.kind === 'emulator' ? null : options.knownDifferences,
    });
    return { sourceRun, verdicts: [...verdicts, ...unverifiable] };
  });
  return { verdicts: done.flatMap((d) => d.verdicts), runs: done.flatMap((d) => (d.sourceRun ? [d.sourceRun] : [])), skipped, starts };
}
