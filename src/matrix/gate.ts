/**
 * The compatibility gate: compares a run with a committed baseline (cell id → outcome),
 * honouring an allow-list of known, accepted cells that expire. Pure: the caller passes
 * today's date, so expiry is testable.
 */
import { canonicalProfileId } from '../clients/registry.js';
import { OUTCOME_RANK, type MatrixRunMetadata, type Outcome } from './result.js';

/** What the gate reads of a cell: its id, outcome and explanation. */
export interface GateCell {
  readonly id: string;
  readonly outcome: Outcome;
  readonly explanation: string;
}

/**
 * What the gate reads of a run: the matrix it came from and its cells, which it iterates (once
 * per call; a re-iterable such as an array or the reports' compact table, `cell-table.ts`). A
 * `MatrixResult` is one.
 */
export interface GateInput {
  readonly metadata: Pick<MatrixRunMetadata, 'matrixFile' | 'matrixHash'>;
  readonly cells: Iterable<GateCell>;
}

/** `matrix/baseline.json`: compact, one outcome per cell id. */
export interface Baseline {
  readonly schemaVersion: 1;
  /** Which matrix the baseline was written from (absent in baselines older than this field). */
  readonly matrix?: BaselineProvenance;
  readonly cells: Readonly<Record<string, Outcome>>;
}

/** The matrix a baseline describes: its file, the sha256 of its bytes and its cell count. */
export interface BaselineProvenance {
  readonly file: string;
  readonly hash: string;
  readonly cells: number;
}

/**
 * Below this share of cells in common (shared / union of the baseline's and the run's cell
 * ids), a baseline is taken to describe another matrix and the gate refuses to compare.
 */
export const MIN_BASELINE_OVERLAP = 0.5;

/** How well a baseline matches a run: the cells they share, out of all cells in either. */
export interface BaselineFit {
  readonly shared: number;
  readonly baselineCells: number;
  readonly runCells: number;
  /** shared / (baselineCells + runCells - shared); 1 when both are empty. */
  readonly overlap: number;
  /** The baseline names the matrix hash of this run. */
  readonly sameMatrix: boolean;
  /** Whether the gate may compare: the same matrix, or an overlap of at least {@link MIN_BASELINE_OVERLAP}. */
  readonly comparable: boolean;
}

/** Measures whether `baseline` describes the matrix `result` ran. */
export function baselineFit(result: GateInput, baseline: Baseline): BaselineFit {
  const ids = new Set<string>();
  for (const cell of result.cells) ids.add(cell.id);
  let shared = 0;
  for (const id of Object.keys(baseline.cells)) if (ids.has(id)) shared++;
  const baselineCells = Object.keys(baseline.cells).length;
  const union = baselineCells + ids.size - shared;
  const overlap = union === 0 ? 1 : shared / union;
  const sameMatrix = baseline.matrix !== undefined && baseline.matrix.hash === result.metadata.matrixHash;
  return { shared, baselineCells, runCells: ids.size, overlap, sameMatrix, comparable: sameMatrix || overlap >= MIN_BASELINE_OVERLAP };
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
  /** New cells (not in the baseline) whose outcome is `error`: an error is never accepted unseen, so these fail. */
  readonly newErrors?: readonly GateChange[];
  /** Allow-list entries past their expiry date: these fail the gate. */
  readonly expired: readonly AllowlistEntry[];
  readonly unchanged: number;
  /** One line per reason the gate failed; empty when it passed. */
  readonly failures: readonly string[];
}

/**
 * The cells whose outcome differs from the baseline's, each with its outcome before: what got
 * worse (allow-listed or not) and what got better. The diff against the gate and the reports'
 * causes both read this one list.
 */
export function changedCells(gate: Pick<GateResult, 'regressions' | 'allowlisted' | 'improvements'>): GateChange[] {
  return [...gate.regressions, ...gate.allowlisted, ...gate.improvements];
}

/**
 * Whether a cell changes against the baseline as {@link changedCells} counts it: the baseline
 * has it, with an outcome of another rank (what {@link compareWithBaseline} calls a regression,
 * allow-listed or not, or an improvement). Known while the cells pass, before the gate runs.
 */
export function changesAgainst(baseline: Baseline, id: string, outcome: Outcome): boolean {
  const before = baseline.cells[id];
  return before !== undefined && rankDelta(before, outcome) !== 0;
}

/** How much worse `after` is than `before` (negative: better; 0: the same rank). */
function rankDelta(before: Outcome, after: Outcome): number {
  return OUTCOME_RANK[after] - OUTCOME_RANK[before];
}

/** An allow-list `cell` pattern as a RegExp (`*` matches any run of characters). */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * A cell id with its profile as the registry names it (`horizon-legacy|…` → `horizon@23.0.0|…`),
 * so an allow-list entry and a matrix may each use an alias or the versioned id. Unchanged when
 * the profile part is no model id (a glob, a driver profile).
 */
function canonicalCellId(id: string, cache: Map<string, string>): string {
  const bar = id.indexOf('|');
  if (bar < 0) return id;
  const profile = id.slice(0, bar);
  let canonical = cache.get(profile);
  if (canonical === undefined) {
    try {
      canonical = profile.includes('*') ? profile : canonicalProfileId(profile);
    } catch {
      canonical = profile;
    }
    cache.set(profile, canonical);
  }
  return canonical + id.slice(bar);
}

/**
 * Does an allow-list `cell` pattern match a cell id? `*` matches any run of characters, and a
 * profile alias on either side stands for the profile it names (`horizon-60455e5ff|…` matches
 * `horizon@27.0.0|…`). `cache` (shared across calls) keeps the alias lookups cheap.
 */
export function allowlistCellMatcher(pattern: string, cache: Map<string, string> = new Map()): (cellId: string) => boolean {
  const exact = globToRegExp(pattern);
  const canonical = globToRegExp(canonicalCellId(pattern, cache));
  return (cellId) => exact.test(cellId) || canonical.test(canonicalCellId(cellId, cache));
}

/** Compares `result` with `baseline`; `today` is `YYYY-MM-DD` (UTC). */
export function compareWithBaseline(result: GateInput, baseline: Baseline, allowlist: Allowlist, today: string): GateResult {
  const ids = new Map<string, string>();
  const matchers = allowlist.entries.map((entry) => ({ entry, re: { test: allowlistCellMatcher(entry.cell, ids) } }));
  const expired = allowlist.entries.filter((e) => e.expires < today);
  const regressions: GateChange[] = [];
  const allowlisted: AllowlistedChange[] = [];
  const improvements: GateChange[] = [];
  const added: { id: string; outcome: Outcome }[] = [];
  let unchanged = 0;
  const seen = new Set<string>();

  const newErrors: GateChange[] = [];
  for (const cell of result.cells) {
    seen.add(cell.id);
    const before = baseline.cells[cell.id];
    if (before === undefined) {
      added.push({ id: cell.id, outcome: cell.outcome });
      if (cell.outcome === 'error') {
        const hit = matchers.find(({ entry, re }) => re.test(cell.id) && (entry.outcome === undefined || entry.outcome === 'error'));
        if (!hit) newErrors.push({ id: cell.id, before: 'error', after: 'error', explanation: cell.explanation });
      }
      continue;
    }
    const change: GateChange = { id: cell.id, before, after: cell.outcome, explanation: cell.explanation };
    const delta = rankDelta(before, cell.outcome);
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
    ...newErrors.map((r) => `${r.id}: new cell with outcome error: ${r.explanation}`),
    ...expired.map((e) => `allow-list entry '${e.cell}' expired on ${e.expires} (${e.reason}): renew it with a new date or remove it`),
  ];
  return { passed: failures.length === 0, regressions, allowlisted, improvements, added, removed, newErrors, expired, unchanged, failures };
}

/** The compact baseline of a run (what `--update-baseline` writes). */
export function baselineFromResult(result: GateInput): Baseline {
  const cells: Record<string, Outcome> = {};
  let count = 0;
  for (const cell of result.cells) {
    cells[cell.id] = cell.outcome;
    count++;
  }
  return { schemaVersion: 1, matrix: { file: result.metadata.matrixFile, hash: result.metadata.matrixHash, cells: count }, cells };
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
  section('NEW cells with outcome error', (gate.newErrors ?? []).map((r) => `- ${r.id}: error\n      ${r.explanation}`));
  section('EXPIRED allow-list entries', gate.expired.map((e) => `- ${e.cell} expired ${e.expires}: ${e.reason}`));
  section('allow-listed regressions', gate.allowlisted.map((r) => `~ ${r.id}: ${r.before} → ${r.after} (allowed until ${r.expires}: ${r.reason})`));
  section('improvements', gate.improvements.map((r) => `+ ${r.id}: ${r.before} → ${r.after}`));
  section('new cells (not in the baseline)', gate.added.map((c) => `  ${c.id}: ${c.outcome}`));
  section('cells missing from this run', gate.removed.map((c) => `  ${c.id}: ${c.outcome}`));
  lines.push(
    `gate ${gate.passed ? 'PASSED' : 'FAILED'}: ${gate.regressions.length} regression(s), ${(gate.newErrors ?? []).length ? `${(gate.newErrors ?? []).length} new error cell(s), ` : ''}${gate.expired.length} expired allow-list entr${gate.expired.length === 1 ? 'y' : 'ies'}, ` +
      `${gate.allowlisted.length} allow-listed, ${gate.improvements.length} improvement(s), ${gate.unchanged} unchanged, ${gate.added.length} new, ${gate.removed.length} missing`,
  );
  return `${lines.join('\n')}\n`;
}
