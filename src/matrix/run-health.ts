/**
 * When is a run's answer trustworthy? A cell whose outcome is `error` because no answer came
 * back — the transport failed, a deadline passed, discovery, server creation or the migration
 * read-back failed — says nothing about Nova: it is an infrastructure failure, and a run with
 * one is incomplete (exit 3, results written only beside the previous good ones). An `error`
 * that is Nova's own 5xx answer is a verdict like any other outcome. Pure.
 */
import type { CellResult } from './result.js';

/**
 * True when the cell got no answer from Nova for a reason outside Nova (provider, network, deadline).
 * A real-client driver that crashed, hung or could not run the call is the client code's failure,
 * not the infrastructure's: that cell is an `error` verdict (docs/drivers.md).
 */
export function isInfrastructureFailure(cell: CellResult): boolean {
  return cell.outcome === 'error' && cell.response === null && cell.refusal === undefined && !clientCodeFailed(cell);
}

/** True when a real client's driver crashed, hung or could not run the cell's call (docs/drivers.md). */
export function clientCodeFailed(cell: Pick<CellResult, 'driver'>): boolean {
  return cell.driver?.answer === 'failed' || cell.driver?.answer === 'error';
}

/** Why a run is incomplete. */
export interface IncompleteRun {
  /** The first cell (in expansion order) that failed for infrastructure reasons. */
  readonly first: CellResult | null;
  /** Cells that ran and failed for infrastructure reasons. */
  readonly failedCells: number;
  /** Cells that never ran: the run stops starting cells at the first failure. */
  readonly notRunCells: number;
}

/**
 * The run's verdict on itself: `null` when every served cell ran and none failed for
 * infrastructure reasons. `expectedCells` is the number of cells the provider should have run.
 */
export function incompleteRun(cells: readonly CellResult[], expectedCells: number): IncompleteRun | null {
  const failed = cells.filter(isInfrastructureFailure);
  return incompleteFromCounts({ ran: cells.length, failed: failed.length, first: failed[0] ?? null }, expectedCells);
}

/** {@link incompleteRun} from counts kept while the cells went by: how many ran, how many failed, the first failure. */
export function incompleteFromCounts(counts: { readonly ran: number; readonly failed: number; readonly first: CellResult | null }, expectedCells: number): IncompleteRun | null {
  const notRunCells = Math.max(0, expectedCells - counts.ran);
  if (counts.failed === 0 && notRunCells === 0) return null;
  return { first: counts.first, failedCells: counts.failed, notRunCells };
}

/** One line for the terminal: what failed first, and how many cells it took. */
export function describeIncompleteRun(incomplete: IncompleteRun, totalCells: number): string {
  const { first, failedCells, notRunCells } = incomplete;
  const affected = failedCells + notRunCells;
  const cause = first ? `${first.id}: ${first.explanation.replace(/^transport failure: /, '')}` : 'the run stopped early';
  return (
    `the run is incomplete: ${affected} of ${totalCells} cells have no answer from Nova ` +
    `(${failedCells} failed, ${notRunCells} not run after the first failure); first failure: ${cause}`
  );
}
