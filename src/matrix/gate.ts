/**
 * The compatibility gate: compares a run with a committed baseline (cell id → outcome),
 * honouring an allow-list of known, accepted cells that expire. Pure: the caller passes
 * today's date, so expiry is testable.
 */
import { OUTCOME_RANK, type MatrixResult, type Outcome } from './result.js';

/** `matrix/baseline.json`: compact, one outcome per cell id. */
export interface Baseline {
  readonly schemaVersion: 1;
  readonly cells: Readonly<Record<string, Outcome>>;
}

/** One accepted, known cell (like a pending pact): reported, not failing, until it expires. */
export interface AllowlistEntry {
  /** A cell id; `*` matches any run of characters (`horizon-60455e5ff|*|zed`). */
  readonly cell: string;
  /** The worst outcome accepted; any outcome when absent. */
  readonly outcome?: Outcome;
  readonly reason: string;
  /** `YYYY-MM-DD`; from the day after, the entry fails the gate. */
  readonly expires: string;
}

export interface Allowlist {
  readonly entries: readonly AllowlistEntry[];
}

export interface GateChange {
  readonly id: string;
  readonly before: Outcome;
  readonly after: Outcome;
  /** The cell's explanation in the new run. */
  readonly explanation: string;
}

export interface AllowlistedChange extends GateChange {
  readonly reason: string;
  readonly expires: string;
}

export interface GateResult {
  readonly passed: boolean;
  /** Cells that got worse and are not allow-listed: these fail the gate. */
  readonly regressions: readonly GateChange[];
  /** Cells that got worse but an allow-list entry accepts them. */
  readonly allowlisted: readonly AllowlistedChange[];
  readonly improvements: readonly GateChange[];
  /** Cells of the run that the baseline does not know (not a failure). */
  readonly added: readonly { readonly id: string; readonly outcome: Outcome }[];
  /** Baseline cells the run did not produce (not a failure). */
  readonly removed: readonly { readonly id: string; readonly outcome: Outcome }[];
  /** Allow-list entries past their expiry date: these fail the gate. */
  readonly expired: readonly AllowlistEntry[];
  readonly unchanged: number;
  /** One line per reason the gate failed; empty when it passed. */
  readonly failures: readonly string[];
}

/** An allow-list `cell` pattern as a RegExp (`*` matches any run of characters). */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Compares `result` with `baseline`; `today` is `YYYY-MM-DD` (UTC). */
export function compareWithBaseline(result: MatrixResult, baseline: Baseline, allowlist: Allowlist, today: string): GateResult {
  const matchers = allowlist.entries.map((entry) => ({ entry, re: globToRegExp(entry.cell) }));
  const expired = allowlist.entries.filter((e) => e.expires < today);
  const regressions: GateChange[] = [];
  const allowlisted: AllowlistedChange[] = [];
  const improvements: GateChange[] = [];
  const added: { id: string; outcome: Outcome }[] = [];
  let unchanged = 0;
  const seen = new Set<string>();

  for (const cell of result.cells) {
    seen.add(cell.id);
    const before = baseline.cells[cell.id];
    if (before === undefined) {
      added.push({ id: cell.id, outcome: cell.outcome });
      continue;
    }
    const change: GateChange = { id: cell.id, before, after: cell.outcome, explanation: cell.explanation };
    const delta = OUTCOME_RANK[cell.outcome] - OUTCOME_RANK[before];
    if (delta > 0) {
      const hit = matchers.find(
        ({ entry, re }) => re.test(cell.id) && (entry.outcome === undefined || OUTCOME_RANK[cell.outcome] <= OUTCOME_RANK[entry.outcome]),
      );
      if (hit && hit.entry.expires >= today) allowlisted.push({ ...change, reason: hit.entry.reason, expires: hit.entry.expires });
      else regressions.push(change);
    } else if (delta < 0) {
      improvements.push(change);
    } else {
      unchanged++;
    }
  }
  const removed = Object.entries(baseline.cells)
    .filter(([id]) => !seen.has(id))
    .map(([id, outcome]) => ({ id, outcome }));

  const failures = [
    ...regressions.map((r) => `${r.id}: ${r.before} → ${r.after}: ${r.explanation}`),
    ...expired.map((e) => `allow-list entry '${e.cell}' expired on ${e.expires} (${e.reason}): renew it with a new date or remove it`),
  ];
  return { passed: failures.length === 0, regressions, allowlisted, improvements, added, removed, expired, unchanged, failures };
}

/** The compact baseline of a run (what `--update-baseline` writes). */
export function baselineFromResult(result: MatrixResult): Baseline {
  const cells: Record<string, Outcome> = {};
  for (const cell of result.cells) cells[cell.id] = cell.outcome;
  return { schemaVersion: 1, cells };
}

/** A readable, line-based diff for the terminal and CI logs. */
export function formatGateReport(gate: GateResult, limit = 50): string {
  const lines: string[] = [];
  const section = (title: string, items: readonly string[]) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items.slice(0, limit)) lines.push(`  ${item}`);
    if (items.length > limit) lines.push(`  ... and ${items.length - limit} more (see reports/matrix.json)`);
  };
  section('REGRESSIONS', gate.regressions.map((r) => `- ${r.id}: ${r.before} → ${r.after}\n      ${r.explanation}`));
  section('EXPIRED allow-list entries', gate.expired.map((e) => `- ${e.cell} expired ${e.expires}: ${e.reason}`));
  section('allow-listed regressions', gate.allowlisted.map((r) => `~ ${r.id}: ${r.before} → ${r.after} (allowed until ${r.expires}: ${r.reason})`));
  section('improvements', gate.improvements.map((r) => `+ ${r.id}: ${r.before} → ${r.after}`));
  section('new cells (not in the baseline)', gate.added.map((c) => `  ${c.id}: ${c.outcome}`));
  section('cells missing from this run', gate.removed.map((c) => `  ${c.id}: ${c.outcome}`));
  lines.push(
    `gate ${gate.passed ? 'PASSED' : 'FAILED'}: ${gate.regressions.length} regression(s), ${gate.expired.length} expired allow-list entr${gate.expired.length === 1 ? 'y' : 'ies'}, ` +
      `${gate.allowlisted.length} allow-listed, ${gate.improvements.length} improvement(s), ${gate.unchanged} unchanged, ${gate.added.length} new, ${gate.removed.length} missing`,
  );
  return `${lines.join('\n')}\n`;
}
