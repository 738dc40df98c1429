/**
 * `mvmatrix pact`, `verify` and `can-i-deploy` end to end with the real Pact library (PactV4
 * mock server, the Rust verifier) against the embedded emulator. Needs `npm run build` (the
 * verifier runs in dist/pact/verify-worker.js), which `npm test` does first.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readMatrixResultFile } from '../../src/matrix/result-io.js';
import { DEFAULT_WORLD } from '../../src/nova/world.js';
import { generatePacts, type GenerateSummary } from '../../src/pact/generate.js';
import { parseSummary, type VerificationSummary } from '../../src/pact/verification-summary.js';

const MATRIX = 'test/fixtures/pact/contract-small.yaml';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { env: { ...process.env, CI: undefined }, stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

function pactFiles(dir: string): Array<{ name: string; text: string; json: any }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, json: JSON.parse(text) };
    });
}

let pactDir: string;
let reportsDir: string;
let generated: GenerateSummary;
let verify: { code: number; out: string; err: string };
let summary: VerificationSummary;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'mvm-pact-e2e-'));
  pactDir = join(root, 'pacts');
  reportsDir = join(root, 'reports');
  generated = await generatePacts({ matrixPath: MATRIX, outDir: pactDir, baseline: null, allowlist: { entries: [] } });
  verify = await cli(['verify', '--pacts', pactDir, '--provider', 'emulator', '--out', reportsDir]);
  summary = parseSummary(readFileSync(join(reportsDir, 'pact', 'verification.json'), 'utf8'), 'verification.json');
});

describe('mvmatrix pact', () => {
  it('writes one Pact V4 file per consumer × provider, one interaction per cell that sent a request', () => {
    const files = pactFiles(pactDir);
    expect(files.map((f) => f.name)).toEqual([
      'horizon-proposed@27.0.0-nova-max-2.24.json',
      'horizon-proposed@27.0.0-nova-zed.json',
      'horizon@27.0.0-nova-max-2.24.json',
      'horizon@27.0.0-nova-zed.json',
    ]);
    for (const { json } of files) {
      expect(json.metadata.pactSpecification.version).toBe('4.0');
      expect(json.metadata['pact-js'].version).toBe('16.5.0');
    }
    const descriptions = files.flatMap((f) => f.json.interactions.map((i: { description: string }) => i.description));
    expect(descriptions).toContain('horizon@27.0.0|named-noblock-doc|zed');
    expect(new Set(descriptions).size).toBe(descriptions.length);
    expect(descriptions).toHaveLength(generated.interactions);
    // horizon-proposed@27.0.0 refuses Disk Over Commit on a Nova without it: no request, no interaction.
    expect(descriptions).not.toContain('horizon-proposed@27.0.0|auto-noblock-doc|zed');
    expect(generated.interactions + generated.withoutRequest).toBe(generated.cells);
  });

  it('takes the server id from the provider state and states the world with parameters', () => {
    const zed = pactFiles(pactDir).find((f) => f.name === 'horizon@27.0.0-nova-zed.json')!.json;
    const shutoff = zed.interactions.find((i: { description: string }) => i.description === 'horizon@27.0.0|shutoff-server|zed');
    expect(shutoff.providerStates).toEqual([
      { name: 'server {template} on {host}', params: { host: 'compute-01', template: 'shutoff' } },
      { name: 'caller is {role}', params: { role: 'admin' } },
    ]);
    expect(shutoff.request.generators.path).toEqual({ expression: '/v2.1/servers/${serverId}/action', type: 'ProviderState' });
    expect(shutoff.response.status).toBe(409);
    expect(shutoff.response.matchingRules.body['$.conflictingRequest.message'].matchers[0].match).toBe('regex');
    // The request exactly as the profile builds it (60455e5ff: 2.30, disk_over_commit shifted into force).
    const doc = zed.interactions.find((i: { description: string }) => i.description === 'horizon@27.0.0|auto-noblock-doc|zed');
    expect(doc.request.body.content).toEqual({ 'os-migrateLive': { host: null, block_migration: false, force: true } });
    expect(doc.request.headers['x-openstack-nova-api-version']).toEqual(['2.30']);
    expect(doc.pending).toBe(true);
  });

  it('never writes a token: only a placeholder, which the caller state replaces', () => {
    const project = DEFAULT_WORLD.projectId;
    for (const { name, text, json } of pactFiles(pactDir)) {
      expect(text, name).not.toContain(project);
      expect(text, name).not.toMatch(/(admin|member):/);
      for (const interaction of json.interactions) {
        expect(interaction.request.headers['x-auth-token']).toEqual(['<redacted>']);
        expect(interaction.request.generators.header['x-auth-token']).toEqual({ expression: '${token}', type: 'ProviderState' });
      }
    }
  });

  it('writes the same bytes when run again', async () => {
    const again = join(mkdtempSync(join(tmpdir(), 'mvm-pact-again-')), 'pacts');
    await generatePacts({ matrixPath: MATRIX, outDir: again, baseline: null, allowlist: { entries: [] } });
    expect(pactFiles(again).map((f) => [f.name, f.text])).toEqual(pactFiles(pactDir).map((f) => [f.name, f.text]));
  });
});

describe('mvmatrix verify against the emulator', () => {
  it('verifies every interaction that is not pending, and reports the pending ones with Pact\'s mismatch', () => {
    expect(verify.code, verify.out + verify.err).toBe(0);
    const results = summary.results;
    expect(results).toHaveLength(generated.interactions);
    expect(results.filter((r) => !r.pending).every((r) => r.verdict === 'verified')).toBe(true);
    const bug = results.find((r) => r.description === 'horizon@27.0.0|auto-noblock-doc|zed')!;
    expect(bug).toMatchObject({ verdict: 'failed', pending: true, mismatch: 'expected 202 but was 400' });
    expect(bug.observed).toEqual({ status: 400, message: "Can't force to a non-provided destination" });
    // The non-admin interaction passes only with the member's token, which came from the state.
    expect(results.find((r) => r.description === 'horizon@27.0.0|non-admin|zed')!.verdict).toBe('verified');
  });

  it('writes Pact JSON and JUnit per source', () => {
    const files = readdirSync(join(reportsDir, 'pact')).sort();
    expect(files).toEqual(['emulator.junit.xml', 'emulator.pact-results.json', 'verification.json']);
    const raw = JSON.parse(readFileSync(join(reportsDir, 'pact', 'emulator.pact-results.json'), 'utf8'));
    expect(raw.runs.map((r: { target: string }) => r.target).sort()).toEqual(['mv-2.24', 'zed']);
    expect(raw.runs[0].pact.interactionResults.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(join(reportsDir, 'pact', file), 'utf8'), file).not.toContain(DEFAULT_WORLD.projectId);
    const junit = readFileSync(join(reportsDir, 'pact', 'emulator.junit.xml'), 'utf8');
    expect(junit).toContain('<testcase classname="horizon@27.0.0 → nova-zed" name="horizon@27.0.0|auto-noblock-doc|zed"><skipped message="pending, failed: expected 202 but was 400"/>');
  });
});

describe('contracts in the matrix reports', () => {
  it('run --contracts puts each contract cell\'s verdicts in matrix.json and a mark in the HTML; report keeps them', async () => {
    const runOut = mkdtempSync(join(tmpdir(), 'mvm-pact-run-'));
    const run = await cli(['run', '--matrix', MATRIX, '--out', runOut, '--quiet', '--contracts', join(reportsDir, 'pact', 'verification.json')]);
    expect(run.code, run.out + run.err).toBe(0);
    const result = await readMatrixResultFile(join(runOut, 'matrix.json'));
    expect(result.cells.find((c) => c.id === 'horizon-proposed@27.0.0|auto-noblock-nodoc|zed')!.contracts).toEqual([
      { source: 'emulator', verdict: 'verified', pending: false, text: 'contract verified against the embedded emulator' },
    ]);
    // A refused cell has no interaction, so no contract.
    expect(result.cells.find((c) => c.id === 'horizon-proposed@27.0.0|auto-noblock-doc|zed')!.contracts).toBeUndefined();
    const html = readFileSync(join(runOut, 'matrix.html'), 'utf8');
    expect(html).toContain('<span class="contract" title="contract verified against the embedded emulator">✓</span>');
    expect(html).toContain('<span class="contract" title="pending contract failed against the embedded emulator: expected 202 but was 400">?</span>');
    const again = mkdtempSync(join(tmpdir(), 'mvm-pact-report-'));
    expect((await cli(['report', '--from', join(runOut, 'matrix.json'), '--out', again, '--format', 'html'])).code).toBe(0);
    expect(readFileSync(join(again, 'matrix.html'), 'utf8')).toContain('title="contract verified against the embedded emulator">✓</span>');
  });

  it('run --contracts with a file that is not a verification summary exits 2 before running', async () => {
    const run = await cli(['run', '--matrix', MATRIX, '--out', mkdtempSync(join(tmpdir(), 'mvm-pact-bad-')), '--contracts', MATRIX]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('not JSON');
  });
});

describe('mvmatrix can-i-deploy', () => {
  it('says no for Horizon with 60455e5ff on Zed (asked by its alias), naming the interactions that block it', async () => {
    const run = await cli(['can-i-deploy', '--consumer', 'horizon-60455e5ff', '--to', 'zed', '--results', join(reportsDir, 'pact', 'verification.json')]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('no: horizon@27.0.0 cannot be deployed with nova-zed');
    expect(run.out).toContain('- horizon@27.0.0|auto-noblock-doc|zed (pending): failed against emulator: expected 202 but was 400');
    expect(run.out).toContain('~ horizon@27.0.0|named-noblock-doc|zed');
  });

  it('says yes for horizon-proposed@27.0.0 on Zed and exits 0', async () => {
    const run = await cli(['can-i-deploy', '--consumer', 'horizon-proposed@27.0.0', '--to', 'zed', '--results', join(reportsDir, 'pact', 'verification.json')]);
    expect(run.code, run.out + run.err).toBe(0);
    expect(run.out).toMatch(/^yes: horizon-proposed@27.0.0 can be deployed with nova-zed: all \d+ interactions verified \(emulator\)/);
  });

  it('exits 2 naming the known consumers when asked about one without results', async () => {
    const run = await cli(['can-i-deploy', '--consumer', 'horizon@23.0.0', '--to', 'zed', '--results', join(reportsDir, 'pact', 'verification.json')]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('consumers verified against nova-zed: horizon-proposed@27.0.0, horizon@27.0.0');
  });
});
