/**
 * The reports from a real run of the default matrix on the emulator, gated against the
 * committed baseline: `mvmatrix run` writes all four reports; every report leads with the
 * 60455e5ff "Disk Over Commit → force" finding; the Markdown fits GitHub; the JUnit file
 * validates and has no failure on a gate-passing run; `mvmatrix diff` between Horizon without
 * and with 60455e5ff lists the finding as "changed meaning" first; then a regression
 * introduced on purpose fails the gate and shows up in the step summary and the annotations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { MatrixResult } from '../../src/matrix/result.js';
import { readMatrixResultFile } from '../../src/matrix/result-io.js';

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
    const run = await cli(['run', '--out', out, '--quiet', '--baseline', 'matrix/baseline.json', '--allowlist', 'matrix/allowlist.yaml'], { GITHUB_STEP_SUMMARY: join(dir, 'gate-summary.md') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    result = await readMatrixResultFile(join(out, 'matrix.json'));
  });

  /** The cells where Disk Over Commit was ticked (force not) and `force: true` went out, per profile. */
  function doc2force(profile: string): number {
    const intents = new Map(result.scenarios.map((s) => [s.id, s.intent]));
    return result.cells.filter((c) => {
      const body = (c.request?.body as { 'os-migrateLive'?: { force?: unknown } } | undefined)?.['os-migrateLive'];
      const intent = intents.get(c.scenario);
      return c.profile === profile && body?.force === true && intent?.diskOverCommit === true && intent.force !== true && (c.outcome === 'drift' || c.outcome === 'rejected');
    }).length;
  }

  it('puts the 60455e5ff "Disk Over Commit → force" finding at the top, among the "changes meaning" findings, with its cell count', () => {
    const count = doc2force('horizon@27.0.0');
    expect(count).toBeGreaterThan(0);
    const md = readFileSync(join(out, 'matrix.md'), 'utf8');
    // The newest Horizon's silent change of meaning leads, before the older releases' forced
    // named host (more cells, but only on releases users are moving away from).
    const heading = /\n### (F1) ⚠ Horizon 27\.0\.0: Disk Over Commit → `force: true`/.exec(md);
    expect(heading).not.toBeNull();
    const ref = heading![1]!;
    const first = md.slice(heading!.index + 1);
    expect(first.includes(`- **Cells:** ${count} (`) || first.includes(`, ${count} per profile`)).toBe(true);
    const html = readFileSync(join(out, 'matrix.html'), 'utf8');
    const li = html.slice(html.indexOf(`<li class="o-drift" id="${ref}"`));
    expect(li).toMatch(/^<li class="o-drift" id="F1"[^]*?Horizon 27\.0\.0[^<]*: Disk Over Commit → <code>force: true<\/code>/);
    expect(li.slice(0, li.indexOf('</li>'))).toMatch(new RegExp(`\\b${count} cells|\\b${count} per profile`));
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    const inSummary = new RegExp(`\\n${ref.slice(1)}\\. ⚠ \\*\\*${ref}\\*\\* Horizon 27\\.0\\.0[^\\n]*Disk Over Commit arrives at Nova as \`force: true\``);
    expect(summary).toMatch(inSummary);
    const step = readFileSync(join(dir, 'gate-summary.md'), 'utf8');
    expect(step).toContain('**Gate: ✔ passed**');
    expect(step).toMatch(inSummary);
  });

  it('keeps matrix.md under 300 KB, so GitHub renders it', () => {
    const bytes = statSync(join(out, 'matrix.md')).size;
    expect(bytes).toBeLessThan(300_000);
  });

  it.skipIf(!hasXmllint)('writes a JUnit file with no failure on a gate-passing run', () => {
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/^<testsuites name="mvmatrix" tests="\d+" failures="0" /m);
    expect(junit).not.toContain('<failure ');
  });

  it('diffs Horizon without and with 60455e5ff: "changed meaning" first, the Disk Over Commit → force finding', async () => {
    // Horizon 23.0.0 (bookworm, before the change) against 27.0.0 (forky/sid, with it).
    const diff = await cli(['diff', '--from', join(out, 'matrix.json'), '--profiles', 'horizon@23.0.0', 'horizon@27.0.0']);
    expect(diff.code).toBe(0);
    const sections = diff.stdout.split('\n').filter((l) => l.startsWith('## '));
    expect(sections[0]).toMatch(/^## Changed meaning \(/);
    expect(diff.stdout).toMatch(/\n1\. ⚠ \*\*D1\*\* Horizon 27\.0\.0: [^\n]*Disk Over Commit arrives at Nova as `force: true`/);
    // The old ids are aliases of those releases.
    const byAlias = await cli(['diff', '--from', join(out, 'matrix.json'), '--profiles', 'horizon-legacy', 'horizon-60455e5ff']);
    expect(byAlias.stdout).toBe(diff.stdout);
    const failing = await cli(['diff', '--from', join(out, 'matrix.json'), '--profiles', 'horizon@23.0.0', 'horizon@27.0.0', '--fail-on', 'worse']);
    expect(failing.code).toBe(1);
  });

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
