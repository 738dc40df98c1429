/**
 * Writes a release's conformance summary (`reports/conformance/<release>.json`) and renders
 * `reports/conformance.md` from every summary present, oldest release first. Adapter.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { findRelease } from '../microversion/releases.js';
import { renderConformanceReport, type ReleaseSummary } from './report.js';

/** `<release>.json` (API only) or `<release>-full.json` (full control plane). */
export function summaryFileName(summary: Pick<ReleaseSummary, 'release' | 'mode'>): string {
  return `${summary.release}${summary.mode === 'full' ? '-full' : ''}.json`;
}

/** Saves `summary` under `<reportsDir>/conformance/` and rewrites `<reportsDir>/conformance.md`. */
export async function writeConformanceReport(reportsDir: string, summary: ReleaseSummary): Promise<void> {
  const dir = join(reportsDir, 'conformance');
  await writeFileAtomic(join(dir, summaryFileName(summary)), `${JSON.stringify(summary, null, 2)}\n`);
  const summaries: ReleaseSummary[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    summaries.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as ReleaseSummary);
  }
  const order = (s: ReleaseSummary): number => (findRelease(s.release)?.novaMajor ?? 0) * 2 + (s.mode === 'full' ? 1 : 0);
  summaries.sort((a, b) => order(a) - order(b));
  await writeFileAtomic(join(reportsDir, 'conformance.md'), renderConformanceReport(summaries));
}
