/**
 * Verification results → what each matrix cell shows about its contract: one line per source,
 * "contract verified against <source>", or Pact's mismatch text when it failed. `run
 * --contracts` puts them in matrix.json (`CellResult.contracts`); the HTML shows a band cell's
 * notes (`contractNotesFor`, the reports' `contractsFor`). Pure.
 */
import type { CellContract, CellResult, MatrixResult } from '../matrix/result.js';
import { groupBy } from '../util/group-by.js';
import type { InteractionVerdict } from './verification-results.js';
import type { VerificationSummary } from './verification-summary.js';

/** A cell's contract verdict from one source (the matrix.json form). */
export type ContractAnnotation = CellContract;

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

/** The result with each contract cell's annotations (`contracts`); other cells unchanged. */
export function withContracts(result: MatrixResult, summary: VerificationSummary): MatrixResult {
  const annotations = contractAnnotations(summary);
  return {
    ...result,
    cells: result.cells.map((cell): CellResult => {
      const contracts = annotations.get(cell.id);
      return contracts ? { ...cell, contracts } : cell;
    }),
  };
}

/** A band cell's note in the HTML (the reports' `CellContractNote`). */
export interface ContractNote {
  readonly source: string;
  readonly verdict: string;
  readonly pending?: boolean;
  readonly text: string;
}

/**
 * The reports' `contractsFor`: notes for a band of cells (the reports collapse targets into
 * bands), from the cells' `contracts`. Per source: failed when any of the band's interactions
 * failed there (its first failure's text, and how many), else verified when any was. Sources
 * that could only say "known difference" or "unverifiable" add no note: a tick or a cross would
 * claim more than they know. Undefined when no cell carries contracts.
 */
export function contractNotesFor(result: Pick<MatrixResult, 'cells'>): ((cellIds: readonly string[]) => ContractNote[]) | undefined {
  return contractNotesOf(result.cells);
}

/** {@link contractNotesFor} from the cells that carry contracts (others are ignored). */
export function contractNotesOf(cells: Iterable<Pick<CellResult, 'id' | 'contracts'>>): ((cellIds: readonly string[]) => ContractNote[]) | undefined {
  const byCell = new Map<string, readonly ContractAnnotation[]>();
  for (const c of cells) if (c.contracts && c.contracts.length > 0) byCell.set(c.id, c.contracts);
  if (byCell.size === 0) return undefined;
  return (cellIds) => {
    const notes: ContractNote[] = [];
    for (const [source, list] of groupBy(cellIds.flatMap((id) => byCell.get(id) ?? []), (a) => a.source)) {
      const failed = list.filter((a) => a.verdict === 'failed');
      const verified = list.filter((a) => a.verdict === 'verified');
      if (failed.length > 0) {
        const more = failed.length > 1 ? ` (and ${failed.length - 1} more of ${list.length})` : '';
        notes.push({ source, verdict: 'failed', pending: failed.every((a) => a.pending), text: `${failed[0]!.text}${more}` });
      } else if (verified.length > 0) {
        notes.push({ source, verdict: 'verified', text: `${verified[0]!.text}${verified.length > 1 ? ` (${verified.length} interactions)` : ''}` });
      }
    }
    return notes;
  };
}
