/**
 * The cells as the reports keep them: a few numbers per cell — who, where, the outcome, which
 * evidence group, which cause — in typed arrays, with the texts they point at stored once.
 * What the reports need of a cell's evidence is read off the cell once, when it is recorded
 * ({@link CellRecorder}, `cell-recorder.ts`); the cell itself can then go. So `run` streams its
 * cells to disk and still renders every report at the end (`src/run/streamed-cells.ts`), and 10×
 * the cells cost 10× a few dozen bytes.
 *
 * A recorder hands out {@link TablePart}s (plain data and typed arrays, `cell-columns.ts`); a
 * {@link CellTable} absorbs parts from any number of recorders, in any order, and numbers their
 * strings anew. {@link tableFromResult} does both for a result in memory. Pure.
 */
import { orderedTargets, type FindingRecord } from '../findings/build.js';
import type { Cause } from '../findings/causes.js';
import { compareTargets } from '../findings/targets.js';
import { OUTCOMES, type CellTarget, type MatrixResult, type Outcome, type ProfileSummary, type ScenarioSummary } from '../matrix/result.js';
import { changedCells, type GateCell, type GateResult } from '../matrix/gate.js';
import { ABSENT, Columns, HOST_KINDS, NONE, Numbering, causeKey, idOf, itself, samplesBefore, type GroupSample, type TablePart } from './cell-columns.js';
import { CellRecorder, type RecorderLists } from './cell-recorder.js';

export { NONE, type GroupSample, type PartStrings, type TablePart } from './cell-columns.js';
export { CellRecorder, type RecorderLists } from './cell-recorder.js';

/** One recorder's numbers → the table's. */
interface Renumbering {
  readonly texts: number[];
  readonly shapes: number[];
  readonly microversions: number[];
  readonly causes: number[];
  readonly effects: number[];
  readonly profiles: number[];
  readonly scenarios: number[];
  readonly targets: number[];
}

/**
 * Every cell of a result, compact (see the module comment): cell `i` is the result's `i`-th
 * cell. Profiles, scenarios and targets are the listed ones followed by any only cells name.
 */
export class CellTable {
  readonly profiles: ProfileSummary[];
  readonly scenarios: ScenarioSummary[];
  /** The listed targets followed by any only cells name (column order: {@link CellTable.orderedTargets}). */
  readonly targets: CellTarget[];
  readonly texts: string[] = [];
  readonly shapes: string[] = [];
  readonly microversions: string[] = [];
  readonly causes: Cause[] = [];
  readonly effects: string[] = [];
  /** Each group key's sample (the key as {@link CellTable.groupKey} makes it). */
  readonly samples = new Map<string, GroupSample>();
  private readonly numbering = {
    texts: new Numbering<string>(itself),
    shapes: new Numbering<string>(itself),
    microversions: new Numbering<string>(itself),
    causes: new Numbering<Cause>(causeKey),
    effects: new Numbering<string>(itself),
    profiles: new Numbering<ProfileSummary>(idOf),
    scenarios: new Numbering<ScenarioSummary>(idOf),
    targets: new Numbering<CellTarget>(idOf),
  };
  private readonly renumberings = new Map<unknown, Renumbering>();
  private readonly ownIds = new Map<number, string>();
  private readonly details = new Map<number, string>();
  private readonly columns: Columns;
  /** Cells absorbed; positions never filled stay absent ({@link CellTable.has}). */
  private filled = 0;

  constructor(lists: RecorderLists, expectedCells = 0) {
    this.profiles = this.numbering.profiles.values;
    this.scenarios = this.numbering.scenarios.values;
    this.targets = this.numbering.targets.values;
    this.texts = this.numbering.texts.values;
    this.shapes = this.numbering.shapes.values;
    this.microversions = this.numbering.microversions.values;
    this.causes = this.numbering.causes.values;
    this.effects = this.numbering.effects.values;
    for (const p of lists.profiles) this.numbering.profiles.number(p);
    for (const s of lists.scenarios) this.numbering.scenarios.number(s);
    for (const t of lists.targets) this.numbering.targets.number(t);
    this.columns = new Columns(expectedCells);
  }

  /** How many positions the table spans (the highest absorbed position + 1). */
  get count(): number {
    return this.columns.length;
  }

  /** How many cells were absorbed. */
  get cellCount(): number {
    return this.filled;
  }

  has(i: number): boolean {
    return this.columns.bytes.outcome[i] !== ABSENT;
  }

  profile(i: number): number {
    return this.columns.ints.profile[i]!;
  }
  scenario(i: number): number {
    return this.columns.ints.scenario[i]!;
  }
  target(i: number): number {
    return this.columns.ints.target[i]!;
  }
  outcome(i: number): Outcome {
    return OUTCOMES[this.columns.bytes.outcome[i]! - 1]!;
  }
  /** HTTP status, or -1 when no answer came. */
  status(i: number): number {
    return this.columns.ints.status[i]!;
  }
  explanation(i: number): number {
    return this.columns.ints.explanation[i]!;
  }
  refusal(i: number): number {
    return this.columns.ints.refusal[i]!;
  }
  effective(i: number): number {
    return this.columns.ints.effective[i]!;
  }
  shape(i: number): number {
    return this.columns.ints.shape[i]!;
  }
  /** The cell's cause and effect, when it makes a finding (or changed against the baseline). */
  record(i: number): FindingRecord | null {
    const cause = this.columns.ints.cause[i]!;
    if (cause === NONE) return null;
    return { cause: this.causes[cause]!, effect: this.effects[this.columns.ints.effect[i]!]!, hostKind: HOST_KINDS[this.columns.bytes.hostKind[i]!]! };
  }

  /** The cell's wall time in the runner, in milliseconds (0 when it has none). */
  durationMs(i: number): number {
    return this.columns.floats.duration[i]!;
  }
  /** A changed cell's request and answer as text (recorded for changed cells only). */
  detail(i: number): string | undefined {
    return this.details.get(i);
  }

  /**
   * The cells as the gate reads them (`matrix/gate.ts`): id, outcome, explanation, in table
   * order; iterable any number of times.
   */
  gateCells(): Iterable<GateCell> {
    const table = this;
    return {
      *[Symbol.iterator]() {
        for (let i = 0; i < table.count; i++) if (table.has(i)) yield { id: table.id(i), outcome: table.outcome(i), explanation: table.texts[table.explanation(i)]! };
      },
    };
  }

  /** The cell's id. */
  id(i: number): string {
    return this.ownIds.get(i) ?? `${this.profiles[this.profile(i)]!.id}|${this.scenarios[this.scenario(i)]!.id}|${this.targets[this.target(i)]!.id}`;
  }

  /** Key of the cell's evidence group: profile, scenario, outcome, status and text shape. */
  groupKey(i: number): string {
    return `${this.profile(i)},${this.scenario(i)},${this.columns.bytes.outcome[i]! - 1},${this.status(i)},${this.shape(i)}`;
  }

  /** Targets in column order: by maximum microversion, then release age, then id. */
  orderedTargets(): CellTarget[] {
    return [...this.targets].sort(compareTargets);
  }

  /** Adds a recorder's part; `source` tells recorders apart (their numbers differ). */
  absorb(part: TablePart, source: unknown = 0): void {
    let map = this.renumberings.get(source);
    if (!map) this.renumberings.set(source, (map = { texts: [], shapes: [], microversions: [], causes: [], effects: [], profiles: [], scenarios: [], targets: [] }));
    const s = part.strings;
    for (const [n, v] of s.texts) map.texts[n] = this.numbering.texts.number(v);
    for (const [n, v] of s.shapes) map.shapes[n] = this.numbering.shapes.number(v);
    for (const [n, v] of s.microversions) map.microversions[n] = this.numbering.microversions.number(v);
    for (const [n, v] of s.causes) map.causes[n] = this.numbering.causes.number(v);
    for (const [n, v] of s.effects) map.effects[n] = this.numbering.effects.number(v);
    for (const [n, v] of s.profiles) map.profiles[n] = this.numbering.profiles.number(v);
    for (const [n, v] of s.scenarios) map.scenarios[n] = this.numbering.scenarios.number(v);
    for (const [n, v] of s.targets) map.targets[n] = this.numbering.targets.number(v);
    const or = (numbers: number[], n: number): number => (n === NONE ? NONE : numbers[n]!);
    const c = this.columns;
    for (let k = 0; k < part.index.length; k++) {
      const i = part.index[k]!;
      if (i >= c.length) {
        c.reserve(i);
        c.length = i + 1;
      }
      if (c.bytes.outcome[i] === ABSENT) this.filled++;
      c.ints.index[i] = i;
      c.ints.profile[i] = map.profiles[part.profile[k]!]!;
      c.ints.scenario[i] = map.scenarios[part.scenario[k]!]!;
      c.ints.target[i] = map.targets[part.target[k]!]!;
      c.ints.status[i] = part.status[k]!;
      c.ints.explanation[i] = map.texts[part.explanation[k]!]!;
      c.ints.refusal[i] = or(map.texts, part.refusal[k]!);
      c.ints.effective[i] = or(map.microversions, part.effective[k]!);
      c.ints.shape[i] = map.shapes[part.shape[k]!]!;
      c.ints.cause[i] = or(map.causes, part.cause[k]!);
      c.ints.effect[i] = or(map.effects, part.effect[k]!);
      c.bytes.outcome[i] = part.outcome[k]! + 1;
      c.bytes.hostKind[i] = part.hostKind[k]!;
      c.floats.duration[i] = part.duration[k]!;
    }
    for (const [index, id] of part.ids) this.ownIds.set(index, id);
    for (const [index, text] of part.details) this.details.set(index, text);
    for (const [localKey, sample] of part.samples) {
      const [p, sc, o, st, sh] = localKey.split(',').map(Number) as [number, number, number, number, number];
      const key = `${map.profiles[p]},${map.scenarios[sc]},${o},${st},${map.shapes[sh]}`;
      const best = this.samples.get(key);
      if (!best || samplesBefore(sample, best)) this.samples.set(key, sample);
    }
  }
}

/** Position → cell of a table, for `(profile, scenario, target)` lookups: -1 when absent. */
export function cellGrid(table: CellTable): { readonly at: (profile: number, scenario: number, target: number) => number } {
  const P = table.profiles.length;
  const S = table.scenarios.length;
  const T = table.targets.length;
  const grid = new Int32Array(P * S * T).fill(NONE);
  for (let i = 0; i < table.count; i++) if (table.has(i)) grid[(table.profile(i) * S + table.scenario(i)) * T + table.target(i)] = i;
  return { at: (p, s, t) => grid[(p * S + s) * T + t]! };
}

/**
 * The compact table of a result in memory: every cell recorded, in result order. The cells the
 * gate's verdict lists as changed (`changedCells`) keep their cause and evidence: the diff, the
 * findings and failing JUnit cases show them.
 */
export function tableFromResult(result: Pick<MatrixResult, 'metadata' | 'profiles' | 'scenarios' | 'cells'>, gate?: GateResult): CellTable {
  const lists: RecorderLists = { profiles: result.profiles, scenarios: result.scenarios, targets: orderedTargets(result as MatrixResult) };
  const recorder = new CellRecorder(lists, result.cells.length);
  const changed = new Set(gate ? changedCells(gate).map((c) => c.id) : []);
  result.cells.forEach((cell, i) => recorder.add(cell, i, changed.has(cell.id)));
  const table = new CellTable({ profiles: result.profiles, scenarios: result.scenarios, targets: result.metadata.targets }, result.cells.length);
  table.absorb(recorder.take());
  return table;
}
