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
}

export interface SourceRun {
  readonly source: string;
  readonly provider: string;
  readonly target: string;
  /** Pact's verification JSON of this run (what `reports/pact/*.pact.json` keep). */
  readonly pactJson: string;
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

async function plan(options: VerifyOptions): Promise<{ jobs: Job[]; skipped: SkippedPact[] }> {
  const byProvider = groupBy(options.pacts, (pact) => pact.provider);
  const jobs: Job[] = [];
  const skipped: SkippedPact[] = [];
  for (const source of options.sources) {
    for (const [provider, pacts] of [...byProvider.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const targetId = targetOfProvider(provider);
      if (targetId === undefined) {
        skipped.push({ source: source.id, provider, reason: `'${provider}' does not name a Nova target (nova-<release> or nova-max-<microversion>)` });
        continue;
      }
      try {
        const endpoint = await source.provider.endpointFor(resolveTarget(targetId));
        jobs.push({ source, provider, endpoint, pacts });
      } catch (error) {
        if (!isMvmError(error) || (error.code !== ERROR_CODES.PROVIDER && error.code !== ERROR_CODES.INVALID_TARGET)) throw error;
        skipped.push({ source: source.id, provider, reason: error.message });
      }
    }
  }
  return { jobs, skipped };
}

/** Verifies every pact against every source that serves its provider. */
export async function verifyAgainstSources(options: VerifyOptions): Promise<VerifyResult> {
  const { jobs, skipped } = await plan(options);
  await using server = await startVerificationServer();
  const done = await mapConcurrent(jobs, options.jobs, async (whole) => {
    const missing = await unrecordedTemplates(whole);
    const unverifiable: InteractionVerdict[] = [];
    const pacts = whole.pacts.map((pact) => ({
      ...pact,
      interactions: pact.interactions.filter((interaction) => {
        const reason = missing.get(serverTemplate(interaction) ?? '');
        if (reason === undefined) return true;
        unverifiable.push({ ...verdictBase(whole.source.id, pact, interaction), verdict: 'unverifiable', reason: `the provider state cannot be established: ${reason}` });
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
  return { verdicts: done.flatMap((d) => d.verdicts), runs: done.flatMap((d) => (d.sourceRun ? [d.sourceRun] : [])), skipped };
}
