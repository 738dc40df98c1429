/**
 * Findings and diffs as the templates show them: glyphs, class titles, the client code as
 * text, the cells behind each finding condensed per scenario. Pure.
 */
import type { DiffFinding, MatrixDiff } from '../findings/diff.js';
import { CHANGE_KINDS, CHANGE_KIND_TITLES, type ChangeKind } from '../findings/diff.js';
import { FINDING_CLASS_TITLES, type Finding } from '../findings/finding.js';
import { OUTCOMES, type Outcome } from '../matrix/result.js';
import { legendFor } from './outcome-legend.js';

/** Findings shown in full at the top of a report; the rest are listed one line each. */
export const TOP_FINDINGS = 5;

export interface FindingView {
  readonly ref: string;
  readonly rank: number;
  readonly class: string;
  readonly classTitle: string;
  /** Glyph and CSS class of the finding's worst outcome. */
  readonly glyph: string;
  readonly cssClass: string;
  readonly sentence: string;
  readonly title: string;
  readonly who: string;
  readonly profiles: readonly string[];
  /** The microversion change responsible, or empty. */
  readonly change: string;
  readonly microversion: string | null;
  /** `horizon openstack_dashboard/api/nova.py (server_live_migrate) @ 23.0.0`, one per file. */
  readonly code: readonly string[];
  readonly cellCount: number;
  readonly cellsPerProfile: number;
  readonly outcomesText: string;
  readonly scenarios: readonly { readonly title: string; readonly scenario: string; readonly outcome: Outcome; readonly glyph: string; readonly targetsText: string; readonly cellCount: number }[];
  /** The cell that shows the finding best, to open its evidence. */
  readonly sampleCellId: string;
  /** Evidence group index of that cell (set by the report view), or null. */
  readonly evidence: number | null;
  readonly regressions: number;
}

function worstOutcome(outcomes: Readonly<Partial<Record<Outcome, number>>>): Outcome {
  // Drift first (silent), then the gate's order.
  if (outcomes.drift) return 'drift';
  return [...OUTCOMES].reverse().find((o) => (outcomes[o] ?? 0) > 0) ?? 'pass';
}

export function findingView(finding: Finding): FindingView {
  const legend = legendFor(worstOutcome(finding.outcomes));
  return {
    ref: finding.ref,
    rank: finding.rank,
    class: finding.class,
    classTitle: FINDING_CLASS_TITLES[finding.class],
    glyph: legend.glyph,
    cssClass: legend.cssClass,
    sentence: finding.sentence,
    title: finding.title,
    who: finding.who,
    profiles: finding.profiles,
    change: finding.cause.change,
    microversion: finding.cause.microversion,
    code: finding.code.map((c) => `${c.project} ${c.file} @ ${c.version}`),
    cellCount: finding.cellCount,
    cellsPerProfile: finding.cellsPerProfile,
    outcomesText: OUTCOMES.filter((o) => finding.outcomes[o]).map((o) => `${legendFor(o).label} ${finding.outcomes[o]}`).join(', '),
    scenarios: finding.scenarios.map((s) => ({ ...s, glyph: legendFor(s.outcome).glyph })),
    sampleCellId: finding.sampleCellId,
    evidence: null,
    regressions: finding.regressions,
  };
}

export interface DiffFindingView extends FindingView {
  readonly kind: ChangeKind;
  readonly kindTitle: string;
  readonly changesText: string;
  readonly before: string;
  readonly after: string;
}

export interface DiffSectionView {
  readonly kind: ChangeKind;
  readonly title: string;
  readonly cells: number;
  readonly findings: readonly DiffFindingView[];
  /** Findings of this kind left out of a capped view. */
  readonly more: number;
}

export interface DiffView {
  readonly from: string;
  readonly to: string;
  readonly compared: number;
  readonly unchanged: number;
  readonly added: number;
  readonly removed: number;
  readonly counts: Readonly<Record<ChangeKind, number>>;
  readonly changed: boolean;
  readonly sections: readonly DiffSectionView[];
}

function diffFindingView(finding: DiffFinding): DiffFindingView {
  return {
    ...findingView(finding),
    kind: finding.kind,
    kindTitle: CHANGE_KIND_TITLES[finding.kind],
    changesText: CHANGE_KINDS.filter((k) => finding.changes[k] > 0).map((k) => `${CHANGE_KIND_TITLES[k].toLowerCase()} ${finding.changes[k]}`).join(', '),
    before: finding.before,
    after: finding.after,
  };
}

/** The diff for the templates; `limit` caps the findings shown per kind. */
export function buildDiffView(diff: MatrixDiff, limit = Number.POSITIVE_INFINITY): DiffView {
  const sections = CHANGE_KINDS.map((kind) => {
    const all = diff.findings.filter((f) => f.kind === kind);
    return { kind, title: CHANGE_KIND_TITLES[kind], cells: diff.counts[kind], findings: all.slice(0, limit).map(diffFindingView), more: Math.max(0, all.length - limit) };
  }).filter((s) => s.findings.length > 0);
  return {
    from: diff.from,
    to: diff.to,
    compared: diff.compared,
    unchanged: diff.unchanged,
    added: diff.added,
    removed: diff.removed,
    counts: diff.counts,
    changed: sections.length > 0,
    sections,
  };
}
