/**
 * The reports from a real run of the default matrix on the emulator: `mvmatrix run` writes all
 * four reports, the JUnit file validates, the Markdown has the legend and band-collapsed
 * tables; then a regression introduced on purpose fails the gate and shows up in the step
 * summary and the annotations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { MatrixResult } from '../../src/matrix/result.js';

const XSD = fileURLToPath(new URL('../fixtures/reports/junit.xsd', import.meta.url));
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint && process.env.CI === 'true') throw new Error('xmllint is missing (Debian package libxml2-utils): it must run in CI');

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('reports of the default matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mvm-run-reports-'));
  const out = join(dir, 'reports');
  let result: MatrixResult;

  beforeAll(async () => {
    const run = await cli(['run', '--out', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    result = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as MatrixResult;
  }, 300_000);

  it('writes matrix.json and the four reports', () => {
    for (const file of ['matrix.json', 'matrix.md', 'matrix.html', 'junit.xml', 'summary.md']) expect(existsSync(join(out, file))).toBe(true);
  });

  it('renders the legend and band-collapsed tables in Markdown', () => {
    const md = readFileSync(join(out, 'matrix.md'), 'utf8');
    expect(md).toContain('## Legend');
    const mvTargets = result.metadata.targets.filter((t) => t.id.startsWith('mv-')).length;
    const headers = md.split('\n').filter((l) => l.startsWith('| Scenario |'));
    expect(headers.length).toBeGreaterThan(0);
    for (const header of headers) expect(header.split('<br>').length - 1).toBeLessThan(mvTargets);
    expect(md).toMatch(/\| Scenario \| [^\n]*2\.30–[^\n]*<br><sub>as /);
  });

  it.skipIf(!hasXmllint)('writes a JUnit file with one test case per cell that validates against the schema', () => {
    const junit = join(out, 'junit.xml');
    const check = spawnSync('xmllint', ['--noout', '--schema', XSD, junit], { encoding: 'utf8' });
    expect(check.stderr).toContain('validates');
    expect(check.status).toBe(0);
    expect(readFileSync(junit, 'utf8').match(/<testcase /g)).toHaveLength(result.cells.length);
  });

  it('fails the gate, annotates and summarises a regression introduced on purpose', async () => {
    // The baseline claims the Disk-Over-Commit-as-force drift once passed: the run is now worse.
    const drift = result.cells.find((c) => c.profile === 'horizon@27.0.0' && c.outcome === 'drift')!;
    const cells = Object.fromEntries(result.cells.map((c) => [c.id, c.outcome]));
    cells[drift.id] = 'pass';
    const baseline = join(dir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ schemaVersion: 1, cells }));

    const gate = await cli(['check', '--from', join(out, 'matrix.json'), '--baseline', baseline, '--quiet']);
    expect(gate.code).toBe(1);

    const summary = join(dir, 'step-summary.md');
    const report = await cli(['report', '--from', join(out, 'matrix.json'), '--out', join(dir, 'again'), '--format', 'summary', '--baseline', baseline], {
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(`::error title=mvmatrix regression%3A horizon@27.0.0::${drift.id}: pass → drift.`);
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('✘ failed: 1 regression');
    expect(text).toContain(drift.id.replace(/\|/g, '\\|'));
  });
});
