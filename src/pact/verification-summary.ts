/**
 * The verification summary `mvmatrix verify` writes (`reports/pact/verification.json`) and
 * `can-i-deploy` and the reports read: every interaction's verdict per source, sorted, plus
 * what was not verified and why. Pure.
 */
import { ERROR_CODES, MvmError } from '../errors.js';
import type { SourceCoverage } from './source-report.js';
import { VERDICTS, type InteractionVerdict, type Verdict } from './verification-results.js';

export const SUMMARY_FORMAT = 'mvmatrix-pact-verification';

export interface SummarySource {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  /** The one provider the source serves (a cassette's or a real Nova's release), if only one. */
  readonly serves?: string;
}

export interface VerificationSummary {
  readonly format: typeof SUMMARY_FORMAT;
  readonly version: 1;
  readonly sources: readonly SummarySource[];
  /** Pacts a source could not verify at all (it does not serve their provider). */
  readonly skipped: readonly { readonly source: string; readonly provider: string; readonly reason: string }[];
  readonly results: readonly InteractionVerdict[];
  /**
   * Per source: how many interactions it was asked, or `no-pacts` when it serves a provider no
   * pact names (nothing verified — never an empty success).
   */
  readonly coverage?: readonly SourceCoverage[];
}

export interface VerdictCounts {
  readonly verified: number;
  readonly failed: number;
  /** Failures of pending interactions (included in `failed`). */
  readonly pendingFailed: number;
  readonly 'known-difference': number;
  readonly unverifiable: number;
}

function compare(a: InteractionVerdict, b: InteractionVerdict): number {
  for (const key of ['source', 'provider', 'consumer', 'description'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return 0;
}

export function buildSummary(
  sources: readonly SummarySource[],
  results: readonly InteractionVerdict[],
  skipped: VerificationSummary['skipped'],
  coverage?: readonly SourceCoverage[],
): VerificationSummary {
  return { format: SUMMARY_FORMAT, version: 1, sources: [...sources], skipped: [...skipped], ...(coverage === undefined ? {} : { coverage: [...coverage] }), results: [...results].sort(compare) };
}

export function countVerdicts(results: readonly InteractionVerdict[]): VerdictCounts {
  const counts: Record<Verdict, number> = { verified: 0, failed: 0, 'known-difference': 0, unverifiable: 0 };
  let pendingFailed = 0;
  for (const r of results) {
    counts[r.verdict]++;
    if (r.verdict === 'failed' && r.pending) pendingFailed++;
  }
  return { ...counts, pendingFailed };
}

/** Failures that fail verification: not pending. */
export function blockingFailures(results: readonly InteractionVerdict[]): InteractionVerdict[] {
  return results.filter((r) => r.verdict === 'failed' && !r.pending);
}

/** `155 verified, 9 failed (9 pending), 0 known differences, 0 unverifiable`. */
export function formatCounts(counts: VerdictCounts): string {
  return (
    `${counts.verified} verified, ${counts.failed} failed${counts.pendingFailed > 0 ? ` (${counts.pendingFailed} pending)` : ''}, ` +
    `${counts['known-difference']} known difference${counts['known-difference'] === 1 ? '' : 's'}, ${counts.unverifiable} unverifiable`
  );
}

export function serializeSummary(summary: VerificationSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** Reads a summary written by `mvmatrix verify`; anything else is INVALID_INPUT naming the file. */
export function parseSummary(text: string, file: string): VerificationSummary {
  const fail = (message: string) =>
    new MvmError(ERROR_CODES.INVALID_INPUT, message, { where: file, hint: 'produce it with `mvmatrix verify` (reports/pact/verification.json)' });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fail(`not JSON: ${(error as Error).message}`);
  }
  const doc = data as Partial<VerificationSummary> | null;
  if (!doc || doc.format !== SUMMARY_FORMAT || doc.version !== 1 || !Array.isArray(doc.results) || !Array.isArray(doc.sources)) {
    throw fail(`not a Pact verification summary (expected format "${SUMMARY_FORMAT}", version 1)`);
  }
  for (const [i, r] of doc.results.entries()) {
    if (!r || typeof r.description !== 'string' || !(VERDICTS as readonly string[]).includes(r.verdict)) throw fail(`results[${i}] is not an interaction verdict`);
  }
  return doc as VerificationSummary;
}
