/**
 * Which interactions are V4 `pending`. Pact's rule is "pending until the provider has verified
 * it once"; mvmatrix's record of what Nova has satisfied is the committed baseline, and its
 * record of accepted known problems is the allow-list. So an interaction is pending when the
 * allow-list accepts its cell, or when the baseline (for a cell it does not know yet: this run)
 * records an outcome in which Nova does not do what the user asked (rejected, error). A pending
 * interaction's failure is reported without failing verification, exactly like the gate
 * treats those cells. No clock: an allow-list entry's expiry is the gate's business. Pure.
 */
import { allowlistCellMatcher, type Allowlist, type Baseline } from '../matrix/gate.js';
import type { Outcome } from '../matrix/result.js';

const NEVER_SATISFIED: ReadonlySet<Outcome> = new Set(['rejected', 'error']);

export interface PendingRules {
  readonly baseline: Baseline | null;
  readonly allowlist: Allowlist;
}

/** Why the interaction of `cellId` is pending, or `null` when it is not. */
export function pendingReason(cellId: string, outcome: Outcome, rules: PendingRules): string | null {
  const entry = rules.allowlist.entries.find((e) => allowlistCellMatcher(e.cell)(cellId));
  if (entry) return `allow-listed (${entry.cell}, until ${entry.expires}): ${entry.reason}`;
  const recorded = rules.baseline?.cells[cellId];
  if (recorded !== undefined) {
    return NEVER_SATISFIED.has(recorded) ? `the baseline records ${recorded}: Nova has not satisfied this expectation yet` : null;
  }
  return NEVER_SATISFIED.has(outcome) ? `new cell, ${outcome} in this run: Nova has not satisfied this expectation yet` : null;
}
