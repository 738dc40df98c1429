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

/**
 * Saves a release's corpus summary, full-mode summary or matrix summary, and rewrites the report.
 * Several writers may run at once (the real-Nova suites run releases and files concurrently):
 * after writing the report each one reads the summaries again and renders once more if one
 * changed meanwhile, so the last report written always has every summary written before it.
 */
export async function writeConformanceReport(reportsDir: string, summary: ReleaseSummary | MatrixSummary): Promise<void> {
  const dir = join(reportsDir, 'conformance');
  await writeFileAtomic(join(dir, summaryFileName(summary)), `${JSON.stringify(summary, null, 2)}\n`);
  let rendered = await readSummaries(dir);
  for (;;) {
    await writeFileAtomic(join(reportsDir, 'conformance.md'), renderSummaries(rendered));
    const now = await readSummaries(dir);
    if (now.key === rendered.key) return;
    rendered = now;
  }
}

interface SummarySet {
  /** The summary files' names and texts: equal keys, equal report. */
  readonly key: string;
  readonly summaries: ReleaseSummary[];
  readonly matrices: MatrixSummary[];
}

async function readSummaries(dir: string): Promise<SummarySet> {
  const summaries: ReleaseSummary[] = [];
  const matrices: MatrixSummary[] = [];
  const texts: string[] = [];
  for (const file of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
    const text = await readFile(join(dir, file), 'utf8');
    texts.push(file, text);
    const value = JSON.parse(text) as ReleaseSummary | MatrixSummary;
    if ('cassette' in value) matrices.push(value);
    else summaries.push(value);
  }
  return { key: JSON.stringify(texts), summaries, matrices };
}

function renderSummaries({ summaries, matrices }: SummarySet): string {
  const order = (s: ReleaseSummary): number => (findRelease(s.release)?.novaMajor ?? 0) * 2 + (s.mode === 'full' ? 1 : 0);
  return renderConformanceReport([...summaries].sort((a, b) => order(a) - order(b)), matrices);
}
