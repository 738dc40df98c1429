/**
 * The CI gate end to end: `run --update-baseline`, then `check` against it (pass), against a
 * baseline where a cell was better (exit 1 with a readable diff), with an allow-list, and with
 * an expired allow-list entry.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

const MATRIX = `version: 1
targets: [zed]
profiles: [horizon-60455e5ff]
scenarios:
  - id: auto-doc
    intent: { host: auto, blockMigration: false, diskOverCommit: true }
  - id: named
    intent: { host: named, blockMigration: false, diskOverCommit: false }
`;
const REJECTED = 'horizon-60455e5ff|auto-doc|zed';

let dir: string;
let result: string;
let baseline: string;
const emptyAllowlist = () => join(dir, 'empty-allowlist.yaml');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-check-'));
  await writeFile(join(dir, 'm.yaml'), MATRIX);
  await writeFile(emptyAllowlist(), 'entries: []\n');
  baseline = join(dir, 'baseline.json');
  const run = await cli(['run', '--matrix', join(dir, 'm.yaml'), '--out', dir, '--no-reports', '--baseline', baseline, '--update-baseline']);
  expect(run.code).toBe(0);
  result = join(dir, 'matrix.json');
});

async function baselineWith(outcome: string): Promise<string> {
  const data = JSON.parse(await readFile(baseline, 'utf8')) as { schemaVersion: 1; cells: Record<string, string> };
  data.cells[REJECTED] = outcome;
  const path = join(dir, `baseline-${outcome}.json`);
  await writeFile(path, JSON.stringify(data));
  return path;
}

describe('mvmatrix check', () => {
  it('--update-baseline writes the compact baseline atomically (cell id → outcome, one per line)', async () => {
    const text = await readFile(baseline, 'utf8');
    expect(JSON.parse(text)).toEqual({
      schemaVersion: 1,
      matrix: { file: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/), cells: 2 },
      cells: { [REJECTED]: 'rejected', 'horizon-60455e5ff|named|zed': 'pass' },
    });
    expect(text.split('\n')).toContain(`    "${REJECTED}": "rejected",`);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('passes (exit 0) against the baseline the run produced', async () => {
    const check = await cli(['check', '--baseline', baseline, '--from', result, '--allowlist', emptyAllowlist()]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('gate PASSED: 0 regression(s)');
  });

  it('fails (exit 1) when a cell got worse than the baseline, with a readable diff naming the cell and why', async () => {
    const check = await cli(['check', '--baseline', await baselineWith('pass'), '--from', result, '--allowlist', emptyAllowlist()]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`- ${REJECTED}: pass → rejected`);
    expect(check.stdout).toContain("Can't force to a non-provided destination");
    expect(check.stderr).toContain('the compatibility gate failed');
  });

  it('reports an improvement without failing', async () => {
    const check = await cli(['check', '--baseline', await baselineWith('error'), '--from', result, '--allowlist', emptyAllowlist()]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`+ ${REJECTED}: error → rejected`);
  });

  it('does not fail on an allow-listed regression, but an expired entry fails the gate saying so', async () => {
    const worse = await baselineWith('pass');
    const allow = join(dir, 'allow.yaml');
    await writeFile(allow, `entries:\n  - cell: "horizon-60455e5ff|auto-*|*"\n    reason: Horizon bug 1788367\n    expires: 2027-01-31\n`);
    const ok = await cli(['check', '--baseline', worse, '--from', result, '--allowlist', allow, '--today', '2026-11-24']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('allowed until 2027-01-31: Horizon bug 1788367');
    const late = await cli(['check', '--baseline', worse, '--from', result, '--allowlist', allow, '--today', '2027-02-01']);
    expect(late.code).toBe(1);
    expect(late.stdout).toContain('EXPIRED allow-list entries (1)');
    expect(late.stdout).toContain('horizon-60455e5ff|auto-*|* expired 2027-01-31');
  });

  it('run --baseline applies the same gate after running', async () => {
    const run = await cli(['run', '--matrix', join(dir, 'm.yaml'), '--out', join(dir, 'again'), '--no-reports', '--baseline', await baselineWith('pass'), '--allowlist', emptyAllowlist()]);
    expect(run.code).toBe(1);
  });

  it('answers a malformed baseline or a missing result with exit 2', async () => {
    const bad = join(dir, 'bad-baseline.json');
    await writeFile(bad, '{"schemaVersion": 1, "cells": {"a|b|c": "great"}}');
    const check = await cli(['check', '--baseline', bad, '--from', result, '--allowlist', emptyAllowlist()]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`${bad}: /cells/a|b|c`);
    expect((await cli(['check', '--baseline', baseline, '--from', join(dir, 'nope.json')])).code).toBe(2);
  });
});
