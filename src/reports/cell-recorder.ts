/**
 * Reads what the reports need off each cell as it passes, so the cell itself can go: the
 * recorder half of the reports' compact table (`cell-table.ts`). Pure.
 */
import { findingRecord, isFindingCell, type FindingRecord } from '../findings/build.js';
import { compareTargets, targetKind } from '../findings/targets.js';
import { OUTCOMES, type CellResult, type CellTarget, type ProfileSummary, type ScenarioSummary } from '../matrix/result.js';
import { textShape } from './evidence-groups.js';
import { cellEvidenceText, formatRequest, formatResponse } from './evidence-text.js';
import type { Cause } from '../findings/causes.js';
import {
  BYTE_COLUMNS,
  Columns,
  FLOAT_COLUMNS,
  HOST_KINDS,
  INT_COLUMNS,
  KIND_RANK,
  NONE,
  Numbering,
  causeKey,
  idOf,
  itself,
  samplesBefore,
  type ByteColumn,
  type FloatColumn,
  type GroupSample,
  type IntColumn,
  type TablePart,
} from './cell-columns.js';

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
  /** Shape number by texts, target and effective microversion: all that {@link textShape} reads. */
  private readonly shapeOf = new Map<string, number>();
  private improved = new Map<string, GroupSample>();
  private ids: [number, string][] = [];
  private details: [number, string][] = [];
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
    const explanation = this.texts.number(cell.explanation);
    const refusal = cell.refusal === undefined ? NONE : this.texts.number(cell.refusal);
    const effective = cell.effectiveMicroversion === null ? NONE : this.microversions.number(cell.effectiveMicroversion);
    // Many cells repeat a combination (the same answer across profiles): shape each once. A
    // target's number stands for its id, and one id is one target (same maximum and release).
    const shapeKey = `${explanation},${refusal},${target},${effective}`;
    let shape = this.shapeOf.get(shapeKey);
    if (shape === undefined) {
      shape = this.shapes.number(`${textShape(cell.explanation, cell)}\u0000${textShape(cell.refusal ?? '', cell)}`);
      this.shapeOf.set(shapeKey, shape);
    }
    let record: FindingRecord | null = null;
    if (changed || isFindingCell(cell, this.context)) record = findingRecord(cell, this.context.scenarios);

    const at = this.columns.length++;
    this.columns.reserve(at);
    const { ints, bytes, floats } = this.columns;
    ints.index[at] = index;
    ints.profile[at] = profile;
    ints.scenario[at] = scenario;
    ints.target[at] = target;
    ints.status[at] = status;
    ints.explanation[at] = explanation;
    ints.refusal[at] = refusal;
    ints.effective[at] = effective;
    ints.shape[at] = shape;
    ints.cause[at] = record ? this.causes.number(record.cause) : NONE;
    ints.effect[at] = record ? this.effects.number(record.effect) : NONE;
    bytes.outcome[at] = outcome;
    bytes.hostKind[at] = record ? HOST_KINDS.indexOf(record.hostKind) : 0;
    floats.duration[at] = cell.durationMs ?? 0;
    if (changed) this.details.push([index, cellEvidenceText(cell)]);
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
    const { length, ints, bytes, floats } = this.columns;
    const part = {
      ...(Object.fromEntries(INT_COLUMNS.map((c) => [c, ints[c].slice(0, length)])) as Record<IntColumn, Int32Array>),
      ...(Object.fromEntries(BYTE_COLUMNS.map((c) => [c, bytes[c].slice(0, length)])) as Record<ByteColumn, Uint8Array>),
      ...(Object.fromEntries(FLOAT_COLUMNS.map((c) => [c, floats[c].slice(0, length)])) as Record<FloatColumn, Float64Array>),
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
      details: this.details,
    };
    this.columns.length = 0;
    this.improved = new Map();
    this.ids = [];
    this.details = [];
    return part;
  }
}
