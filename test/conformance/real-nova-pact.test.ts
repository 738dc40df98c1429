/**
 * `mvmatrix verify` against a real Nova that is not Zed: the committed pact of Horizon 27.0.0
 * with Nova Victoria (`contracts/pacts/horizon@27.0.0-nova-victoria.json`) verified by Pact's
 * verifier against the real Nova 22.0.1 in a container of its image (bullseye), started once
 * through the container launcher, provider states through the harness's control API.
 *
 * Outside CI it skips with one line when Docker does not answer or the image is not built
 * (`mvmatrix nova images --release victoria`); with CI=true nothing skips (a missing image
 * fails verify itself, exit 3). Needs `npm run build` (the verifier worker), which CI does first.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { docker, dockerProblem } from '../../src/providers/real-nova/images/docker.js';
import { suiteTag } from '../../src/providers/real-nova/images/image-spec.js';
import { parseSummary, type VerificationSummary } from '../../src/pact/verification-summary.js';

const PACT = 'horizon@27.0.0-nova-victoria.json';

async function skipReason(): Promise<string | undefined> {
  if (process.env['MVMATRIX_NO_CONTAINERS']) return `MVMATRIX_NO_CONTAINERS: ${process.env['MVMATRIX_NO_CONTAINERS']}`;
  if (process.env['CI'] === 'true') return undefined;
  const problem = await dockerProblem();
  if (problem) return problem;
  if ((await docker(['image', 'inspect', suiteTag('bullseye')])).code !== 0) return `no image ${suiteTag('bullseye')} yet (mvmatrix nova images --release victoria)`;
  return undefined;
}

const skip = await skipReason();
if (skip) console.log(`real-Nova pact verification skipped: ${skip}`);

describe.skipIf(skip !== undefined)('the Victoria pact verified against the real Nova Victoria in its container', () => {
  let code: number;
  let out: string;
  let summary: VerificationSummary;
  const interactions = (JSON.parse(readFileSync(join('contracts/pacts', PACT), 'utf8')) as { interactions: unknown[] }).interactions.length;

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'mvm-pact-real-'));
    const pacts = join(root, 'pacts');
    mkdirSync(pacts);
    copyFileSync(join('contracts/pacts', PACT), join(pacts, PACT));
    out = '';
    code = await main(['verify', '--pacts', pacts, '--provider', 'real-nova', '--release', 'victoria', '--out', join(root, 'reports')], {
      env: { ...process.env, MVMATRIX_CONTAINER_LABELS: 'mvmatrix.test=real-nova-pact' },
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      isTTY: false,
    });
    summary = parseSummary(readFileSync(join(root, 'reports', 'pact', 'verification.json'), 'utf8'), 'verification.json');
  });

  it('asks the real Nova 22.0.1 every interaction of the pact and passes (exit 0)', () => {
    expect(code, out).toBe(0);
    expect(out).toMatch(new RegExp(`^the real Nova 22\\.0\\.1 \\(Victoria\\) \\(nova-victoria\\): ${interactions} interactions \\(start \\d+\\.\\d s, 1 verifier run, \\d+\\.\\d s\\): `, 'm'));
    expect(summary.results).toHaveLength(interactions);
    expect(new Set(summary.results.map((r) => r.source))).toEqual(new Set(['real-nova:victoria']));
    expect(summary.coverage).toHaveLength(1);
    expect(summary.coverage![0]).toMatchObject({ source: 'real-nova:victoria', serves: 'nova-victoria', interactions, status: 'checked', namedByContract: true });
  });

  it('verifies what the API answers on its own, and calls every other answer the documented missing-conductor difference', () => {
    const verified = summary.results.filter((r) => r.verdict === 'verified');
    expect(verified.length).toBeGreaterThan(0);
    const known = summary.results.filter((x) => x.verdict === 'known-difference');
    for (const r of known) expect(r.reason).toMatch(/^no-conductor-below-2\.34: /);
    // Horizon 27.0.0 asks for 2.30: what passes the API's checks there needs the conductor.
    expect(known.length).toBeGreaterThan(0);
    // The report says it in words, with the count (the verification.json row and the source's line).
    expect(summary.coverage![0]!.explanation).toEqual([expect.stringMatching(new RegExp(`^${known.length} known differences? no-conductor-below-2\\.34: Below 2\\.34`))]);
    expect(out).toContain(`  ${known.length} known difference`);
    expect(summary.results.filter((r) => r.verdict === 'failed' && !r.pending)).toEqual([]);
    expect(summary.results.filter((r) => r.verdict === 'unverifiable')).toEqual([]);
  });

  it('leaves no container behind', async () => {
    const left = await docker(['ps', '-aq', '--filter', 'label=mvmatrix.test=real-nova-pact', '--filter', `label=mvmatrix.owner-pid=${process.pid}`]);
    expect(left.stdout.trim()).toBe('');
  });
});
