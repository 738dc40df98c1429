/**
 * Pact's verification JSON for one run → one verdict per interaction. Pure.
 *
 * - `verified`: Pact found the provider's answer as the pact expects.
 * - `failed`: Pact's mismatch text says why; a failure of a pending interaction is reported
 *   but does not fail verification.
 * - `known-difference` (recordings of and the real Nova only): the answer is one the
 *   conformance allow-list (`contracts/conformance-allowlist.yaml`) documents as a difference
 *   between the real-Nova harness and a full Nova (e.g. no conductor below 2.34).
 * - `unverifiable`: the provider could not be asked — a replay miss (598: not recorded), a
 *   provider state it cannot establish (a template the cassette never recorded).
 */
import { canonicalJson } from '../cassette/canonical.js';
import { faultMessage } from '../matrix/classify.js';
import { parseBody } from '../matrix/evidence.js';
import type { PactFile, PactInteraction } from './pact-file.js';
import { STATE_CALLER, STATE_SERVER } from './provider-states.js';
import type { ObservedExchange } from './verification-server.js';

export const VERDICTS = ['verified', 'failed', 'known-difference', 'unverifiable'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Pact's text when a provider-state call failed: `One or more of the setup state change handlers has failed`. */
export const STATE_CHANGE_FAILED = /state change handlers? ha(?:s|ve) failed/;

/** The replay server's answer to a request it has no recording of. */
export const REPLAY_MISS_STATUS = 598;

export interface InteractionVerdict {
  /** The verification source (`emulator`, `replay:<cassette>`, `real-nova`). */
  readonly source: string;
  readonly consumer: string;
  readonly provider: string;
  /** The interaction's description: the matrix cell id. */
  readonly description: string;
  readonly pending: boolean;
  /** The matrix outcome the pact records for the cell (Pact cannot see drift; this can). */
  readonly matrixVerdict?: string;
  readonly verdict: Verdict;
  /** Pact's own mismatch text, when Pact reported one. */
  readonly mismatch?: string;
  /** Why a failure does not count against the provider (known difference, unverifiable). */
  readonly reason?: string;
  /** Unverifiable only: the reason as a stable key (`replay-miss`, `no-recorded-server`, …; source-report.ts words them). */
  readonly cause?: string;
  /** `no-recorded-server` only: the provider state's server template the recording lacks. */
  readonly template?: string;
  /** What the provider answered, as the observing proxy saw it. */
  readonly observed?: { readonly status: number; readonly message: string | null };
}

/** A documented real-Nova difference (an entry of the conformance allow-list). */
export interface KnownDifference {
  readonly id: string;
  readonly reason: string;
  readonly template?: string;
  readonly realStatus?: number;
  readonly emulatorStatus?: number;
  readonly realMessage?: string;
}

/** What the observing proxy and the state endpoint recorded during the run. */
export interface RunObservations {
  readonly servers: ReadonlyMap<string, string>;
  readonly tokens: ReadonlyMap<string, string>;
  readonly exchanges: readonly ObservedExchange[];
}

export interface RunInput {
  readonly source: string;
  readonly pacts: readonly PactFile[];
  /** Pact's verification JSON text. */
  readonly pactJson: string;
  readonly observations: RunObservations;
  /** Differences to excuse (replay of, and the real Nova); null for the emulator. */
  readonly knownDifferences: readonly KnownDifference[] | null;
}

interface PactMismatch {
  readonly type?: string;
  readonly mismatch?: string;
  readonly path?: string;
  readonly key?: string;
  readonly actual?: unknown;
  readonly message?: string;
}

interface PactError {
  readonly interaction?: string;
  readonly mismatch?: { readonly type?: string; readonly message?: string; readonly mismatches?: readonly PactMismatch[] };
}

interface PactResults {
  readonly errors?: readonly PactError[];
  readonly pendingErrors?: readonly PactError[];
  readonly interactionResults?: readonly { readonly description?: string; readonly result?: string }[];
}

/** Pact's mismatch lines for one interaction, joined: `expected 202 but was 400; ...`. */
export function mismatchText(error: PactError): string {
  const mismatch = error.mismatch;
  if (!mismatch) return 'Pact reported a failure without details';
  if (mismatch.type === 'error' || !mismatch.mismatches) return mismatch.message ?? JSON.stringify(mismatch);
  return mismatch.mismatches
    .map((m) => {
      const text = m.mismatch ?? m.message ?? JSON.stringify(m);
      return m.type === 'BodyMismatch' && m.path && m.path !== '/' && m.path !== '$' ? `${m.path}: ${text}` : text;
    })
    .join('; ');
}

function stateParam(interaction: PactInteraction, state: string, param: string): unknown {
  return interaction.states.find((s) => s.name === state)?.params[param];
}

const SIGNATURE_HEADERS = ['openstack-api-version', 'x-openstack-nova-api-version', 'content-type'];

/** What makes two requests the same question to a provider with fresh servers. */
function signature(method: string, body: unknown, headers: Readonly<Record<string, string>>, template: unknown, role: unknown): string {
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lower[name.toLowerCase()] = value;
  return JSON.stringify([method, canonicalJson(body ?? null), SIGNATURE_HEADERS.map((h) => lower[h] ?? null), template, role]);
}

function exchangeSignature(exchange: ObservedExchange, observations: RunObservations): string {
  const serverId = /\/servers\/([^/?]+)/.exec(exchange.path)?.[1];
  const lower: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.headers)) lower[name.toLowerCase()] = value;
  let body: unknown = null;
  try {
    body = exchange.body === '' ? null : JSON.parse(exchange.body);
  } catch {
    body = exchange.body;
  }
  const template = serverId === undefined ? undefined : observations.servers.get(serverId);
  const role = lower['x-auth-token'] === undefined ? undefined : observations.tokens.get(lower['x-auth-token']);
  return signature(exchange.method, body, lower, template, role);
}

function matchKnownDifference(list: readonly KnownDifference[], interaction: PactInteraction, observed: { status: number; message: string | null }): KnownDifference | undefined {
  return list.find(
    (entry) =>
      (entry.realStatus === undefined || entry.realStatus === observed.status) &&
      (entry.emulatorStatus === undefined || entry.emulatorStatus === interaction.expectedStatus) &&
      (entry.template === undefined || entry.template === stateParam(interaction, STATE_SERVER, 'template')) &&
      (entry.realMessage === undefined || (observed.message !== null && new RegExp(entry.realMessage).test(observed.message))),
  );
}

function parseResults(pactJson: string): PactResults {
  try {
    const parsed = JSON.parse(pactJson) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as PactResults) : {};
  } catch {
    return {};
  }
}

/** The identifying part of an interaction's verdict. */
export function verdictBase(source: string, pact: PactFile, interaction: PactInteraction): Pick<InteractionVerdict, 'source' | 'consumer' | 'provider' | 'description' | 'pending' | 'matrixVerdict'> {
  return {
    source,
    consumer: pact.consumer,
    provider: pact.provider,
    description: interaction.description,
    pending: interaction.pending,
    ...(interaction.matrixVerdict === undefined ? {} : { matrixVerdict: interaction.matrixVerdict }),
  };
}

/** One verdict per interaction of the run's pacts, in pact and interaction order. */
export function mapVerification(input: RunInput): InteractionVerdict[] {
  const results = parseResults(input.pactJson);
  const outcome = new Map((results.interactionResults ?? []).map((r) => [r.description, r.result]));
  const errors = [...(results.errors ?? []), ...(results.pendingErrors ?? [])];
  const observed = new Map<string, ObservedExchange>();
  for (const exchange of input.observations.exchanges) {
    const key = exchangeSignature(exchange, input.observations);
    if (!observed.has(key)) observed.set(key, exchange);
  }
  const verdicts: InteractionVerdict[] = [];
  for (const pact of input.pacts) {
    for (const interaction of pact.interactions) {
      const base = verdictBase(input.source, pact, interaction);
      const result = outcome.get(interaction.description);
      if (result === 'OK') {
        verdicts.push({ ...base, verdict: 'verified' });
        continue;
      }
      if (result === undefined) {
        verdicts.push({ ...base, verdict: 'unverifiable', cause: 'no-result', reason: 'the Pact verifier reported no result for this interaction' });
        continue;
      }
      const error = errors.find((e) => e.interaction?.endsWith(` - ${interaction.description}`));
      const mismatch = error ? mismatchText(error) : 'Pact reported a failure without details';
      const sig = signature(
        interaction.request.method,
        interaction.request.body,
        interaction.request.headers,
        stateParam(interaction, STATE_SERVER, 'template'),
        stateParam(interaction, STATE_CALLER, 'role'),
      );
      const exchange = observed.get(sig);
      const seen = exchange ? { status: exchange.status, message: exchange.responseBody === '' ? null : faultMessage(parseBody(exchange.responseBody)) } : undefined;
      const withSeen = seen ? { ...base, mismatch, observed: seen } : { ...base, mismatch };
      const statusMismatch = error?.mismatch?.mismatches?.find((m) => m.type === 'StatusMismatch');
      if (seen?.status === REPLAY_MISS_STATUS || statusMismatch?.actual === REPLAY_MISS_STATUS) {
        verdicts.push({ ...withSeen, verdict: 'unverifiable', cause: 'replay-miss', reason: 'not in the recording: the cassette has no answer for this request (replay miss)' });
        continue;
      }
      // Pact says the state change failed (its own retries spent): the answer, if any was seen,
      // is not this interaction's verdict — another interaction may have sent the same request.
      const stateChangeFailed = error?.mismatch?.type === 'error' && STATE_CHANGE_FAILED.test(mismatch);
      if (stateChangeFailed || (!exchange && error?.mismatch?.type === 'error')) {
        verdicts.push({ ...withSeen, verdict: 'unverifiable', cause: 'setup-failed', reason: `the provider could not be set up or asked: ${mismatch}` });
        continue;
      }
      const known = seen && input.knownDifferences ? matchKnownDifference(input.knownDifferences, interaction, seen) : undefined;
      if (known) {
        verdicts.push({ ...withSeen, verdict: 'known-difference', reason: `${known.id}: ${known.reason.replace(/\s+/g, ' ').trim()}` });
        continue;
      }
      verdicts.push({ ...withSeen, verdict: 'failed' });
    }
  }
  return verdicts;
}
