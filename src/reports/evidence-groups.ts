/**
 * Evidence groups: the cells of one profile and scenario that share outcome, explanation and
 * answer, whatever the target. The Markdown lists one entry per non-pass group; the HTML looks
 * a group up by index when a cell is clicked, so 60k cells need only a few hundred entries.
 * Pure.
 */
import type { CellResult, CellTarget, Outcome } from '../matrix/result.js';
import type { CellTable } from './cell-table.js';
import { legendFor } from './outcome-legend.js';
import { formatRange } from './band-collapse.js';
import { condenseTargets } from '../findings/targets.js';
import { compareMicroversions, formatMicroversion, tryParseMicroversion, type Microversion } from '../microversion/version.js';
import { targetKind } from './target-columns.js';
import { escapeRegExp } from '../findings/text.js';

export interface EvidenceGroup {
  /** Position in `ReportView.evidence`; the HTML's cells refer to it. */
  readonly index: number;
  /** 1-based number among the non-pass groups (the `#n` in Markdown cells); null for pass. */
  readonly ref: number | null;
  readonly profile: string;
  readonly profileTitle: string;
  readonly scenario: string;
  readonly scenarioTitle: string;
  readonly outcome: Outcome;
  readonly glyph: string;
  readonly label: string;
  readonly cssClass: string;
  /** The first cell's explanation (see {@link EvidenceGroup.explanationVaries}). */
  readonly explanation: string;
  /** True when cells of the group word it with their own microversion or release. */
  readonly explanationVaries: boolean;
  /** Target of the cell the explanation, request and answer were taken from. */
  readonly sampleTarget: string;
  /** Target ids, in column order. */
  readonly targets: readonly string[];
  /** The targets condensed into ranges: `Newton–Hibiscus; max 2.30–2.67`. */
  readonly targetsText: string;
  readonly cellCount: number;
  /** The first cell's request as text, null when the client refused before sending. */
  readonly request: string | null;
  readonly refusal: string | null;
  readonly response: string | null;
  /** The microversion(s) that took effect across the group: `2.30` or `2.30–2.67`; null if none. */
  readonly effectiveMicroversion: string | null;
  /** Id of the cell the request/response were taken from. */
  readonly sampleCellId: string;
}


/** Compiled patterns by microversion or release (a run has a few hundred at most). */
const VERSION_PATTERNS = new Map<string, RegExp>();
const RELEASE_PATTERNS = new Map<string, RegExp>();

function cached(map: Map<string, RegExp>, key: string, make: () => RegExp): RegExp {
  let re = map.get(key);
  if (!re) map.set(key, (re = make()));
  return re;
}

/**
 * The explanation with the target's own numbers and names (its maximum and effective
 * microversion, its release) replaced by placeholders: runners cite "microversions 2.1 to 2.47"
 * per target, and without this every microversion target would be a group of its own.
 */
export function textShape(text: string, cell: CellResult): string {
  let shaped = text;
  const max = cell.target.maxMicroversion;
  const effective = cell.effectiveMicroversion;
  for (const v of max === effective ? [max] : [max, effective]) {
    if (!v || v === '2.1' || !shaped.includes(v)) continue;
    shaped = shaped.replace(cached(VERSION_PATTERNS, v, () => new RegExp(`(?<![\\d.])${escapeRegExp(v)}(?![\\d])`, 'g')), '{mv}');
  }
  const release = cell.target.release;
  if (release) shaped = shaped.replace(cached(RELEASE_PATTERNS, release, () => new RegExp(`\\b${escapeRegExp(release)}\\b`, 'gi')), '{release}');
  return shaped;
}

/** A set of target ids condensed into ranges (one wording with the findings and the headers). */
export { condenseTargets } from '../findings/targets.js';

export interface EvidenceIndex {
  readonly groups: readonly EvidenceGroup[];
  /** Group index of each cell (by position in the table; -1 for positions without a cell). */
  readonly groupOfCell: Int32Array;
}

const KIND_RANK = { release: 0, microversion: 1, capped: 2 } as const;

/**
 * Groups the table's cells into evidence groups — same profile, scenario, outcome, answer
 * status and explanation shape — ordered by profile, scenario, then first target, with `ref`
 * numbers given to non-pass groups in that order. `orderedTargets` is the column order.
 */
export function buildEvidence(table: CellTable, orderedTargets: readonly CellTarget[]): EvidenceIndex {
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < table.count; i++) {
    if (!table.has(i)) continue;
    const key = table.groupKey(i);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(i);
    else buckets.set(key, [i]);
  }
  const rankOf = new Map(orderedTargets.map((t, i) => [t.id, i]));
  const targetRank = table.targets.map((t) => rankOf.get(t.id) ?? Number.MAX_SAFE_INTEGER);
  const kindRank = table.targets.map((t) => KIND_RANK[targetKind(t)]);
  const versions = table.microversions.map((v) => tryParseMicroversion(v));

  // Release targets first within a group: its sample (request, answer, wording) is then taken
  // from the table most readers look at.
  const sorted = [...buckets].map(([key, bucket]) => {
    const cells = [...bucket].sort((a, b) => kindRank[table.target(a)]! - kindRank[table.target(b)]! || targetRank[table.target(a)]! - targetRank[table.target(b)]!);
    let first = Number.MAX_SAFE_INTEGER;
    for (const i of bucket) first = Math.min(first, targetRank[table.target(i)]!);
    return { key, cells, first };
  });
  sorted.sort((a, b) => {
    const x = a.cells[0]!;
    const y = b.cells[0]!;
    return table.profile(x) - table.profile(y) || table.scenario(x) - table.scenario(y) || a.first - b.first;
  });

  const groupOfCell = new Int32Array(table.count).fill(-1);
  let nextRef = 1;
  const groups = sorted.map(({ key, cells }, index): EvidenceGroup => {
    const first = cells[0]!;
    const sample = table.samples.get(key);
    if (sample?.index !== first) throw new Error(`evidence group ${key}: its sample is cell ${sample?.index}, expected ${first}`);
    const outcome = table.outcome(first);
    const legend = legendFor(outcome);
    const profile = table.profiles[table.profile(first)]!;
    const scenario = table.scenarios[table.scenario(first)]!;
    for (const i of cells) groupOfCell[i] = index;
    const targets = [...cells].sort((a, b) => targetRank[table.target(a)]! - targetRank[table.target(b)]!).map((i) => table.targets[table.target(i)]!.id);
    let low: Microversion | undefined;
    let high: Microversion | undefined;
    for (const i of cells) {
      const v = table.effective(i) === -1 ? undefined : versions[table.effective(i)];
      if (!v) continue;
      if (!low || compareMicroversions(v, low) < 0) low = v;
      if (!high || compareMicroversions(v, high) > 0) high = v;
    }
    const explanation = table.explanation(first);
    const refusal = table.refusal(first);
    return {
      index,
      ref: outcome === 'pass' ? null : nextRef++,
      profile: profile.id,
      profileTitle: profile.title,
      scenario: scenario.id,
      scenarioTitle: scenario.title,
      outcome,
      glyph: legend.glyph,
      label: legend.label,
      cssClass: legend.cssClass,
      explanation: table.texts[explanation]!,
      explanationVaries: cells.some((i) => table.explanation(i) !== explanation || table.refusal(i) !== refusal),
      sampleTarget: table.targets[table.target(first)]!.id,
      targets,
      targetsText: condenseTargets(targets, orderedTargets),
      cellCount: cells.length,
      request: sample.request,
      refusal: refusal === -1 ? null : table.texts[refusal]!,
      response: sample.response,
      effectiveMicroversion: low && high ? formatRange(formatMicroversion(low), formatMicroversion(high)) : null,
      sampleCellId: table.id(first),
    };
  });
  return { groups, groupOfCell };
}
