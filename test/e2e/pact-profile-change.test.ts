/**
 * The point of the contracts: a deliberate change to a profile's request — horizon-proposed@27.0.0
 * suddenly sending `disk_over_commit` where Nova 2.25+ has no such field — fails verification
 * with Pact's own mismatch message, and the reports show it. Real Pact, the embedded emulator.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientProfile } from '../../src/clients/types.js';
import { main } from '../../src/cli/main.js';
import { CLIENTS } from '../../src/run/execute.js';
import { readMatrixResultFile } from '../../src/matrix/result-io.js';
import type { ClientsApi } from '../../src/run/run.js';
import { contractAnnotations } from '../../src/pact/contract-annotations.js';
import { generatePacts } from '../../src/pact/generate.js';
import { parseSummary, type VerificationSummary } from '../../src/pact/verification-summary.js';

const MATRIX = 'test/fixtures/pact/contract-small.yaml';
const CHANGED = 'horizon-proposed@27.0.0|auto-noblock-nodoc|zed';

/** horizon-proposed@27.0.0, changed: it now always sends `disk_over_commit` (false when unticked). */
const changedClients: ClientsApi = {
  ...CLIENTS,
  buildLiveMigration(profile: ClientProfile, intent, discovered, serverId) {
    const built = CLIENTS.buildLiveMigration(profile, intent, discovered, serverId);
    if (profile.id !== 'horizon-proposed@27.0.0' || built.kind !== 'request') return built;
    const body = built.request.body as { 'os-migrateLive': Record<string, unknown> };
    return { ...built, request: { ...built.request, body: { 'os-migrateLive': { disk_over_commit: false, ...body['os-migrateLive'] } } } };
  },
};

let verify: { code: number; out: string };
let summary: VerificationSummary;
let reportsDir: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'mvm-pact-change-'));
  const pactDir = join(root, 'pacts');
  reportsDir = join(root, 'reports');
  // The committed baseline records these cells as passing, so they are not pending.
  const baseline = JSON.parse(readFileSync('matrix/baseline.json', 'utf8'));
  expect(baseline.cells[CHANGED]).toBe('pass');
  await generatePacts({ matrixPath: MATRIX, outDir: pactDir, baseline, allowlist: { entries: [] }, clients: changedClients });
  let out = '';
  const code = await main(['verify', '--pacts', pactDir, '--provider', 'emulator', '--out', reportsDir], {
    env: { ...process.env, CI: undefined },
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    isTTY: false,
  });
  verify = { code, out };
  summary = parseSummary(readFileSync(join(reportsDir, 'pact', 'verification.json'), 'utf8'), 'verification.json');
});

describe('a deliberate change to a profile request', () => {
  it('fails verification (exit 1) with Pact\'s own mismatch message', () => {
    expect(verify.code).toBe(1);
    expect(verify.out).toContain(`- ${CHANGED} against emulator: expected 202 but was 400`);
    const result = summary.results.find((r) => r.description === CHANGED)!;
    expect(result).toMatchObject({ verdict: 'failed', pending: false, mismatch: 'expected 202 but was 400' });
    // What Nova said, as the observing proxy saw it: 2.25 removed disk_over_commit.
    expect(result.observed?.message).toContain("Additional properties are not allowed ('disk_over_commit' was unexpected)");
  });

  it('is shown in the JUnit report and in the per-cell contract annotations', () => {
    const junit = readFileSync(join(reportsDir, 'pact', 'emulator.junit.xml'), 'utf8');
    expect(junit).toContain(`name="${CHANGED}"><failure message="expected 202 but was 400" type="PactMismatch">`);
    expect(contractAnnotations(summary).get(CHANGED)).toEqual([
      { source: 'emulator', verdict: 'failed', pending: false, text: 'contract failed against the embedded emulator: expected 202 but was 400', mismatch: 'expected 202 but was 400' },
    ]);
  });

  it('reaches matrix.json and the HTML through run --contracts', async () => {
    const runOut = mkdtempSync(join(tmpdir(), 'mvm-pact-change-run-'));
    const code = await main(['run', '--matrix', MATRIX, '--out', runOut, '--quiet', '--contracts', join(reportsDir, 'pact', 'verification.json')], {
      env: { ...process.env, CI: undefined },
      stdout: () => undefined,
      stderr: () => undefined,
      isTTY: false,
    });
    expect(code).toBe(0);
    const cell = (await readMatrixResultFile(join(runOut, 'matrix.json'))).cells.find((c) => c.id === CHANGED)!;
    expect(cell.contracts).toEqual([
      { source: 'emulator', verdict: 'failed', pending: false, text: 'contract failed against the embedded emulator: expected 202 but was 400', mismatch: 'expected 202 but was 400' },
    ]);
    const html = readFileSync(join(runOut, 'matrix.html'), 'utf8');
    expect(html).toContain('<span class="contract" title="contract failed against the embedded emulator: expected 202 but was 400">✗</span>');
  });

  it('leaves the unchanged profile verified', () => {
    expect(summary.results.filter((r) => r.consumer === 'horizon@27.0.0' && !r.pending).every((r) => r.verdict === 'verified')).toBe(true);
  });
});
