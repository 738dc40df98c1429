/**
 * Verification results → what each matrix cell shows about its contract: one line per source,
 * "contract verified against <source>", or Pact's mismatch text when it failed. The reports
 * render these (matrix.json's per-cell `contracts`, the HTML). Pure.
 */
import type { InteractionVerdict, Verdict } from './verification-results.js';
import type { VerificationSummary } from './verification-summary.js';
import { groupBy } from '../util/group-by.js';

export interface ContractAnnotation {
  /** Source id (`emulator`, `replay:<cassette>`, `real-nova`). */
  readonly source: string;
  readonly verdict: Verdict;
  /** Failures of pending interactions do not fail verification. */
  readonly pending: boolean;
  /** One line: `contract verified against the embedded emulator`. */
  readonly text: string;
  /** Pact's own mismatch text, when the contract failed. */
  readonly mismatch?: string;
}

function line(r: InteractionVerdict, label: string): string {
  switch (r.verdict) {
    case 'verified':
      return `contract verified against ${label}`;
    case 'failed':
      return `${r.pending ? 'pending ' : ''}contract failed against ${label}: ${r.mismatch ?? 'no details'}`;
    case 'known-difference':
      return `contract not comparable on ${label}: a documented difference (${r.reason ?? 'see contracts/conformance-allowlist.yaml'})`;
    case 'unverifiable':
      return `contract not verifiable against ${label}: ${r.reason ?? 'no details'}`;
  }
}

/** Annotations by cell id (an interaction's description is its cell id), sources in summary order. */
export function contractAnnotations(summary: VerificationSummary): Map<string, ContractAnnotation[]> {
  const labels = new Map(summary.sources.map((s, i) => [s.id, { label: s.label, order: i }]));
  const sorted = [...summary.results].sort((a, b) => (labels.get(a.source)?.order ?? 0) - (labels.get(b.source)?.order ?? 0));
  const byCell = new Map<string, ContractAnnotation[]>();
  for (const [cell, results] of groupBy(sorted, (r) => r.description)) {
    byCell.set(
      cell,
      results.map((r) => ({
        source: r.source,
        verdict: r.verdict,
        pending: r.pending,
        text: line(r, labels.get(r.source)?.label ?? r.source),
        ...(r.verdict === 'failed' && r.mismatch !== undefined ? { mismatch: r.mismatch } : {}),
      })),
    );
  }
  return byCell;
}

/** A band cell's note in the HTML: one per source (the reports' `CellContractNote`). */
export interface ContractNote {
  readonly provider: string;
  readonly verified: boolean;
  readonly text: string;
}

/**
 * Notes for a band of cells (the reports collapse targets into bands): per source, not verified
 * when any of the band's interactions failed there (its first failure's text, and how many), else
 * verified when any was. Sources that could only say "known difference" or "unverifiable" add
 * no note: a tick or a cross would claim more than they know.
 */
export function contractNotesFor(summary: VerificationSummary): (cellIds: readonly string[]) => ContractNote[] {
  const annotations = contractAnnotations(summary);
  const labels = new Map(summary.sources.map((s) => [s.id, s.label]));
  return (cellIds) => {
    const notes: ContractNote[] = [];
    const found = cellIds.flatMap((id) => annotations.get(id) ?? []);
    for (const [source, list] of groupBy(found, (a) => a.source)) {
      const provider = labels.get(source) ?? source;
      const failed = list.filter((a) => a.verdict === 'failed');
      const verified = list.filter((a) => a.verdict === 'verified');
      if (failed.length > 0) {
        const more = failed.length > 1 ? ` (and ${failed.length - 1} more of ${list.length})` : '';
        notes.push({ provider, verified: false, text: `${failed[0]!.text}${more}` });
      } else if (verified.length > 0) {
        notes.push({ provider, verified: true, text: `contract verified against ${provider}${verified.length > 1 ? ` (${verified.length} interactions)` : ''}` });
      }
    }
    return notes;
  };
}
