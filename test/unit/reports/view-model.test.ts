import { describe, expect, it } from 'vitest';
import { buildReportView } from '../../../src/reports/view-model.js';
import { OUTCOMES } from '../../../src/matrix/result.js';
import { loadMatrixSmall } from './fixture.js';

const view = buildReportView(loadMatrixSmall());
const profile = (id: string) => view.profiles.find((p) => p.id === id)!;
const table = (id: string, kind: string) => profile(id).tables.find((t) => t.kind === kind)!;

describe('report view model', () => {
  it('collapses the 60455e5ff microversion columns into the bands before and from 2.30', () => {
    const mv = table('horizon-60455e5ff', 'microversion');
    expect(mv.columns.map((c) => c.label)).toEqual(['2.1–2.29', '2.30–2.104']);
    expect(mv.columns.map((c) => c.width)).toEqual([5, 7]);
    expect(mv.targetCount).toBe(12);
  });

  it('collapses releases per profile: one band for the legacy profile, two for 60455e5ff', () => {
    expect(table('horizon-legacy', 'release').columns.map((c) => c.label)).toEqual(['Liberty–Hibiscus']);
    const releases = table('horizon-60455e5ff', 'release').columns;
    expect(releases.map((c) => c.label)).toEqual(['Liberty–Mitaka', 'Newton–Hibiscus']);
    expect(releases[1]!.sublabel).toBe('2016.2–2026.2');
    expect(releases[1]!.bandLabel).toBe('Newton–Hibiscus');
    expect(table('horizon-60455e5ff', 'microversion').columns[1]!.bandLabel).toBe('max 2.30–2.104');
  });

  it('keeps the single development-release error in a column of its own', () => {
    const columns = table('horizon-proposed', 'release').columns;
    expect(columns[columns.length - 1]!.label).toBe('Hibiscus');
    const row = table('horizon-proposed', 'release').rows.find((r) => r.scenario === 'auto-schedule')!;
    expect(row.cells[row.cells.length - 1]!.outcome).toBe('error');
  });

  it('shows the Disk Over Commit drift from 2.30 on with its evidence and its finding', () => {
    const row = table('horizon-60455e5ff', 'microversion').rows.find((r) => r.scenario === 'disk-over-commit-host')!;
    expect(row.cells.map((c) => c.outcome)).toEqual(['pass', 'drift']);
    const group = view.evidence[row.cells[1]!.evidence[0]!]!;
    expect(group.outcome).toBe('drift');
    expect(group.request).toContain('"force": true');
    expect(row.cells[1]!.refsText).toBe('F1');
    expect(view.findings[0]!.title).toContain('Disk Over Commit → `force: true`');
  });

  it('leaves the contract notes empty unless asked, and shows them per band cell when given', () => {
    expect(view.profiles.every((p) => p.tables.every((t) => t.rows.every((r) => r.cells.every((c) => c.contracts.length === 0))))).toBe(true);
    const note = { source: 'nova-zed', verdict: 'verified', pending: false, text: 'contract verified against nova-zed' };
    const annotated = buildReportView(loadMatrixSmall(), { contractsFor: (ids) => (ids.some((id) => id.startsWith('horizon-proposed|')) ? [note] : []) });
    const cell = annotated.profiles.find((p) => p.id === 'horizon-proposed')!.tables[0]!.rows[0]!.cells[0]!;
    expect(cell.contracts).toEqual([note]);
  });

  it('has one row per scenario and counts every cell once', () => {
    for (const p of view.profiles) for (const t of p.tables) expect(t.rows).toHaveLength(7);
    expect(view.counts.reduce((n, c) => n + c.count, 0)).toBe(756);
    expect(view.counts.map((c) => c.outcome)).toEqual([...OUTCOMES]);
    expect(view.counts.every((c) => c.count > 0)).toBe(true);
  });

  it('numbers only non-pass evidence groups, consecutively, and covers every cell exactly once', () => {
    const refs = view.evidence.filter((g) => g.ref !== null).map((g) => g.ref);
    expect(refs).toEqual(refs.map((_, i) => i + 1));
    expect(view.evidence.filter((g) => g.outcome === 'pass').every((g) => g.ref === null)).toBe(true);
    expect(view.evidence.reduce((n, g) => n + g.cellCount, 0)).toBe(756);
  });

  it('marks a scenario the run did not produce for a target as not run', () => {
    const result = loadMatrixSmall();
    const cells = result.cells.filter((c) => c.id !== 'horizon-legacy|named-host|zed');
    const legacy = buildReportView({ ...result, cells }).profiles.find((p) => p.id === 'horizon-legacy')!;
    const releases = legacy.tables.find((t) => t.kind === 'release')!;
    const zedColumn = releases.columns.findIndex((c) => c.targetIds.includes('zed'));
    expect(releases.columns[zedColumn]!.targetIds).toEqual(['zed']);
    expect(releases.rows.find((r) => r.scenario === 'named-host')!.cells[zedColumn]!.label).toBe('not run');
  });

  it('redacts the auth token from the evidence it publishes', () => {
    expect(view.evidence.some((g) => g.request?.includes('admin:6f70'))).toBe(false);
    expect(view.evidence.some((g) => g.request?.includes('x-auth-token: <redacted>'))).toBe(true);
  });
});
