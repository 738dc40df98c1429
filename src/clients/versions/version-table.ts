/**
 * The one resolver for behaviour that changes with a client's (or Python's) release: a table of
 * rows, each in force from its `since` version until the next row's. Every versioned
 * difference between client releases is a row in such a table, never an if over version
 * strings. Pure.
 */
import { compareClientVersions } from './client-version.js';

/** Behaviour `traits` in force from release `since` (inclusive) until the next row. */
export interface VersionRow<T> {
  readonly since: string;
  readonly traits: T;
}

/**
 * The traits in force at `version`: the last row whose `since` is at or below it. Rows may be
 * listed in any order. Throws when `version` is older than every row (a table must start at
 * or below every version it is asked about).
 */
export function resolveVersioned<T>(table: readonly VersionRow<T>[], version: string, what: string): T {
  let best: VersionRow<T> | undefined;
  for (const row of table) {
    if (compareClientVersions(row.since, version) > 0) continue;
    if (!best || compareClientVersions(row.since, best.since) > 0) best = row;
  }
  if (!best) throw new Error(`${what}: no behaviour row covers version ${version}`);
  return best.traits;
}
