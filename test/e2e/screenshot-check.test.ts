/**
 * The README screenshot check (.github/scripts/screenshot-report.mjs): it writes the two
 * screenshots and the first-screen digest, passes when the committed digest matches the report,
 * and fails, saying what differs and how to refresh, when it does not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAllReports } from '../../src/reports/index.js';
import { loadMatrixSmall } from '../unit/reports/fixture.js';

const SCRIPT = fileURLToPath(new URL('../../.github/scripts/screenshot-report.mjs', import.meta.url));
const available = existsSync('/usr/bin/chromium');
if (!available && process.env.CI === 'true') throw new Error('/usr/bin/chromium is missing (Debian package chromium): the screenshot check must run in CI');

function screenshot(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe.skipIf(!available)('the README screenshot check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mvm-shot-'));
  const html = join(dir, 'matrix.html');

  beforeAll(async () => {
    await renderAllReports(loadMatrixSmall(), { outDir: dir, formats: ['html'] });
  });

  it('writes both screenshots and a digest of what the first screen shows, without the run date', () => {
    const out = join(dir, 'shots');
    const run = screenshot(html, out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const png of ['matrix.png', 'matrix-phone.png']) expect(statSync(join(out, png)).size).toBeGreaterThan(10_000);
    const digest = readFileSync(join(out, 'matrix.first-screen.txt'), 'utf8');
    expect(digest).toContain('title: Nova live-migration compatibility matrix');
    expect(digest).toMatch(/\n {2}⚠ F1 horizon-60455e5ff: Disk Over Commit → force: true \d+ cells\n/);
    expect(digest).toContain('Horizon release × Nova release:');
    expect(digest).not.toContain('2026-11-24T20:00:02');
  });

  it('passes against a matching digest and fails against a stale one, saying how to refresh', () => {
    const committed = join(dir, 'committed');
    expect(screenshot(html, committed).status).toBe(0);
    expect(screenshot(html, join(dir, 'again'), '--check', committed).status).toBe(0);
    const file = join(committed, 'matrix.first-screen.txt');
    writeFileSync(file, readFileSync(file, 'utf8').replace('F1 horizon-60455e5ff', 'F1 horizon-legacy'));
    const stale = screenshot(html, join(dir, 'stale'), '--check', committed);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('the committed screenshot is stale');
    expect(stale.stderr).toMatch(/- +⚠ F1 horizon-legacy/);
    expect(stale.stderr).toContain('bash scripts/ci/report-screenshot.sh --update');
  });
});
