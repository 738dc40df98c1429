/**
 * `mvmatrix diff` through the CLI entry: two result files, two profiles of one, JSON output, the
 * `--fail-on worse` exit code and bad input (exit 2).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { serializeMatrixResult } from '../../src/matrix/result-file.js';
import type { CellResult } from '../../src/matrix/result.js';
import { loadMatrixSmall } from '../unit/reports/fixture.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/reports/matrix-small.json', import.meta.url));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('mvmatrix diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mvm-diff-'));
  // "After": the proposed fix stops refusing Disk Over Commit at 2.25+ and drops it instead (v2 file).
  const small = loadMatrixSmall();
  const after = join(dir, 'after.json');
  const changed = small.cells.map((c): CellResult => (c.profile === 'horizon-proposed' && c.outcome === 'client-refused' ? { ...c, outcome: 'degraded', explanation: 'accepted at 2.68 but Disk Over Commit was dropped' } : c));
  writeFileSync(after, serializeMatrixResult({ ...small, cells: changed }));

  it('compares two result files (version 1 and 2) and says what got better', async () => {
    const run = await cli(['diff', FIXTURE, after]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const refused = small.cells.filter((c) => c.profile === 'horizon-proposed' && c.outcome === 'client-refused').length;
    expect(run.stdout).toContain(`# mvmatrix diff: ${FIXTURE} → ${after}`);
    expect(run.stdout).toContain(`${small.cells.length} cells compared: **0 changed meaning**, 0 worse, ${refused} better`);
    expect(run.stdout).toMatch(/\n## Better \(\d+ cells\)\n/);
  });

  it('compares two profiles of one result, "changed meaning" first, and exits 1 with --fail-on worse', async () => {
    const run = await cli(['diff', '--from', FIXTURE, '--profiles', 'horizon-legacy', 'horizon-60455e5ff', '--fail-on', 'worse']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').find((l) => l.startsWith('## '))).toMatch(/^## Changed meaning/);
    expect(run.stdout).toContain('**D1** horizon-60455e5ff: on Nova ≥ Newton (max ≥ 2.30), Disk Over Commit arrives at Nova as `force: true`');
    expect(run.stderr).toContain('changed meaning or got worse from horizon-legacy to horizon-60455e5ff');
  });

  it('writes the diff as JSON with the cells behind each finding', async () => {
    const run = await cli(['diff', '--from', FIXTURE, '--profiles', 'horizon-legacy', 'horizon-60455e5ff', '--format', 'json']);
    expect(run.code).toBe(0);
    const diff = JSON.parse(run.stdout) as { from: string; findings: { kind: string; cellIds: string[] }[] };
    expect(diff.from).toBe('horizon-legacy');
    expect(diff.findings[0]!.kind).toBe('changed-meaning');
    expect(diff.findings[0]!.cellIds.every((id) => id.startsWith('horizon-60455e5ff|'))).toBe(true);
  });

  it.each([
    ['one file', ['diff', FIXTURE], 'diff takes two result files'],
    ['an unknown profile', ['diff', '--from', FIXTURE, '--profiles', 'horizon-legacy', 'nope'], "profile 'nope' has no cells"],
    ['one profile', ['diff', '--from', FIXTURE, '--profiles', 'horizon-legacy'], '--profiles takes two profile ids'],
    ['a missing file', ['diff', FIXTURE, '/nonexistent/matrix.json'], 'file not found'],
    ['an unknown --fail-on', ['diff', FIXTURE, FIXTURE, '--fail-on', 'better'], "unknown --fail-on 'better'"],
  ])('exits 2 for %s, saying what is wrong', async (_name, args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
