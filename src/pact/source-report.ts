/**
 * What `mvmatrix verify` says about each verification source: how many of the pacts' interactions
 * the source could be asked, the counts, and — in words — why interactions were known
 * differences or unverifiable. A source that serves one provider (a cassette's release, a real
 * Nova's release) with no pacts for it is reported as such, never as an empty success. Pure.
 */
import { countVerdicts, formatCounts } from './verification-summary.js';
import type { InteractionVerdict } from './verification-results.js';

/** Why an interaction was not verified, as a short stable key (grouping) — see {@link CAUSE_TEXT}. */
export const CAUSES = ['no-recorded-server', 'replay-miss', 'state-not-established', 'no-result', 'setup-failed'] as const;
export type UnverifiableCause = (typeof CAUSES)[number];

const CAUSE_TEXT: Readonly<Record<UnverifiableCause, string>> = {
  'no-recorded-server': "the recording has no server of the provider state's template",
  'replay-miss': 'the cassette has no answer for the request (a replay miss)',
  'state-not-established': 'the provider could not establish the provider state',
  'no-result': 'the Pact verifier reported no result',
  'setup-failed': 'the provider could not be set up or asked',
};

/** A source's coverage of the pacts: which provider it serves and how much it was asked. */
export interface SourceCoverage {
  readonly source: string;
  /** The one provider the source serves (`nova-zed`), or absent for a source that serves every target (the emulator). */
  readonly serves?: string;
  /** Interactions of the pacts the source was asked about (verdicts). */
  readonly interactions: number;
  /** `no-pacts`: the source serves a provider no pact names; nothing was verified. */
  readonly status: 'checked' | 'no-pacts';
  /** The matrix's `contract:` section names the provider (so missing pacts mean stale pacts). */
  readonly namedByContract?: boolean;
  /** Why interactions were not verified, in words (the indented lines of {@link describeSource}). */
  readonly explanation?: readonly string[];
}

export interface SourceDescription {
  readonly id: string;
  readonly label: string;
  readonly serves?: string;
  /** What a recording was recorded from (`live-migration`, `matrix:matrix/default.yaml@sha256:…`). */
  readonly recording?: string;
}

/** The coverage row of a source, from its verdicts. */
export function sourceCoverage(source: SourceDescription, results: readonly InteractionVerdict[], contractProviders: ReadonlySet<string> | undefined): SourceCoverage {
  const mine = results.filter((r) => r.source === source.id);
  const named = source.serves !== undefined && contractProviders !== undefined ? { namedByContract: contractProviders.has(source.serves) } : {};
  const explanation = describeSource(source, results, '').slice(1).map((line) => line.trim());
  return {
    source: source.id,
    ...(source.serves === undefined ? {} : { serves: source.serves }),
    interactions: mine.length,
    status: mine.length === 0 && source.serves !== undefined ? 'no-pacts' : 'checked',
    ...named,
    ...(explanation.length === 0 ? {} : { explanation }),
  };
}

/** Coverage rows that must fail verification: a provider the contract names has no pacts (stale `contracts/pacts`). */
export function missingContractPacts(coverage: readonly SourceCoverage[]): SourceCoverage[] {
  return coverage.filter((c) => c.status === 'no-pacts' && c.namedByContract === true);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function groupCounts<T>(items: readonly T[], key: (item: T) => string): Array<[string, number, T]> {
  const groups = new Map<string, [number, T]>();
  for (const item of items) {
    const k = key(item);
    const seen = groups.get(k);
    groups.set(k, seen ? [seen[0] + 1, seen[1]] : [1, item]);
  }
  return [...groups.entries()].sort((a, b) => b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1)).map(([k, [n, first]]) => [k, n, first]);
}

/** Why a recording cannot answer what the pacts ask, from what it was recorded from. */
export function recordingExplanation(recording: string | undefined): string | undefined {
  if (recording === undefined) return undefined;
  if (recording.startsWith('matrix:')) {
    return `it was recorded from the matrix (${recording}): it answers the contract's cells unless the matrix changed since`;
  }
  return (
    `it was recorded from the request set '${recording}', not from the matrix: it holds that set's requests and seeded servers, ` +
    "so it can answer only the few interactions whose request and server it happens to contain; the release's -matrix.json cassette answers the contract's cells"
  );
}

/**
 * The report lines of one source: the headline (`<label> (nova-zed): 292 interactions: …`, or
 * `no pacts for this provider`) and one indented line per reason group of the known differences
 * and the unverifiable interactions.
 */
export function describeSource(source: SourceDescription, results: readonly InteractionVerdict[], timing: string): string[] {
  const mine = results.filter((r) => r.source === source.id);
  const serves = source.serves === undefined ? '' : ` (${source.serves})`;
  if (mine.length === 0) {
    const what = source.serves === undefined ? 'no pacts for any provider it serves' : `no pacts for this provider: no pact names ${source.serves}`;
    return [`${source.label}${serves}: ${what}; nothing verified`];
  }
  const lines = [`${source.label}${serves}: ${plural(mine.length, 'interaction')} (${timing}): ${formatCounts(countVerdicts(mine))}`];
  const known = mine.filter((r) => r.verdict === 'known-difference');
  for (const [id, n, first] of groupCounts(known, (r) => (r.reason ?? '').split(':')[0] ?? '')) {
    const reason = (first.reason ?? '').slice(id.length + 1).trim();
    lines.push(`  ${plural(n, 'known difference')} ${id}: ${reason === '' ? 'documented in contracts/conformance-allowlist.yaml' : reason}`);
  }
  const unverifiable = mine.filter((r) => r.verdict === 'unverifiable');
  for (const [cause, n, first] of groupCounts(unverifiable, (r) => r.cause ?? 'setup-failed')) {
    const text = CAUSE_TEXT[cause as UnverifiableCause] ?? cause;
    const templates = cause === 'no-recorded-server' ? [...new Set(unverifiable.filter((r) => r.cause === cause).map((r) => r.template).filter((t) => t !== undefined))].sort() : [];
    const detail = templates.length > 0 ? ` (templates ${templates.join(', ')})` : first.reason !== undefined && cause !== 'replay-miss' ? ` (${first.reason})` : '';
    lines.push(`  ${n} unverifiable: ${text}${detail}`);
  }
  const why = unverifiable.some((r) => r.cause === 'no-recorded-server' || r.cause === 'replay-miss') ? recordingExplanation(source.recording) : undefined;
  if (why !== undefined) lines.push(`  why: ${why}`);
  return lines;
}
