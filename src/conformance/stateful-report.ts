/**
 * The stateful run's section of `reports/conformance.md`: a {@link ReleaseSummary} in mode
 * `full` (kept in `reports/conformance/<release>-full.json`), with agreement per matrix
 * scenario and the live-migration records the real control plane produced. Pure.
 */
import type { AllowList } from './allowlist.js';
import { summarizeRun, tally, type ReleaseSummary } from './report.js';
import type { StatefulRun } from './stateful.js';

export function summarizeStatefulRun(run: StatefulRun, allowList: AllowList): ReleaseSummary {
  const records: Record<string, number> = {};
  for (const r of run.results) {
    for (const m of r.extra.real.migrations) {
      const status = m.split(' ')[0]!;
      records[status] = (records[status] ?? 0) + 1;
    }
  }
  return {
    ...summarizeRun(run, allowList, 'full'),
    scenarios: tally(run.results, (r) => r.case.scenario),
    records: Object.fromEntries(Object.entries(records).sort(([a], [b]) => a.localeCompare(b))),
  };
}
