/**
 * The parts of the reports' compact table (`cell-table.ts`) that the recorder and the table
 * share: the per-cell columns in typed arrays, the numbering of the strings they point at, and
 * the part a recorder hands the table. Pure.
 */
import type { Cause } from '../findings/causes.js';
import type { HostKind } from '../findings/cell-facts.js';
import type { CellTarget, ProfileSummary, ScenarioSummary } from '../matrix/result.js';

/** No value (no answer, no refusal, no cause). */
export const NONE = -1;
/** A table position no cell filled (the table keeps outcomes as their index + 1). */
export const ABSENT = 0;
export const HOST_KINDS: readonly HostKind[] = ['named', 'auto'];
export const KIND_RANK = { release: 0, microversion: 1, capped: 2 } as const;

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
export function samplesBefore(a: Omit<GroupSample, 'request' | 'response'>, b: Omit<GroupSample, 'request' | 'response'>): boolean {
  if (a.kindRank !== b.kindRank) return a.kindRank < b.kindRank;
  if (a.targetRank !== b.targetRank) return a.targetRank < b.targetRank;
  return a.index < b.index;
}

/** The per-cell columns, in {@link TablePart} and {@link CellTable} alike. */
export const INT_COLUMNS = ['index', 'profile', 'scenario', 'target', 'status', 'explanation', 'refusal', 'effective', 'shape', 'cause', 'effect'] as const;
export const BYTE_COLUMNS = ['outcome', 'hostKind'] as const;
/** The cell's own wall time in the runner, in milliseconds (0 when it has none). */
export const FLOAT_COLUMNS = ['duration'] as const;
export type IntColumn = (typeof INT_COLUMNS)[number];
export type ByteColumn = (typeof BYTE_COLUMNS)[number];
export type FloatColumn = (typeof FLOAT_COLUMNS)[number];

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
export type TablePart = { readonly [K in IntColumn]: Int32Array } & { readonly [K in ByteColumn]: Uint8Array } & { readonly [K in FloatColumn]: Float64Array } & {
  readonly strings: PartStrings;
  /** Group samples that got a better candidate, by the recorder's group key. */
  readonly samples: [string, GroupSample][];
  /** Cells whose id is not `<profile>|<scenario>|<target>`: `[index, id]`. */
  readonly ids: [number, string][];
  /** Changed cells' request and answer as text (what a failing JUnit case shows): `[index, text]`. */
  readonly details: [number, string][];
};

/** Numbers values in order of first use, and remembers which numbers are new. */
export class Numbering<T> {
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

export const causeKey = (c: Cause): string => `${c.key}\u0000${c.what}\u0000${c.short}\u0000${c.change}\u0000${c.microversion ?? '\u0001'}`;
export const itself = (s: string): string => s;
export const idOf = (x: { readonly id: string }): string => x.id;

/** Growable typed columns. */
export class Columns {
  length = 0;
  ints: Record<IntColumn, Int32Array>;
  bytes: Record<ByteColumn, Uint8Array>;
  floats: Record<FloatColumn, Float64Array>;
  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.ints = Object.fromEntries(INT_COLUMNS.map((c) => [c, new Int32Array(size)])) as Record<IntColumn, Int32Array>;
    this.bytes = Object.fromEntries(BYTE_COLUMNS.map((c) => [c, new Uint8Array(size)])) as Record<ByteColumn, Uint8Array>;
    this.floats = Object.fromEntries(FLOAT_COLUMNS.map((c) => [c, new Float64Array(size)])) as Record<FloatColumn, Float64Array>;
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
    for (const c of FLOAT_COLUMNS) {
      const next = new Float64Array(grown);
      next.set(this.floats[c]);
      this.floats[c] = next;
    }
  }
}

