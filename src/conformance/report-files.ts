/**
 * Writes a release's conformance summary (`reports/conformance/<release>.json`) and renders
 * `reports/conformance.md` from every summary present, oldest release first. Adapter.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { findRelease } from '../microversion/releases.js';
import { renderConformanceReport, type MatrixSummary, type ReleaseSummary } from './report.js';

/** `<release>.json` (API only), `<release>-full.json` (full control plane) or `<release>.matrix.json` (matrix cells). */
export function summaryFileName(summary: Pick<ReleaseSummary, 'release' | 'mode'> | MatrixSummary): string {
  if ('cassette' in summary) return `${summary.release}.matrix.json`;
  return `${summary.release}${summary.mode === 'full' ? '-full' : ''}.json`;
}

/** Saves a release's corpus summary, full-mode summary or matrix summary, and rewrites the report. */
export async function writeConformanceReport(reportsDir: string, summary: ReleaseSummary | MatrixSummary): Promise<void> {
  const dir = join(reportsDir, 'conformance');
  await writeFileAtomic(join(dir, summaryFileName(summary)), `${JSON.stringify(summary, null, 2)}\n`);
  const summaries: ReleaseSummary[] = [];
  const matrices: MatrixSummary[] = [];
  for (const file of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    const value = JSON.parse(await readFile(join(dir, file), 'utf8')) as ReleaseSummary | MatrixSummary;
    if ('cassette' in value) matrices.push(value);
    else summaries.push(value);
  }
  const order = (s: ReleaseSummary): number => (findRelease(s.release)?.novaMajor ?? 0) * 2 + (s.mode === 'full' ? 1 : 0);
  summaries.sort((a, b) => order(a) - order(b));
  await writeFileAtomic(join(reportsDir, 'conformance.md'), renderConformanceReport(summaries, matrices));
}
