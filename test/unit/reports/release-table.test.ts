import { describe, expect, it } from 'vitest';
import { buildReportView } from '../../../src/reports/index.js';
import { renderReport } from '../../../src/reports/index.js';
import { loadMatrixSmall, loadVersionedHorizon } from './fixture.js';

describe('the Horizon release × Nova release table', () => {
  const view = buildReportView(loadVersionedHorizon());
  const horizon = view.releaseTables[0]!;
  const row = (label: string) => horizon.rows.find((r) => r.label === label)!;
  const column = (release: string) => horizon.columns.findIndex((c) => c.releases.includes(release));

  it('has one row per Horizon release, oldest first, then the proposed fix, named from the profile metadata', () => {
    expect(view.releaseTables.map((t) => t.title)).toEqual(['Horizon']);
    expect(horizon.rows.map((r) => r.label)).toEqual(['23.0.0', '25.3.0', '27.0.0', "mvmatrix's proposed Horizon 0.1.0"]);
    expect(horizon.rows.map((r) => r.profile)).toEqual(['horizon@23.0.0', 'horizon@25.3.0', 'horizon@27.0.0', 'horizon-proposed']);
  });

  it('has Nova releases as columns, neighbours that agree on every row sharing one', () => {
    const releases = horizon.columns.flatMap((c) => c.releases);
    expect(releases[0]).toBe('liberty');
    expect(releases[releases.length - 1]).toBe('hibiscus');
    expect(releases).toHaveLength(23);
    expect(horizon.columns.map((c) => c.label)).toContain('Newton–Gazpacho');
    expect(horizon.columns[column('newton')]!.sublabel).toBe('2016.2–2026.1');
  });

  it('says 27.0.0 changes meaning from Newton on, naming the Disk Over Commit scenario and its finding', () => {
    const cell = row('27.0.0').cells[column('zed')]!;
    expect(cell).toMatchObject({ outcome: 'drift', verdict: 'changes meaning', worstScenario: 'disk-over-commit-host', worstScenarioTitle: 'Named host + Disk Over Commit' });
    expect(cell.failing).toBe(3); // drift, rejected, degraded
    expect(cell.scenarios).toBe(7);
    expect(cell.findings).toEqual([view.findings[0]!.ref]);
    expect(view.findings[0]!.who).toBe('Horizon 27.0.0');
    expect(row('27.0.0').cells[column('liberty')]!.outcome).toBe('degraded');
  });

  it('says the releases without the change only drop "auto", and counts the expected refusals as working', () => {
    for (const label of ['23.0.0', '25.3.0']) {
      const cell = row(label).cells[column('zed')]!;
      expect(cell).toMatchObject({ outcome: 'degraded', worstScenario: 'block-migration-auto', failing: 1, scenarios: 7 });
    }
  });

  it('names releases with identical cells together in one finding, oldest first', () => {
    const shared = view.findings.find((f) => f.profiles.includes('horizon@23.0.0'))!;
    expect(shared.profiles).toEqual(['horizon@23.0.0', 'horizon@25.3.0', 'horizon@27.0.0']);
    expect(shared.sentence).toMatch(/^Horizon 23.0.0, 25.3.0, 27.0.0: with the host left to the scheduler, on every Nova, Block Migration `"auto"` is sent as `block_migration: false`/);
    expect(shared.cellsPerProfile * 3).toBe(shared.cellCount);
  });

  it('is the first table of matrix.md and matrix.html, after the findings', async () => {
    const md = await renderReport('md', loadVersionedHorizon());
    const firstTable = md.indexOf('\n|');
    expect(md.indexOf('## Findings')).toBeLessThan(md.indexOf('## Horizon release × Nova release'));
    expect(md.slice(firstTable + 1)).toMatch(/^\| F\d+ |^\| Horizon \|/);
    expect(md.slice(md.indexOf('## Horizon release × Nova release'))).toMatch(/\n\| Horizon \|[^\n]*Newton–Gazpacho<br><sub>2016\.2–2026\.1<\/sub>/);
    const html = await renderReport('html', loadVersionedHorizon());
    expect(html.indexOf('<table class="release" data-family="horizon">')).toBeLessThan(html.indexOf('<table class="matrix"'));
    expect(html.indexOf('id="findings"')).toBeLessThan(html.indexOf('<table class="release"'));
  });

  it('falls back to profile ids, families taken from the id, when the result has no client metadata', () => {
    const fallback = buildReportView(loadMatrixSmall()).releaseTables;
    expect(fallback.map((t) => t.title)).toEqual(['Horizon']);
    expect(fallback[0]!.rows.map((r) => r.label)).toEqual(['horizon-legacy', 'horizon-60455e5ff', 'horizon-proposed']);
  });

  it('is left out when the run has no release targets', () => {
    const result = loadMatrixSmall();
    const cells = result.cells.filter((c) => c.target.id !== c.target.release);
    expect(buildReportView({ ...result, cells, metadata: { ...result.metadata, targets: result.metadata.targets.filter((t) => t.id !== t.release) } }).releaseTables).toEqual([]);
  });
});
