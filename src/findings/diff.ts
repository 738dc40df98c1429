/**
 * Change impact: which cells got better, worse or changed meaning between two results (or two
 * profiles of one result, e.g. Horizon without and with a change), grouped into findings —
 * the review of a client change. "Changed meaning" comes first: a cell that now drifts, or
 * keeps its outcome for another cause (a different request, a different answer). Pure.
 */
import type { GateResult } from '../matrix/gate.js';
import { OUTCOME_RANK, type CellResult, type MatrixResult, type Outcome } from '../matrix/result.js';
import { findingContext, groupFindings, rankFindings, type FindingContext, type FindingInput } from './build.js';
import { causeOf, type Cause } from './causes.js';
import { cellFacts } from './cell-facts.js';
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

interface Pair {
  readonly before: CellResult;
  readonly after: CellResult;
}

function cellsOf(side: DiffSide): Map<string, CellResult> {
  const map = new Map<string, CellResult>();
  for (const cell of side.result.cells) {
    if (side.profile !== undefined && cell.profile !== side.profile) continue;
    map.set(side.profile !== undefined ? `${cell.scenario}|${cell.target.id}` : cell.id, cell);
  }
  return map;
}

function causeIn(cell: CellResult, context: FindingContext): Cause {
  return causeOf(cellFacts(cell, context.scenarios));
}

/** The kind of change of a pair, or null when nothing changed that matters. */
function changeOf(pair: Pair, contexts: { before: FindingContext; after: FindingContext }, beforeEvidence: boolean): ChangeKind | null {
  const { before, after } = pair;
  if (after.outcome === 'drift' && before.outcome !== 'drift') return 'changed-meaning';
  const delta = OUTCOME_RANK[after.outcome] - OUTCOME_RANK[before.outcome];
  if (delta === 0 && before.outcome === after.outcome && beforeEvidence) {
    const negative = contexts.after.scenarios.get(after.scenario)?.expect?.error !== undefined;
    if (countsAgainstUser(after.outcome, negative) && causeIn(before, contexts.before).key !== causeIn(after, contexts.after).key) return 'changed-meaning';
    return null;
  }
  if (delta > 0) return 'worse';
  if (delta < 0) return 'better';
  return null;
}

function outcomeSummary(cells: readonly CellResult[], context: FindingContext, evidence: boolean): string {
  const byOutcome = new Map<Outcome, { count: number; whats: Set<string> }>();
  for (const cell of cells) {
    const entry = byOutcome.get(cell.outcome) ?? { count: 0, whats: new Set<string>() };
    entry.count++;
    const negative = context.scenarios.get(cell.scenario)?.expect?.error !== undefined;
    if (evidence && countsAgainstUser(cell.outcome, negative)) entry.whats.add(causeIn(cell, context).what);
    byOutcome.set(cell.outcome, entry);
  }
  return [...byOutcome.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([outcome, { count, whats }]) => `${outcome} ${count}${whats.size === 1 ? ` (${[...whats][0]})` : ''}`)
    .join(', ');
}

/**
 * Compares two sides. Pairs are matched by cell id, or by scenario and target when a side
 * names a profile.
 */
export function diffResults(from: DiffSide, to: DiffSide): MatrixDiff {
  const contexts = { before: findingContext(from.result), after: findingContext(to.result) };
  const beforeCells = cellsOf(from);
  const afterCells = cellsOf(to);
  const beforeEvidence = from.evidence !== false;
  const counts: Record<ChangeKind, number> = { 'changed-meaning': 0, worse: 0, better: 0 };
  const inputs: FindingInput[] = [];
  const pairOf = new Map<string, { pair: Pair; kind: ChangeKind }>();
  let compared = 0;
  let unchanged = 0;
  for (const [key, after] of afterCells) {
    const before = beforeCells.get(key);
    if (!before) continue;
    compared++;
    const pair = { before, after };
    const kind = changeOf(pair, contexts, beforeEvidence);
    if (kind === null) {
      unchanged++;
      continue;
    }
    counts[kind]++;
    // What got better is told by what it used to do; what got worse by what it does now.
    const shown = kind === 'better' && beforeEvidence ? before : after;
    const context = shown === before ? contexts.before : contexts.after;
    const facts = cellFacts(shown, context.scenarios);
    const cause = kind === 'better' && !beforeEvidence ? { key: `was:${before.outcome}`, what: `${before.outcome} in the baseline, ${after.outcome} now`, short: `${before.outcome} → ${after.outcome}`, change: '', microversion: null } : causeOf(facts);
    inputs.push({ facts, cause: { ...cause, key: `${kind === 'better' ? 'better' : 'not-better'}:${cause.key}` } });
    pairOf.set(shown.id, { pair, kind });
  }
  const added = [...afterCells.keys()].filter((k) => !beforeCells.has(k)).length;
  const removed = [...beforeCells.keys()].filter((k) => !afterCells.has(k)).length;

  // Group with the context of the side each cell comes from (profiles and scenarios of both).
  const context: FindingContext = {
    ...contexts.after,
    profiles: new Map([...contexts.before.profiles, ...contexts.after.profiles]),
    profileOrder: new Map([...contexts.before.profileOrder, ...contexts.after.profileOrder]),
  };
  const ranked = rankFindings(groupFindings(inputs, context), context, 'D');
  const findings = ranked
    .map((finding): Omit<DiffFinding, 'rank' | 'ref'> => {
      const changes: Record<ChangeKind, number> = { 'changed-meaning': 0, worse: 0, better: 0 };
      const befores: CellResult[] = [];
      const afters: CellResult[] = [];
      for (const id of finding.cellIds) {
        const entry = pairOf.get(id)!;
        changes[entry.kind]++;
        befores.push(entry.pair.before);
        afters.push(entry.pair.after);
      }
      const kind = CHANGE_KINDS.find((k) => changes[k] > 0)!;
      const { cause } = finding;
      return { ...finding, cause: { ...cause, key: cause.key.replace(/^(better|not-better):/, '') }, kind, changes, before: outcomeSummary(befores, contexts.before, beforeEvidence), after: outcomeSummary(afters, contexts.after, true) };
    })
    .sort((a, b) => CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind))
    .map((f, i) => ({ ...f, rank: i + 1, ref: `D${i + 1}` }));
  return { from: from.label, to: to.label, compared, unchanged, counts, added, removed, findings };
}

/**
 * The diff of a run against its baseline, from the gate's verdict (the baseline holds outcomes
 * only, so "changed meaning" here is drift appearing).
 */
export function diffAgainstGate(result: MatrixResult, gate: GateResult, label = 'baseline'): MatrixDiff {
  const before = new Map<string, Outcome>();
  for (const change of [...gate.regressions, ...gate.allowlisted, ...gate.improvements]) before.set(change.id, change.before);
  const added = new Set(gate.added.map((a) => a.id));
  const cells = result.cells
    .filter((cell) => !added.has(cell.id))
    .map(({ refusal: _refusal, ...cell }): CellResult => ({ ...cell, outcome: before.get(cell.id) ?? cell.outcome, explanation: '', request: null, response: null, effectiveMicroversion: null }));
  const baseline: MatrixResult = { ...result, cells };
  const diff = diffResults({ result: baseline, label, evidence: false }, { result, label: 'this run' });
  return { ...diff, added: gate.added.length, removed: gate.removed.length };
}
