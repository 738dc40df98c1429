import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/reports/matrix-small.json', import.meta.url));

async function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'mvm-report-'));

describe('mvmatrix report', () => {
  it('re-renders all four reports from a matrix.json', async () => {
    const out = tempDir();
    const { code, stdout } = await run(['report', '--from', FIXTURE, '--out', out]);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'matrix.html', 'matrix.md', 'summary.md']);
    expect(stdout).toContain(`wrote ${join(out, 'matrix.html')}`);
    expect(readFileSync(join(out, 'matrix.md'), 'utf8')).toContain('## Legend');
  });

  it('writes only the formats asked for', async () => {
    const out = tempDir();
    expect((await run(['report', '--from', FIXTURE, '--out', out, '--format', 'junit,md'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['junit.xml', 'matrix.md']);
  });

  it('uses a user template when --templates has one, and the built-in ones for the rest', async () => {
    const out = tempDir();
    const templates = tempDir();
    writeFileSync(join(templates, 'matrix.md.hbs'), 'cells={{cellCount}} first={{profiles.0.title}} esc={{profiles.0.tables.0.rows.6.scenarioTitle}}\n');
    expect((await run(['report', '--from', FIXTURE, '--out', out, '--templates', templates])).code).toBe(0);
    expect(readFileSync(join(out, 'matrix.md'), 'utf8')).toBe('cells=756 first=Horizon before 60455e5ff (Zed) esc=Host name &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;\n');
    expect(readFileSync(join(out, 'matrix.html'), 'utf8')).toContain('<!DOCTYPE html>');
  });

  it('rejects a broken user template with exit 2, naming the template and writing nothing', async () => {
    const out = tempDir();
    const templates = tempDir();
    writeFileSync(join(templates, 'junit.xml.hbs'), '{{#each suites}}never closed');
    const { code, stderr } = await run(['report', '--from', FIXTURE, '--out', out, '--templates', templates]);
    expect(code).toBe(2);
    expect(stderr).toContain(join(templates, 'junit.xml.hbs'));
    expect(readdirSync(out)).toEqual([]);
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'nope.json'), 'file not found'],
    ['invalid JSON', (dir: string) => (writeFileSync(join(dir, 'bad.json'), '{"schemaVersion": 1,'), join(dir, 'bad.json')), 'invalid JSON'],
    ['another schema version', (dir: string) => (writeFileSync(join(dir, 'v3.json'), '{"schemaVersion": 3}'), join(dir, 'v3.json')), 'unsupported schemaVersion 3'],
  ])('exits 2 naming the file for %s', async (_name, make, message) => {
    const dir = tempDir();
    const file = make(dir);
    const { code, stderr } = await run(['report', '--from', file, '--out', join(dir, 'out')]);
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toContain(message);
  });

  it('exits 2 for an unknown format or a missing templates directory', async () => {
    const dir = tempDir();
    expect((await run(['report', '--from', FIXTURE, '--out', dir, '--format', 'pdf'])).code).toBe(2);
    const missing = join(dir, 'no-templates');
    const { code, stderr } = await run(['report', '--from', FIXTURE, '--out', dir, '--templates', missing]);
    expect(code).toBe(2);
    expect(stderr).toContain(missing);
  });

  it('with --baseline, puts the gate verdict in the summary and annotates regressions under GitHub Actions', async () => {
    const dir = tempDir();
    const result = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { cells: { id: string; outcome: string }[] };
    const cells = Object.fromEntries(result.cells.map((c) => [c.id, c.outcome]));
    cells['horizon-60455e5ff|disk-over-commit-host|zed'] = 'pass'; // the baseline predates the drift
    mkdirSync(join(dir, 'matrix'));
    writeFileSync(join(dir, 'matrix', 'baseline.json'), JSON.stringify({ schemaVersion: 1, cells }));
    const summaryFile = join(dir, 'summary-step.md');
    const { code, stdout } = await run(
      ['report', '--from', FIXTURE, '--out', join(dir, 'out'), '--format', 'summary', '--baseline', join(dir, 'matrix', 'baseline.json')],
      { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile },
    );
    expect(code).toBe(0);
    expect(stdout).toContain('::error title=mvmatrix regression%3A horizon-60455e5ff::horizon-60455e5ff|disk-over-commit-host|zed: pass → drift.');
    expect(readFileSync(summaryFile, 'utf8')).toContain('✘ failed: 1 regression');
  });
});
