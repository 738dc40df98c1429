/**
 * The short step summary: the top findings, the gate's verdict with the diff against the
 * baseline grouped into findings, counts by outcome and the cells that changed (capped, with
 * a count of the rest). Pure.
 */
import type { OutcomeCount, ReportView } from './view-model.js';
import type { GateChangeView, GateView } from './gate-view.js';
import type { DiffView, FindingView } from './findings-view.js';

/** At most this many cells per list in the summary. */
export const SUMMARY_LIST_LIMIT = 30;
/** Findings in the summary. */
export const SUMMARY_FINDINGS = 5;

export interface ChangeListView {
  readonly title: string;
  readonly items: readonly GateChangeView[];
  readonly more: number;
  readonly total: number;
}

export interface SummaryView {
  readonly findings: readonly FindingView[];
  readonly moreFindings: number;
  readonly diff: DiffView | null;
  readonly title: string;
  readonly cellCount: number;
  readonly counts: readonly OutcomeCount[];
  readonly provider: string;
  readonly gate: (GateView & { readonly lists: readonly ChangeListView[] }) | null;
}

function list(title: string, items: readonly GateChangeView[]): ChangeListView {
  return { title, items: items.slice(0, SUMMARY_LIST_LIMIT), more: Math.max(0, items.length - SUMMARY_LIST_LIMIT), total: items.length };
}

export function buildSummaryView(view: ReportView, gate: GateView | null): SummaryView {
  return {
    findings: view.findings.slice(0, SUMMARY_FINDINGS),
    moreFindings: Math.max(0, view.findings.length - SUMMARY_FINDINGS),
    diff: view.diff ? { ...view.diff, sections: view.diff.sections.map((s) => ({ ...s, findings: s.findings.slice(0, SUMMARY_FINDINGS), more: s.more + Math.max(0, s.findings.length - SUMMARY_FINDINGS) })) } : null,
    title: view.title,
    cellCount: view.cellCount,
    counts: view.counts,
    provider: view.provider,
    gate: gate
      ? {
          ...gate,
          lists: [
            list('Regressions', gate.regressions),
            list('Allow-listed regressions', gate.allowListed),
            list('Expired allow-list entries', gate.expired),
            list('Improvements', gate.improvements),
          ].filter((l) => l.total > 0),
        }
      : null,
  };
}
