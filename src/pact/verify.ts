/**
 * `mvmatrix verify`: every pact verified against every source that serves its provider (a Nova
 * target): the embedded emulator (each `/@<target>`), each replay cassette (its recorded
 * target) and the real Nova (Zed). One Pact verifier run per (source, target), a few side by
 * side, each behind its own state-change endpoint and observing proxy. An adapter; the
 * verdicts come from the pure `verification-results.ts`.
 */
import { isMvmError, ERROR_CODES, MvmError } from '../errors.js';
import { resolveTarget } from '../nova/target.js';
import type { NovaEndpoint, NovaProvider } from '../providers/provider.js';
import { mapConcurrent } from '../util/map-concurrent.js';
import { COMPUTE_PATH, STATE_WORLD } from './generate.js';
import { targetOfProvider } from './names.js';
import { escapeRegex } from './expectation.js';
import type { PactFile, PactInteraction } from './pact-file.js';
import { STATE_CALLER, STATE_SERVER } from './provider-states.js';
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
  /** Interactions verified a second time because a provider-state call failed the first time. */
  readonly retried: number;
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

/** What a recording can say about a request without being asked (a replay provider has it). */
interface Recording {
  records(request: { method: string; path: string; headers: Readonly<Record<string, string>>; body: string }): boolean;
}

function recordingOf(provider: NovaProvider): Recording | undefined {
  return typeof (provider as Partial<Recording>).records === 'function' ? (provider as unknown as Recording) : undefined;
}

/**
 * What a recording cannot answer, found before Pact is asked (asking would cost a verifier
 * round trip per interaction, or its state-change retries): the interactions whose server it
 * never recorded (`no-recorded-server`), and those whose request it has no answer for
 * (`replay-miss`, judged by the replay server's own matching with the state's server id and
 * token). A cassette has no side effects, so asking it is free.
 */
async function unanswerable(job: Job): Promise<Map<string, InteractionVerdict>> {
  const out = new Map<string, InteractionVerdict>();
  const recording = job.source.kind === 'replay' ? recordingOf(job.source.provider) : undefined;
  if (!recording) return out;
  const servers = new Map<string, string | Error>();
  for (const template of [...new Set(job.pacts.flatMap((p) => p.interactions.map((i) => serverTemplate(i) ?? '')))].sort()) {
    if (template === '') continue;
    try {
      servers.set(template, (await job.source.provider.createServer(job.endpoint, template)).id);
    } catch (error) {
      servers.set(template, error instanceof Error ? error : new Error(String(error)));
    }
  }
  for (const pact of job.pacts) {
    for (const interaction of pact.interactions) {
      const template = serverTemplate(interaction);
      const server = template === undefined ? undefined : servers.get(template);
      const base = verdictBase(job.source.id, pact, interaction);
      if (server instanceof Error) {
        out.set(interaction.description, { ...base, verdict: 'unverifiable', cause: 'no-recorded-server', template: template ?? '', reason: `the provider state cannot be established: ${server.message}` });
        continue;
      }
      const role = interaction.states.find((st) => st.name === STATE_CALLER)?.params['role'];
      const headers = { ...interaction.request.headers };
      if (role === 'admin' || role === 'member') headers['x-auth-token'] = job.source.provider.token(role);
      const path = (interaction.request.path ?? '').replace('${serverId}', server ?? '');
      const body = interaction.request.body === undefined ? '' : JSON.stringify(interaction.request.body);
      if (path !== '' && !recording.records({ method: interaction.request.method, path, headers, body })) {
        out.set(interaction.description, { ...base, verdict: 'unverifiable', cause: 'replay-miss', reason: 'not in the recording: the cassette has no answer for this request (replay miss, found without asking Pact)' });
      }
    }
  }
  return out;
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

const JOB_ORDER: Readonly<Record<SourceKind, number>> = { 'real-nova': 0, replay: 1, emulator: 2 };

/** Verifies every pact against every source that serves its provider. */
export async function verifyAgainstSources(options: VerifyOptions): Promise<VerifyResult> {
  const planned = await plan(options);
  const { skipped, starts } = planned;
  // The slowest runs first (a real Nova answers slowest, then recordings), so the last runs are short.
  const jobs = [...planned.jobs].sort((a, b) => JOB_ORDER[a.source.kind] - JOB_ORDER[b.source.kind]);
  // Pact's verifier is another process: a source must listen on a URL it can reach.
  for (const job of jobs) {
    if (new URL(job.endpoint.computeUrl).hostname.endsWith('.invalid')) {
      throw new MvmError(ERROR_CODES.PROVIDER, `source ${job.source.id} has no network address Pact's verifier can reach (${job.endpoint.computeUrl})`, {
        hint: "open the emulator over HTTP (openProvider({ kind: 'emulator', overHttp: true })), not in-process",
      });
    }
  }
  await using server = await startVerificationServer();
  const done = await mapConcurrent(jobs, options.jobs, async (whole) => {
    const missing = await unanswerable(whole);
    const unverifiable = [...missing.values()];
    const pacts = whole.pacts.map((pact) => ({ ...pact, interactions: pact.interactions.filter((interaction) => !missing.has(interaction.description)) }));
    const job = { ...whole, pacts: pacts.filter((p) => p.interactions.length > 0) };
    if (job.pacts.length === 0) return { sourceRun: undefined, verdicts: unverifiable };
    const upstream = job.endpoint.computeUrl.endsWith(COMPUTE_PATH) ? job.endpoint.computeUrl.slice(0, -COMPUTE_PATH.length) : job.endpoint.computeUrl;
    const t0 = performance.now();
    const verifyOnce = async (pactsToRun: readonly PactFile[], filtered: boolean) => {
      const run = server.addRun({ provider: job.source.provider, endpoint: job.endpoint, upstream, world: STATE_WORLD });
      const pactJson = await runVerifier({
        pactFiles: pactsToRun.map((p) => p.file),
        providerBaseUrl: run.providerBaseUrl,
        stateUrl: run.stateUrl,
        timeoutMs: options.timeoutMs,
        ...(filtered ? { descriptionFilter: exactly(pactsToRun.flatMap((p) => p.interactions.map((i) => i.description))) } : {}),
      });
      const knownDifferences = job.source.kind === 'emulator' ? null : options.knownDifferences;
      return { pactJson, verdicts: mapVerification({ source: job.source.id, pacts: pactsToRun, pactJson, observations: run.log(), knownDifferences }) };
    };
    const first = await verifyOnce(job.pacts, missing.size > 0);
    let verdicts = first.verdicts;
    // A provider-state call that failed (a loaded machine, a slow answer) is asked once more,
    // alone; what fails again stays unverifiable with Pact's text.
    const retry = new Set(verdicts.filter((v) => v.cause === 'setup-failed').map((v) => v.description));
    let retried = 0;
    if (retry.size > 0) {
      const again = await verifyOnce(job.pacts.map((p) => ({ ...p, interactions: p.interactions.filter((i) => retry.has(i.description)) })).filter((p) => p.interactions.length > 0), true);
      const byDescription = new Map(again.verdicts.map((v) => [v.description, v]));
      verdicts = verdicts.map((v) => byDescription.get(v.description) ?? v);
      retried = retry.size;
    }
    const sourceRun: SourceRun = { source: job.source.id, provider: job.provider, target: job.endpoint.target.id, pactJson: first.pactJson, durationMs: performance.now() - t0, retried };
    options.onRunDone?.(sourceRun);
    return { sourceRun, verdicts: [...verdicts, ...unverifiable] };
  });
  return { verdicts: done.flatMap((d) => d.verdicts), runs: done.flatMap((d) => (d.sourceRun ? [d.sourceRun] : [])), skipped, starts };
}
