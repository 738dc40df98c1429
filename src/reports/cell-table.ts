/**
 * The cells as the reports keep them: a few numbers per cell — who, where, the outcome, which
 * evidence group, which cause — in typed arrays, with the texts they point at stored once.
 * What the reports need of a cell's evidence is read off the cell once, when it is recorded
 * ({@link CellRecorder}); the cell itself can then go. So a run can stream its cells to disk and
 * still render every report at the end, and 10× the cells cost 10× a few dozen bytes.
 *
 * A recorder hands out {@link TablePart}s (plain data and typed arrays, cheap to post between
 * threads); a {@link CellTable} absorbs parts from any number of recorders, in any order, and
 * numbers their strings anew. {@link tableFromResult} does both for a result in memory. Pure.
 */
import { findingRecord, isFindingCell, orderedTargets, type FindingRecord } from '../findings/build.js';
import type { Cause } from '../findings/causes.js';
import type { HostKind } from '../findings/cell-facts.js';
import { compareTargets, targetKind } from '../findings/targets.js';
import { OUTCOMES, type CellResult, type CellTarget, type MatrixResult, type Outcome, type ProfileSummary, type ScenarioSummary } from '../matrix/result.js';
import { textShape } from './evidence-groups.js';
import { formatRequest, formatResponse } from './evidence-text.js';

/** No value (no answer, no refusal, no cause). */
export const NONE = -1;
/** A table position no cell filled (the table keeps outcomes as their index + 1). */
const ABSENT = 0;
const HOST_KINDS: readonly HostKind[] = ['named', 'auto'];
const KIND_RANK = { release: 0, microversion: 1, capped: 2 } as const;

/** The cell that shows an evidence group (`evidence-groups.ts`), with its request and answer as text. */
export interface GroupSample {
  readonly index: number;
  /** Release targets first, then microversion targets, then capped ones. */
  readonly kindRank: number;
  /** Position of the target in column order. */
  readonly targetRank: number;
  readonly request: string | null;
  readonly response: string | null;
}

/** Whether `a` shows a group rather than `b`: release targets first, then column order, then cell order. */
function samplesBefore(a: Omit<GroupSample, 'request' | 'response'>, b: Omit<GroupSample, 'request' | 'response'>): boolean {
  if (a.kindRank !== b.kindRank) return a.kindRank < b.kindRank;
  if (a.targetRank !== b.targetRank) return a.targetRank < b.targetRank;
  return a.index < b.index;
}

/** The per-cell columns, in {@link TablePart} and {@link CellTable} alike. */
const INT_COLUMNS = ['index', 'profile', 'scenario', 'target', 'status', 'explanation', 'refusal', 'effective', 'shape', 'cause', 'effect'] as const;
const BYTE_COLUMNS = ['outcome', 'hostKind'] as const;
type IntColumn = (typeof INT_COLUMNS)[number];
type ByteColumn = (typeof BYTE_COLUMNS)[number];

/** Strings first used since the previous part, `[number in the recorder, value]`. */
export interface PartStrings {
  readonly texts: [number, string][];
  readonly shapes: [number, string][];
  readonly microversions: [number, string][];
  readonly causes: [number, Cause][];
  readonly effects: [number, string][];
  readonly profiles: [number, ProfileSummary][];
  readonly scenarios: [number, ScenarioSummary][];
  readonly targets: [number, CellTarget][];
}

/**
 * Cells recorded since the previous part. Per cell: its position in the result (`index`), the
 * recorder's numbers of its profile, scenario, target, explanation, refusal, effective
 * microversion, text shape, cause and effect (-1 when none), its HTTP status (-1: no answer),
 * outcome (index in `OUTCOMES`) and host kind.
 */
export type TablePart = { readonly [K in IntColumn]: Int32Array } & { readonly [K in ByteColumn]: Uint8Array } & {
  readonly strings: PartStrings;
  /** Group samples that got a better candidate, by the recorder's group key. */
  readonly samples: [string, GroupSample][];
  /** Cells whose id is not `<profile>|<scenario>|<target>`: `[index, id]`. */
  readonly ids: [number, string][];
};

/** Numbers values in order of first use, and remembers which numbers are new. */
class Numbering<T> {
  readonly values: T[] = [];
  private readonly numbers = new Map<string, number>();
  private fresh: [number, T][] = [];
  constructor(private readonly keyOf: (value: T) => string) {}
  number(value: T, key = this.keyOf(value)): number {
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.values.length;
      this.values.push(value);
      this.numbers.set(key, n);
      this.fresh.push([n, value]);
    }
    return n;
  }
  /** The number of `key` if it has one. */
  find(key: string): number | undefined {
    return this.numbers.get(key);
  }
  take(): [number, T][] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }
}

const causeKey = (c: Cause): string => `${c.key}\u0000${c.what}\u0000${c.short}\u0000${c.change}\u0000${c.microversion ?? '\u0001'}`;
const itself = (s: string): string => s;
const idOf = (x: { readonly id: string }): string => x.id;

/** Growable typed columns. */
class Columns {
  length = 0;
  ints: Record<IntColumn, Int32Array>;
  bytes: Record<ByteColumn, Uint8Array>;
  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.ints = Object.fromEntries(INT_COLUMNS.map((c) => [c, new Int32Array(size)])) as Record<IntColumn, Int32Array>;
    this.bytes = Object.fromEntries(BYTE_COLUMNS.map((c) => [c, new Uint8Array(size)])) as Record<ByteColumn, Uint8Array>;
  }
  /** Makes room for position `at`. */
  reserve(at: number): void {
    const size = this.ints.index.length;
    if (at < size) return;
    const grown = Math.max(at + 1, size * 2);
    for (const c of INT_COLUMNS) {
      const next = new Int32Array(grown);
      next.set(this.ints[c]);
      this.ints[c] = next;
    }
    for (const c of BYTE_COLUMNS) {
      const next = new Uint8Array(grown);
      next.set(this.bytes[c]);
      this.bytes[c] = next;
    }
  }
}

/** What a recorder needs to know up front. */
export interface RecorderLists {
  readonly profiles: readonly ProfileSummary[];
  readonly scenarios: readonly ScenarioSummary[];
  /** Every target the cells can name, in any order (others are added as they are met). */
  readonly targets: readonly CellTarget[];
}

/**
 * Reads what the reports need off each cell — its text shape (the evidence group), its cause
 * and effect when it makes a finding, its request and answer as text when it is the best sample
 * of its group so far — and keeps it until the next {@link CellRecorder.take}. One per thread
 * that runs cells.
 */
export class CellRecorder {
  private readonly texts = new Numbering<string>(itself);
  private readonly shapes = new Numbering<string>(itself);
  private readonly microversions = new Numbering<string>(itself);
  private readonly causes = new Numbering<Cause>(causeKey);
  private readonly effects = new Numbering<string>(itself);
  private readonly profiles = new Numbering<ProfileSummary>(idOf);
  private readonly scenarios = new Numbering<ScenarioSummary>(idOf);
  private readonly targets = new Numbering<CellTarget>(idOf);
  private readonly context: { readonly negative: ReadonlySet<string>; readonly scenarios: Map<string, ScenarioSummary> };
  private readonly targetRank: Map<string, number>;
  private readonly best = new Map<string, GroupSample>();
  private improved = new Map<string, GroupSample>();
  private ids: [number, string][] = [];
  private columns: Columns;

  constructor(lists: RecorderLists, expectedCells = 1024) {
    for (const p of lists.profiles) this.profiles.number(p);
    for (const s of lists.scenarios) this.scenarios.number(s);
    for (const t of lists.targets) this.targets.number(t);
    this.context = {
      negative: new Set(lists.scenarios.filter((s) => s.expect?.error !== undefined).map((s) => s.id)),
      scenarios: new Map(lists.scenarios.map((s) => [s.id, s])),
    };
    this.targetRank = new Map([...lists.targets].sort(compareTargets).map((t, i) => [t.id, i]));
    this.columns = new Columns(expectedCells);
  }

  /**
   * Records the cell at position `index` of the result. `changed`: its outcome differs from the
   * baseline's — its cause is then kept even when it makes no finding (the diff shows it).
   */
  add(cell: CellResult, index: number, changed = false): void {
    const profile = this.profiles.find(cell.profile) ?? this.profiles.number({ id: cell.profile, title: cell.profile });
    const scenario = this.scenarios.find(cell.scenario) ?? this.scenarios.number({ id: cell.scenario, title: cell.scenario });
    const target = this.targets.number(cell.target);
    const status = cell.response ? cell.response.status : NONE;
    const outcome = OUTCOMES.indexOf(cell.outcome);
    const shape = this.shapes.number(`${textShape(cell.explanation, cell)}\u0000${textShape(cell.refusal ?? '', cell)}`);
    let record: FindingRecord | null = null;
    if (changed || isFindingCell(cell, this.context)) record = findingRecord(cell, this.context.scenarios);

    const { ints, bytes } = this.columns;
    const at = this.columns.length++;
    this.columns.reserve(at);
    ints.index[at] = index;
    ints.profile[at] = profile;
    ints.scenario[at] = scenario;
    ints.target[at] = target;
    ints.status[at] = status;
    ints.explanation[at] = this.texts.number(cell.explanation);
    ints.refusal[at] = cell.refusal === undefined ? NONE : this.texts.number(cell.refusal);
    ints.effective[at] = cell.effectiveMicroversion === null ? NONE : this.microversions.number(cell.effectiveMicroversion);
    ints.shape[at] = shape;
    ints.cause[at] = record ? this.causes.number(record.cause) : NONE;
    ints.effect[at] = record ? this.effects.number(record.effect) : NONE;
    bytes.outcome[at] = outcome;
    bytes.hostKind[at] = record ? HOST_KINDS.indexOf(record.hostKind) : 0;
    if (cell.id !== `${cell.profile}|${cell.scenario}|${cell.target.id}`) this.ids.push([index, cell.id]);

    // The group's sample: the best candidate so far keeps its request and answer as text.
    const key = `${profile},${scenario},${outcome},${status},${shape}`;
    const candidate = { index, kindRank: KIND_RANK[targetKind(cell.target)], targetRank: this.targetRank.get(cell.target.id) ?? Number.MAX_SAFE_INTEGER };
    const best = this.best.get(key);
    if (!best || samplesBefore(candidate, best)) {
      const sample: GroupSample = { ...candidate, request: cell.request ? formatRequest(cell.request) : null, response: cell.response ? formatResponse(cell.response) : null };
      this.best.set(key, sample);
      this.improved.set(key, sample);
    }
  }

  /** The cells recorded since the previous call; the recorder starts afresh (its numbers stay). */
  take(): TablePart {
    const { length, ints, bytes } = this.columns;
    const part = {
      ...(Object.fromEntries(INT_COLUMNS.map((c) => [c, ints[c].slice(0, length)])) as Record<IntColumn, Int32Array>),
      ...(Object.fromEntries(BYTE_COLUMNS.map((c) => [c, bytes[c].slice(0, length)])) as Record<ByteColumn, Uint8Array>),
      strings: {
        texts: this.texts.take(),
        shapes: this.shapes.take(),
        microversions: this.microversions.take(),
        causes: this.causes.take(),
        effects: this.effects.take(),
        profiles: this.profiles.take(),
        scenarios: this.scenarios.take(),
        targets: this.targets.take(),
      },
      samples: [...this.improved],
      ids: this.ids,
    };
    this.columns.length = 0;
    this.improved = new Map();
    this.ids = [];
    return part;
  }
}

/** The typed arrays of a part, for `postMessage`'s transfer list. */
export function partTransferables(part: TablePart): ArrayBuffer[] {
  return [...INT_COLUMNS.map((c) => part[c].buffer), ...BYTE_COLUMNS.map((c) => part[c].buffer)] as ArrayBuffer[];
}

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
    }
    for (const [index, id] of part.ids) this.ownIds.set(index, id);
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
 * The compact table of a result in memory: every cell recorded, in result order. `changed` says
 * which cells differ from the baseline (their cause is kept for the diff: `changedCells`).
 */
export function tableFromResult(result: Pick<MatrixResult, 'metadata' | 'profiles' | 'scenarios' | 'cells'>, changed: (id: string) => boolean): CellTable {
  const lists: RecorderLists = { profiles: result.profiles, scenarios: result.scenarios, targets: orderedTargets(result as MatrixResult) };
  const recorder = new CellRecorder(lists, result.cells.length);
  result.cells.forEach((cell, i) => recorder.add(cell, i, changed(cell.id)));
  const table = new CellTable({ profiles: result.profiles, scenarios: result.scenarios, targets: result.metadata.targets }, result.cells.length);
  table.absorb(recorder.take());
  return table;
}
