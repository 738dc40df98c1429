/**
 * Writes a release's conformance summary (`reports/conformance/<release>.json`) and renders
 * `reports/conformance.md` from every summary present, oldest release first. Adapter.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { findRelease } from '../microversion/releases.js';
import { renderConformanceReport, type MatrixSummary, type ReleaseSummary } from './report.js';

/** Saves a release's corpus summary (`<release>.json`) or matrix summary (`<release>.matrix.json`) and rewrites the report. */
export async function writeConformanceReport(reportsDir: string, summary: ReleaseSummary | MatrixSummary): Promise<void> {
  const dir = join(reportsDir, 'conformance');
  const name = 'cassette' in summary ? `${summary.release}.matrix.json` : `${summary.release}.json`;
  await writeFileAtomic(join(dir, name), `${JSON.stringify(summary, null, 2)}\n`);
  const summaries: ReleaseSummary[] = [];
  const matrices: MatrixSummary[] = [];
  for (const file of (await readdir(dir)).filter((n) => n.endsWith('.json'))) {
    const value = JSON.parse(await readFile(join(dir, file), 'utf8')) as ReleaseSummary | MatrixSummary;
    if ('cassette' in value) matrices.push(value);
    else summaries.push(value);
  }
  const order = (s: ReleaseSummary): number => findRelease(s.release)?.novaMajor ?? 0;
  summaries.sort((a, b) => order(a) - order(b));
  await writeFileAtomic(join(reportsDir, 'conformance.md'), renderConformanceReport(summaries, matrices));
}
