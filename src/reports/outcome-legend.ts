/**
 * How each outcome is shown: glyph, label, meaning and CSS class. Every report uses this one
 * table, so a glyph means the same thing in Markdown, HTML and the step summary. Glyphs are
 * plain Unicode symbols (not emoji) so a headless browser with only DejaVu fonts draws them.
 * Pure.
 */
import { OUTCOMES, type Outcome } from '../matrix/result.js';

export interface OutcomeLegendEntry {
  readonly outcome: Outcome;
  readonly glyph: string;
  readonly label: string;
  readonly meaning: string;
  /** CSS class of the HTML cell: `o-pass`, `o-drift`... */
  readonly cssClass: string;
}

const ENTRIES: Readonly<Record<Outcome, Omit<OutcomeLegendEntry, 'outcome' | 'cssClass'>>> = {
  pass: { glyph: '✔', label: 'pass', meaning: 'Nova accepted the request and did what the client meant.' },
  degraded: { glyph: '◐', label: 'degraded', meaning: 'Accepted, but with weaker semantics than the client asked for (an option ignored or reinterpreted).' },
  'client-refused': { glyph: '⊘', label: 'client refused', meaning: 'The client refused before sending anything (e.g. the feature needs a newer microversion than the Nova offers).' },
  'expected-error': { glyph: '◇', label: 'expected error', meaning: 'Nova refused, and the scenario expects that refusal (e.g. a locked server).' },
  drift: { glyph: '⚠', label: 'drift', meaning: 'Accepted, but Nova did something other than what the user meant (e.g. the "Disk Over Commit" box arriving as `force`).' },
  rejected: { glyph: '✘', label: 'rejected', meaning: 'Nova rejected a request the client believes is valid (400/406/409 for this microversion).' },
  error: { glyph: '⚡', label: 'error', meaning: 'The run itself failed: no answer, a 5xx, or a transport error.' },
};

/** One entry per outcome, best first (the order of `OUTCOMES`). */
export const OUTCOME_LEGEND: readonly OutcomeLegendEntry[] = Object.freeze(
  OUTCOMES.map((outcome) => Object.freeze({ outcome, cssClass: `o-${outcome}`, ...ENTRIES[outcome] })),
);

/** Glyph shown for a (scenario, target) pair the run did not produce. */
export const MISSING_GLYPH = '·';

/** The legend entry of an outcome. */
export function legendFor(outcome: Outcome): OutcomeLegendEntry {
  return OUTCOME_LEGEND.find((entry) => entry.outcome === outcome)!;
}
