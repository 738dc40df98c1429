/**
 * Evidence groups: the cells of one profile and scenario that share outcome, explanation and
 * answer, whatever the target. The Markdown lists one entry per non-pass group; the HTML looks
 * a group up by index when a cell is clicked, so 60k cells need only a few hundred entries.
 * Pure.
 */
import type { CellResult, CellTarget, Outcome } from '../matrix/result.js';
import { formatRequest, formatResponse } from './evidence-text.js';
import { legendFor } from './outcome-legend.js';
import { formatRange } from './band-collapse.js';
import { condenseTargets } from '../findings/targets.js';
import { compareMicroversions, formatMicroversion, tryParseMicroversion, type Microversion } from '../microversion/version.js';
import { compareTargets, targetKind } from './target-columns.js';
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

function groupKey(cell: CellResult): string {
  return [cell.profile, cell.scenario, cell.outcome, textShape(cell.explanation, cell), cell.response?.status ?? '-', textShape(cell.refusal ?? '', cell)].join('\u0000');
}

/** A set of target ids condensed into ranges (one wording with the findings and the headers). */
export { condenseTargets } from '../findings/targets.js';

/** The lowest and highest effective microversion of a group, as `a–b` (or `a`). */
function effectiveRange(bucket: readonly CellResult[]): string | null {
  const versions = bucket
    .map((c) => (c.effectiveMicroversion ? tryParseMicroversion(c.effectiveMicroversion) : undefined))
    .filter((v): v is Microversion => v !== undefined)
    .sort(compareMicroversions);
  if (versions.length === 0) return null;
  return formatRange(formatMicroversion(versions[0]!), formatMicroversion(versions[versions.length - 1]!));
}

export interface EvidenceIndex {
  readonly groups: readonly EvidenceGroup[];
  /** Group index of each cell id. */
  readonly groupOfCell: ReadonlyMap<string, number>;
}

/**
 * Groups cells into evidence groups ordered by profile, scenario, then first target, with
 * `ref` numbers given to non-pass groups in that order.
 */
export function buildEvidence(
  cells: readonly CellResult[],
  orderedTargets: readonly CellTarget[],
  profileOrder: readonly { id: string; title: string }[],
  scenarioOrder: readonly { id: string; title: string }[],
): EvidenceIndex {
  const buckets = new Map<string, CellResult[]>();
  for (const cell of cells) {
    const key = groupKey(cell);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(cell);
    else buckets.set(key, [cell]);
  }
  const profileRank = new Map(profileOrder.map((p, i) => [p.id, i]));
  const scenarioRank = new Map(scenarioOrder.map((s, i) => [s.id, i]));
  const targetRank = new Map(orderedTargets.map((t, i) => [t.id, i]));
  const rank = (map: Map<string, number>, id: string): number => map.get(id) ?? Number.MAX_SAFE_INTEGER;

  // Release targets first within a group: its sample (request, answer, wording) is then taken
  // from the table most readers look at.
  const kindRank = (c: CellResult): number => ['release', 'microversion', 'capped'].indexOf(targetKind(c.target));
  const sorted = [...buckets.values()].map((bucket) =>
    [...bucket].sort((a, b) => kindRank(a) - kindRank(b) || rank(targetRank, a.target.id) - rank(targetRank, b.target.id) || compareTargets(a.target, b.target)),
  );
  sorted.sort((a, b) => {
    const x = a[0]!;
    const y = b[0]!;
    return (
      rank(profileRank, x.profile) - rank(profileRank, y.profile) ||
      x.profile.localeCompare(y.profile) ||
      rank(scenarioRank, x.scenario) - rank(scenarioRank, y.scenario) ||
      x.scenario.localeCompare(y.scenario) ||
      Math.min(...a.map((c) => rank(targetRank, c.target.id))) - Math.min(...b.map((c) => rank(targetRank, c.target.id)))
    );
  });

  const profileTitles = new Map(profileOrder.map((p) => [p.id, p.title]));
  const scenarioTitles = new Map(scenarioOrder.map((s) => [s.id, s.title]));
  const groupOfCell = new Map<string, number>();
  let nextRef = 1;
  const groups = sorted.map((bucket, index): EvidenceGroup => {
    const sample = bucket[0]!;
    const legend = legendFor(sample.outcome);
    for (const cell of bucket) groupOfCell.set(cell.id, index);
    const targets = [...bucket].sort((a, b) => rank(targetRank, a.target.id) - rank(targetRank, b.target.id)).map((c) => c.target.id);
    return {
      index,
      ref: sample.outcome === 'pass' ? null : nextRef++,
      profile: sample.profile,
      profileTitle: profileTitles.get(sample.profile) ?? sample.profile,
      scenario: sample.scenario,
      scenarioTitle: scenarioTitles.get(sample.scenario) ?? sample.scenario,
      outcome: sample.outcome,
      glyph: legend.glyph,
      label: legend.label,
      cssClass: legend.cssClass,
      explanation: sample.explanation,
      explanationVaries: bucket.some((c) => c.explanation !== sample.explanation || (c.refusal ?? '') !== (sample.refusal ?? '')),
      sampleTarget: sample.target.id,
      targets,
      targetsText: condenseTargets(targets, orderedTargets),
      cellCount: bucket.length,
      request: sample.request ? formatRequest(sample.request) : null,
      refusal: sample.refusal ?? null,
      response: sample.response ? formatResponse(sample.response) : null,
      effectiveMicroversion: effectiveRange(bucket),
      sampleCellId: sample.id,
    };
  });
  return { groups, groupOfCell };
}
