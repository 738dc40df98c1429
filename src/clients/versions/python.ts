/**
 * How the Python of a client's Debian suite words the errors it raises before sending (the
 * refusal texts are compared verbatim with the real clients'). Pure.
 */
import type { VersionRow } from './version-table.js';

export interface PythonTraits {
  /** CPython 3.10 names methods by their qualified name in argument-binding TypeErrors (`Server.live_migrate()`, not `live_migrate()`). */
  readonly qualifiedNamesInTypeErrors: boolean;
  /** CPython 3.13 appends `. Did you mean '<parameter>'?` to an unexpected keyword argument's TypeError. */
  readonly suggestsKeywords: boolean;
}

export const PYTHON_TRAITS: readonly VersionRow<PythonTraits>[] = [
  { since: '3.9', traits: { qualifiedNamesInTypeErrors: false, suggestsKeywords: false } },
  { since: '3.10', traits: { qualifiedNamesInTypeErrors: true, suggestsKeywords: false } },
  { since: '3.13', traits: { qualifiedNamesInTypeErrors: true, suggestsKeywords: true } },
];
