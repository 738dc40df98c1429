/**
 * A broker-less "can I deploy": may this consumer (a client at a version) meet this provider
 * (a Nova target)? Answered from local verification results: yes when every interaction of
 * their pact was verified against at least one source and failed against none. A pending
 * interaction's failure blocks too — pending spares the provider's build, not the deployment
 * (Pact's can-i-deploy reads the same verification results). Pure.
 */
import type { InteractionVerdict } from './verification-results.js';
import type { VerificationSummary } from './verification-summary.js';
import { groupBy } from '../util/group-by.js';

export interface BlockingInteraction {
  readonly description: string;
  readonly pending: boolean;
  /** `failed against <source>: <Pact's mismatch>` or `not verified: ...`. */
  readonly why: string;
}

export interface DeployAnswer {
  readonly consumer: string;
  readonly provider: string;
  readonly deployable: boolean;
  /** Interactions verified (against at least one source, failed against none). */
  readonly verified: number;
  readonly blocking: readonly BlockingInteraction[];
  /** Sources that verified this pact. */
  readonly sources: readonly string[];
  /**
   * Verified interactions the matrix calls drift: Nova accepts them but does something other
   * than the user asked. Pact cannot see that, so they do not block; they are worth a look.
   */
  readonly drift: readonly string[];
}

function why(results: readonly InteractionVerdict[]): string | undefined {
  const failed = results.filter((r) => r.verdict === 'failed');
  if (failed.length > 0) return failed.map((r) => `failed against ${r.source}: ${r.mismatch ?? 'no details'}`).join('; ');
  if (results.some((r) => r.verdict === 'verified')) return undefined;
  return `not verified: ${results.map((r) => `${r.source}: ${r.verdict}${r.reason ? ` (${r.reason})` : ''}`).join('; ')}`;
}

/** Answers for `consumer` → `provider` (provider name, e.g. `nova-zed`). */
export function canIDeploy(summary: VerificationSummary, consumer: string, provider: string): DeployAnswer {
  const mine = summary.results.filter((r) => r.consumer === consumer && r.provider === provider);
  const byInteraction = groupBy(mine, (r) => r.description);
  const blocking: BlockingInteraction[] = [];
  const drift: string[] = [];
  let verified = 0;
  for (const [description, results] of [...byInteraction.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const reason = why(results);
    if (reason !== undefined) {
      blocking.push({ description, pending: results.some((r) => r.pending), why: reason });
      continue;
    }
    verified++;
    if (results.some((r) => r.matrixVerdict === 'drift')) drift.push(description);
  }
  return {
    consumer,
    provider,
    deployable: byInteraction.size > 0 && blocking.length === 0,
    verified,
    blocking,
    sources: [...new Set(mine.map((r) => r.source))].sort(),
    drift,
  };
}

/** Consumers with results for `provider`, for the "unknown consumer" hint. */
export function consumersOf(summary: VerificationSummary, provider: string): string[] {
  return [...new Set(summary.results.filter((r) => r.provider === provider).map((r) => r.consumer))].sort();
}
