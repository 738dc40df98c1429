/**
 * Change impact: which cells got better, worse or changed meaning between two results (or two
 * profiles of one result, e.g. Horizon without and with a change), grouped into findings —
 * the review of a client change. "Changed meaning" comes first: a cell that now drifts, or
 * keeps its outcome for another cause (a different request, a different answer). Pure.
 */
import { changedCells, type GateResult } from '../matrix/gate.js';
import { OUTCOME_RANK, type CellResult, type MatrixResult, type Outcome } from '../matrix/result.js';
import type { ScenarioIntent } from '../matrix/definition.js';
import { findingContext, findingRecord, groupFindings, rankFindings, type FindingCell, type FindingContext, type FindingInput, type FindingRecord } from './build.js';
import { countsAgainstUser, type Finding } from './finding.js';

/** Kinds of change, most important first. */
export const CHANGE_KINDS = ['changed-meaning', 'worse', 'better'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_KIND_TITLES: Readonly<Record<ChangeKind, string>> = {
  'changed-meaning': 'Changed meaning',
  worse: 'Worse',
  better: 'Better',
};

/** One side of a comparison. */
export interface DiffSide {
  readonly result: MatrixResult;
  /** Compare only this profile's cells, paired with the other side's by scenario and target. */
  readonly profile?: string;
  /** How the side is called: a file name, a profile, "baseline". */
  readonly label: string;
  /** False when the side has outcomes only (a baseline): changes of cause cannot be seen. */
  readonly evidence?: boolean;
}

export interface DiffFinding extends Finding {
  readonly kind: ChangeKind;
  /** Cells of the finding by kind of change. */
  readonly changes: Readonly<Record<ChangeKind, number>>;
  /** What the same cells did before: `drift 192 (…), pass 192`. */
  readonly before: string;
  /** What they do now. */
  readonly after: string;
}

export interface MatrixDiff {
  readonly from: string;
  readonly to: string;
  /** Cells present on both sides. */
  readonly compared: number;
  readonly unchanged: number;
  readonly counts: Readonly<Record<ChangeKind, number>>;
  /** Cells only on one side. */
  readonly added: number;
  readonly removed: number;
  /** Ranked: changed meaning, then worse, then better. */
  readonly findings: readonly DiffFinding[];
}

/** A cell as the diff compares it: who and where, what came out, and (read when needed) why. */
export interface DiffCell extends FindingCell {
  /** The scenario's intent. */
  readonly intent: ScenarioIntent | undefined;
  /** The cell's cause and effect; only read for cells whose side has evidence. */
  record(): FindingRecord;
}

interface Pair {
  readonly before: DiffCell;
  readonly after: DiffCell;
}

/** A result's cells as the diff reads them; the records are computed on first use. */
function* diffCellsOf(result: MatrixResult, context: FindingContext): Generator<[CellResult, DiffCell]> {
  for (const cell of result.cells) {
    let record: FindingRecord | undefined;
    yield [cell, { id: cell.id, profile: cell.profile, scenario: cell.scenario, target: cell.target, outcome: cell.outcome, intent: context.scenarios.get(cell.scenario)?.intent, record: () => (record ??= findingRecord(cell, context.scenarios)) }];
  }
}

function cellsOf(side: DiffSide, context: FindingContext): Map<string, DiffCell> {
  const map = new Map<string, DiffCell>();
  for (const [cell, diffCell] of diffCellsOf(side.result, context)) {
    if (side.profile !== undefined && cell.profile !== side.profile) continue;
    map.set(side.profile !== undefined ? `${cell.scenario}|${cell.target.id}` : cell.id, diffCell);
  }
  return map;
}

/** The kind of change of a pair, or null when nothing changed that matters. */
function changeOf(pair: Pair, negative: (scenario: string) => boolean, beforeEvidence: boolean): ChangeKind | null {
  const { before, after } = pair;
  if (after.outcome === 'drift' && before.outcome !== 'drift') return 'changed-meaning';
  const delta = OUTCOME_RANK[after.outcome] - OUTCOME_RANK[before.outcome];
  if (delta === 0 && before.outcome === after.outcome && beforeEvidence) {
    if (countsAgainstUser(after.outcome, negative(after.scenario)) && before.record().cause.key !== after.record().cause.key) return 'changed-meaning';
    return null;
  }
  if (delta > 0) return 'worse';
  if (delta < 0) return 'better';
  return null;
}

function outcomeSummary(cells: readonly DiffCell[], negative: (scenario: string) => boolean, evidence: boolean): string {
  const byOutcome = new Map<Outcome, { count: number; whats: Set<string> }>();
  for (const cell of cells) {
    const entry = byOutcome.get(cell.outcome) ?? { count: 0, whats: new Set<string>() };
    entry.count++;
    if (evidence && countsAgainstUser(cell.outcome, negative(cell.scenario))) entry.whats.add(cell.record().cause.what);
    byOutcome.set(cell.outcome, entry);
  }
  return [...byOutcome.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([outcome, { count, whats }]) => `${outcome} ${count}${whats.size === 1 ? ` (${[...whats][0]})` : ''}`)
    .join(', ');
}

const negativeIn = (context: FindingContext) => (scenario: string): boolean => context.scenarios.get(scenario)?.expect?.error !== undefined;

/** Collects the changed pairs of a comparison, in the order they are met, as finding inputs. */
class ChangedCells {
  readonly counts: Record<ChangeKind, number> = { 'changed-meaning': 0, worse: 0, better: 0 };
  readonly inputs: FindingInput[] = [];
  readonly pairOf = new Map<string, { pair: Pair; kind: ChangeKind }>();
  compared = 0;
  unchanged = 0;

  constructor(
    private readonly negativeAfter: (scenario: string) => boolean,
    private readonly beforeEvidence: boolean,
  ) {}

  add(pair: Pair): void {
    this.compared++;
    const kind = changeOf(pair, this.negativeAfter, this.beforeEvidence);
    if (kind === null) {
      this.unchanged++;
      return;
    }
    this.counts[kind]++;
    const { before, after } = pair;
    // What got better is told by what it used to do; what got worse by what it does now.
    const shown = kind === 'better' && this.beforeEvidence ? before : after;
    const record = shown.record();
    const cause = kind === 'better' && !this.beforeEvidence ? { key: `was:${before.outcome}`, what: `${before.outcome} in the baseline, ${after.outcome} now`, short: `${before.outcome} → ${after.outcome}`, change: '', microversion: null } : record.cause;
    this.inputs.push({ cell: shown, intent: shown.intent, hostKind: record.hostKind, effect: record.effect, cause: { ...cause, key: `${kind === 'better' ? 'better' : 'not-better'}:${cause.key}` } });
    this.pairOf.set(shown.id, { pair, kind });
  }

  /** The changes grouped into findings, ranked (changed meaning, then worse, then better). */
  diff(labels: { from: string; to: string }, contexts: { before: FindingContext; after: FindingContext }, sides: { added: number; removed: number }): MatrixDiff {
    // Group with the context of the side each cell comes from (profiles and scenarios of both).
    const context: FindingContext = {
      ...contexts.after,
      profiles: new Map([...contexts.before.profiles, ...contexts.after.profiles]),
      profileOrder: new Map([...contexts.before.profileOrder, ...contexts.after.profileOrder]),
    };
    const ranked = rankFindings(groupFindings(this.inputs, context), context, 'D');
    const findings = ranked
      .map((finding): Omit<DiffFinding, 'rank' | 'ref'> => {
        const changes: Record<ChangeKind, number> = { 'changed-meaning': 0, worse: 0, better: 0 };
        const befores: DiffCell[] = [];
        const afters: DiffCell[] = [];
        for (const id of finding.cellIds) {
          const entry = this.pairOf.get(id)!;
          changes[entry.kind]++;
          befores.push(entry.pair.before);
          afters.push(entry.pair.after);
        }
        const kind = CHANGE_KINDS.find((k) => changes[k] > 0)!;
        const { cause } = finding;
        return {
          ...finding,
          cause: { ...cause, key: cause.key.replace(/^(better|not-better):/, '') },
          kind,
          changes,
          before: outcomeSummary(befores, negativeIn(contexts.before), this.beforeEvidence),
          after: outcomeSummary(afters, negativeIn(contexts.after), true),
        };
      })
      .sort((a, b) => CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind))
      .map((f, i) => ({ ...f, rank: i + 1, ref: `D${i + 1}` }));
    return { from: labels.from, to: labels.to, compared: this.compared, unchanged: this.unchanged, counts: this.counts, added: sides.added, removed: sides.removed, findings };
  }
}

/**
 * Compares two sides. Pairs are matched by cell id, or by scenario and target when a side
 * names a profile.
 */
export function diffResults(from: DiffSide, to: DiffSide): MatrixDiff {
  const contexts = { before: findingContext(from.result), after: findingContext(to.result) };
  const beforeCells = cellsOf(from, contexts.before);
  const afterCells = cellsOf(to, contexts.after);
  const changed = new ChangedCells(negativeIn(contexts.after), from.evidence !== false);
  for (const [key, after] of afterCells) {
    const before = beforeCells.get(key);
    if (before) changed.add({ before, after });
  }
  const added = [...afterCells.keys()].filter((k) => !beforeCells.has(k)).length;
  const removed = [...beforeCells.keys()].filter((k) => !afterCells.has(k)).length;
  return changed.diff({ from: from.label, to: to.label }, contexts, { added, removed });
}

/**
 * The diff of a run's cells (in result order) against its baseline, from the gate's verdict:
 * the baseline holds outcomes only, so "changed meaning" here is drift appearing. `context` is
 * the run's; only changed cells' records are read.
 */
export function diffCellsAgainstGate(cells: Iterable<DiffCell>, context: FindingContext, gate: GateResult, label = 'baseline'): MatrixDiff {
  const before = new Map<string, Outcome>();
  for (const change of changedCells(gate)) before.set(change.id, change.before);
  const added = new Set(gate.added.map((a) => a.id));
  const changed = new ChangedCells(negativeIn(context), false);
  for (const cell of cells) {
    if (added.has(cell.id)) continue;
    const was = before.get(cell.id);
    changed.add({ before: was === undefined ? cell : { ...cell, outcome: was }, after: cell });
  }
  return changed.diff({ from: label, to: 'this run' }, { before: context, after: context }, { added: gate.added.length, removed: gate.removed.length });
}

/**
 * The diff of a run against its baseline, from the gate's verdict (the baseline holds outcomes
 * only, so "changed meaning" here is drift appearing).
 */
export function diffAgainstGate(result: MatrixResult, gate: GateResult, label = 'baseline'): MatrixDiff {
  const context = findingContext(result);
  function* cells(): Generator<DiffCell> {
    for (const [, cell] of diffCellsOf(result, context)) yield cell;
  }
  return diffCellsAgainstGate(cells(), context, gate, label);
}
