import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineFromResult, compareWithBaseline } from '../../../src/matrix/gate.js';
import type { CellResult, MatrixResult } from '../../../src/matrix/result.js';
import { buildGateView, escapeCommandData, escapeCommandProperty, gateAnnotations, renderAllReports, workflowCommand } from '../../../src/reports/index.js';
import { MAX_ANNOTATIONS } from '../../../src/reports/github-annotations.js';
import { loadMatrixSmall } from './fixture.js';

const REGRESSED = 'horizon-legacy|named-host|zed';

/** The fixture with one cell made worse on purpose: pass → rejected, with a multi-line explanation. */
function withRegression(result: MatrixResult): MatrixResult {
  const cells = result.cells.map((c): CellResult =>
    c.id === REGRESSED ? { ...c, outcome: 'rejected', explanation: '100% broken:\nNova said 400\r\nat 2.1' } : c,
  );
  return { ...result, cells };
}

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeCommandData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeCommandProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(workflowCommand('error', 't:1', 'x\ny')).toBe('::error title=t%3A1::x%0Ay');
  });

  it('caps the number of annotations and says how many were left out', () => {
    const change = { id: 'p|s|t', before: 'pass' as const, after: 'drift' as const, explanation: 'x' };
    const gate = buildGateView({ passed: false, regressions: Array(MAX_ANNOTATIONS + 5).fill(change), allowlisted: [], improvements: [], added: [], removed: [], expired: [], unchanged: 0, failures: ['x'] });
    const lines = gateAnnotations(gate);
    expect(lines).toHaveLength(MAX_ANNOTATIONS + 1);
    expect(lines[MAX_ANNOTATIONS]).toContain('5 more annotations omitted');
  });
});

describe('a regression introduced on purpose', () => {
  const original = loadMatrixSmall();
  const regressed = withRegression(original);
  const gate = compareWithBaseline(regressed, baselineFromResult(original), { entries: [] }, '2026-11-24');

  it('fails the gate', () => {
    expect(gate.passed).toBe(false);
    expect(gate.regressions.map((r) => r.id)).toEqual([REGRESSED]);
  });

  it('shows up in the step summary and as an escaped ::error annotation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvm-gh-'));
    const summaryFile = join(dir, 'step-summary.md');
    writeFileSync(summaryFile, '# earlier step\n');
    const written: string[] = [];
    await renderAllReports(regressed, {
      outDir: join(dir, 'reports'),
      gate,
      formats: ['summary'],
      github: { env: { GITHUB_STEP_SUMMARY: summaryFile, GITHUB_ACTIONS: 'true' }, write: (t) => void written.push(t) },
    });
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary.startsWith('# earlier step\n')).toBe(true);
    expect(summary).toContain('**Gate: ✘ failed: 1 regression**');
    expect(summary).toContain('| `horizon-legacy\\|named-host\\|zed` | pass | rejected | 100% broken: Nova said 400 at 2.1 |');
    expect(summary).toMatch(/\| ✘ rejected \| 30 \|/);
    expect(written).toEqual([
      '::error title=mvmatrix regression%3A horizon-legacy::horizon-legacy|named-host|zed: pass → rejected. 100%25 broken:%0ANova said 400%0D%0Aat 2.1\n',
    ]);
  });

  it('writes no summary and no annotation when not running under GitHub Actions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvm-gh-'));
    const written: string[] = [];
    const paths = await renderAllReports(regressed, { outDir: dir, gate, formats: ['summary'], github: { env: {}, write: (t) => void written.push(t) } });
    expect(paths).toEqual([join(dir, 'summary.md')]);
    expect(written).toEqual([]);
  });

  it('reports a clean gate as passed in the summary', async () => {
    const clean = compareWithBaseline(original, baselineFromResult(original), { entries: [] }, '2026-11-24');
    const dir = mkdtempSync(join(tmpdir(), 'mvm-gh-'));
    await renderAllReports(original, { outDir: dir, gate: clean, formats: ['summary'] });
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('**Gate: ✔ passed**');
  });
});
