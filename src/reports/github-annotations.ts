/**
 * GitHub Actions workflow commands (`::error title=…::message`) for regressions, escaped per
 * GitHub's rules: in the message `%`, `\r`, `\n`; in property values also `:` and `,`.
 * Pure: returns lines; the caller writes them to stdout.
 */
import type { GateView } from './gate-view.js';

/** Escapes a workflow-command message. */
export function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value (`title=`). */
export function escapeCommandProperty(value: string): string {
  return escapeCommandData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line (without the trailing newline). */
export function workflowCommand(level: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${level} title=${escapeCommandProperty(title)}::${escapeCommandData(message)}`;
}

/** GitHub shows only the first few annotations per step; more is noise. */
export const MAX_ANNOTATIONS = 50;

/** `::error` per regression, `::warning` per allow-listed regression and expired allow-list entry. */
export function gateAnnotations(gate: GateView): string[] {
  const lines: string[] = [];
  for (const r of gate.regressions) {
    lines.push(workflowCommand('error', `mvmatrix regression: ${r.profile}`, `${r.id}: ${r.before ?? 'new'} → ${r.after ?? 'missing'}. ${r.explanation}`.trim()));
  }
  for (const r of gate.allowListed) {
    lines.push(workflowCommand('warning', `mvmatrix allow-listed: ${r.profile}`, `${r.id}: ${r.before ?? 'new'} → ${r.after ?? 'missing'}. ${r.explanation}`.trim()));
  }
  for (const r of gate.expired) {
    lines.push(workflowCommand('warning', 'mvmatrix allow-list entry expired', `${r.id}: ${r.explanation}. Fix the cell or renew the entry.`));
  }
  if (lines.length <= MAX_ANNOTATIONS) return lines;
  const hidden = lines.length - MAX_ANNOTATIONS;
  return [...lines.slice(0, MAX_ANNOTATIONS), workflowCommand('warning', 'mvmatrix', `${hidden} more annotations omitted; see the step summary and reports/matrix.md.`)];
}
