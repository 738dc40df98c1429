import { describe, expect, it } from 'vitest';
import type { CellResult, CellTarget, MatrixResult, Outcome } from '../../../src/matrix/result.js';
import { NOVA_RELEASES } from '../../../src/microversion/releases.js';
import { formatMicroversion } from '../../../src/microversion/version.js';
import { buildReportView, renderReport } from '../../../src/reports/index.js';

/** ~61k cells: 6 profiles × 80 scenarios × (23 releases + 104 maximum microversions). */
function largeMatrix(): MatrixResult {
  const targets: CellTarget[] = NOVA_RELEASES.map((r) => ({ id: r.name, release: r.name, maxMicroversion: formatMicroversion(r.maxMicroversion) }));
  for (let minor = 1; minor <= 104; minor++) {
    const release = NOVA_RELEASES.find((r) => r.maxMicroversion.minor >= minor)!;
    targets.push({ id: `mv-2.${minor}`, release: release.name, maxMicroversion: `2.${minor}` });
  }
  const profiles = Array.from({ length: 6 }, (_, i) => ({ id: `profile-${i}`, title: `Profile ${i}` }));
  const scenarios = Array.from({ length: 80 }, (_, i) => ({ id: `scenario-${i}`, title: `Scenario ${i}` }));
  const cells: CellResult[] = [];
  for (const p of profiles) {
    for (const [si, s] of scenarios.entries()) {
      for (const t of targets) {
        const minor = Number(t.maxMicroversion.split('.')[1]);
        const band = minor < 25 ? 0 : minor < 30 ? 1 : minor < 68 ? 2 : 3;
        const outcome: Outcome = (['pass', 'degraded', 'drift', 'rejected'] as const)[(band + si) % 4]!;
        cells.push({
          id: `${p.id}|${s.id}|${t.id}`,
          profile: p.id,
          scenario: s.id,
          target: t,
          outcome,
          explanation: `band ${band}`,
          request: { method: 'POST', path: `/v2.1/servers/${cells.length}/action`, headers: {}, body: { 'os-migrateLive': { host: null, block_migration: false } } },
          response: { status: outcome === 'rejected' ? 400 : 202, headers: {}, body: null },
          effectiveMicroversion: t.maxMicroversion,
        });
      }
    }
  }
  return {
    schemaVersion: 1,
    metadata: { mvmatrixVersion: '0.1.0', matrixFile: 'big.yaml', matrixHash: 'x', provider: 'emulator', targets, startedAt: '2026-11-24T20:00:00Z', finishedAt: '2026-11-24T20:01:00Z', durationMs: 60000 },
    profiles,
    scenarios,
    cells,
  };
}

describe('a 60k-cell matrix', () => {
  const result = largeMatrix();

  it('collapses 104 microversion columns into the four bands where behaviour changes', () => {
    const view = buildReportView(result);
    const mv = view.profiles[0]!.tables.find((t) => t.kind === 'microversion')!;
    expect(mv.targetCount).toBe(104);
    expect(mv.columns.map((c) => c.label)).toEqual(['2.1–2.24', '2.25–2.29', '2.30–2.67', '2.68–2.104']);
  });

  it('renders HTML with one DOM cell per band, not per matrix cell, and evidence grouped', async () => {
    expect(result.cells.length).toBe(60_960);
    const view = buildReportView(result);
    const html = await renderReport('html', result);
    const tds = html.match(/<td class="cell /g)?.length ?? 0;
    const expected = view.profiles.reduce((n, p) => n + p.tables.reduce((m, t) => m + t.rows.length * t.columns.length, 0), 0);
    expect(tds).toBe(expected);
    expect(tds).toBeLessThan(result.cells.length / 10);
    expect(view.evidence.length).toBeLessThan(result.cells.length / 20);
    expect(html.length).toBeLessThan(3_000_000);
    const releaseTds = html.match(/<td class="rcell /g)?.length ?? 0;
    expect(releaseTds).toBe(view.releaseTables.reduce((n, t) => n + t.rows.length * t.columns.length, 0));
  });
});
