/**
 * What a cell's user sees happen, in a few words: "host forced, scheduler bypassed",
 * "400 `Can't force to a non-provided destination`". Findings list one effect per kind of host
 * choice, outcome and answer. Pure.
 */
import { compareMicroversions, mv } from '../microversion/version.js';
import type { CellFacts } from './cell-facts.js';
import { codeSpan, plain } from './text.js';

const MV_2_30 = mv('2.30');

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The explanation's own words after "but", without its citations in brackets. */
function explained(facts: CellFacts): string {
  const text = facts.cell.explanation;
  const after = text.includes(' but ') ? text.slice(text.indexOf(' but ') + 5) : text;
  return plain(shorten(after.replace(/\s*\([^()]*(\([^()]*\)[^()]*)*\)/g, '').trim(), 140));
}

/** The named host was forced past the scheduler by this request. */
function hostForced(f: CellFacts): boolean {
  if (f.hostKind !== 'named' || !f.body) return false;
  if (f.body['force'] === true) return true;
  return f.effective !== null && compareMicroversions(f.effective, MV_2_30) < 0;
}

/** A few words on what the user experiences in this cell. */
export function effectOf(f: CellFacts): string {
  const { cell } = f;
  switch (cell.outcome) {
    case 'drift':
      if (f.negative) return 'accepted, although it should be refused';
      return hostForced(f) ? 'host forced, scheduler bypassed' : explained(f);
    case 'degraded':
      return 'accepted without it';
    case 'client-refused':
      return 'refused before sending';
    default:
      if (cell.response && cell.response.status < 300 && cell.migration) return `accepted, then the migration ends in ${cell.migration.status}`;
      if (cell.response && f.fault !== null) return `${cell.response.status} ${codeSpan(shorten(f.fault, 90))}`;
      return explained(f);
  }
}
