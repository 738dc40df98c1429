/**
 * The gate never passes on the wrong baseline (issue #14, case 3): a baseline from another
 * matrix is refused (exit 2, naming both), and a calendar-invalid allow-list date is refused
 * with the file and the line.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/in-process-cli.js';

const MATRIX = (target: string) => `version: 1
targets: [${target}]
profiles: [horizon-60455e5ff, horizon-legacy]
scenarios:
  - id: auto
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
  - id: named
    intent: { host: named, blockMigration: false, diskOverCommit: false }
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-gate-'));
  for (const target of ['zed', 'mitaka']) {
    await writeFile(join(dir, `${target}.yaml`), MATRIX(target));
    const run = await cli(['run', '--matrix', join(dir, `${target}.yaml`), '--out', join(dir, target), '--no-reports', '--baseline', join(dir, `${target}-baseline.json`), '--update-baseline']);
    expect(run.code).toBe(0);
  }
  await writeFile(join(dir, 'empty.yaml'), 'entries: []\n');
});

describe('the gate and its inputs', () => {
  it('refuses a baseline written for another matrix with exit 2, naming both', async () => {
    const check = await cli(['check', '--baseline', join(dir, 'mitaka-baseline.json'), '--from', join(dir, 'zed', 'matrix.json'), '--allowlist', join(dir, 'empty.yaml')]);
    expect(check.code).toBe(2);
    expect(check.stdout).not.toContain('gate PASSED');
    expect(check.stderr).toContain(`error: ${join(dir, 'mitaka-baseline.json')}: the baseline does not describe this matrix: 0 of its 4 cells are among the run's 4`);
    expect(check.stderr).toContain(`baseline written for ${join(dir, 'mitaka.yaml')}`);
    expect(check.stderr).toContain(`run from ${join(dir, 'zed.yaml')}`);
  });

  it('also when run --baseline gates a fresh run', async () => {
    const run = await cli(['run', '--matrix', join(dir, 'zed.yaml'), '--out', join(dir, 'zed2'), '--no-reports', '--baseline', join(dir, 'mitaka-baseline.json'), '--allowlist', join(dir, 'empty.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the baseline does not describe this matrix');
  });

  it('still gates against a baseline of an edited matrix that shares most cells', async () => {
    const baseline = JSON.parse(await readFile(join(dir, 'zed-baseline.json'), 'utf8')) as { matrix: { hash: string } };
    baseline.matrix.hash = 'edited';
    await writeFile(join(dir, 'edited-baseline.json'), JSON.stringify(baseline));
    const check = await cli(['check', '--baseline', join(dir, 'edited-baseline.json'), '--from', join(dir, 'zed', 'matrix.json'), '--allowlist', join(dir, 'empty.yaml')]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('gate PASSED: 0 regression(s)');
  });

  it('refuses an allow-list date that is not on the calendar, with the file and the line', async () => {
    const allowlist = join(dir, 'allow.yaml');
    await writeFile(allowlist, 'version: 1\nentries:\n  - cell: "horizon-legacy|*|zed"\n    reason: known\n    expires: 2027-02-31\n');
    const check = await cli(['check', '--baseline', join(dir, 'zed-baseline.json'), '--from', join(dir, 'zed', 'matrix.json'), '--allowlist', allowlist]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`error: ${allowlist}: /entries/0/expires (line 5, column 14): 2027-02-31 is not a day of the calendar`);
  });

  it('refuses a --today that is not on the calendar', async () => {
    const check = await cli(['check', '--baseline', join(dir, 'zed-baseline.json'), '--from', join(dir, 'zed', 'matrix.json'), '--today', '2027-02-31']);
    expect(check.code).toBe(2);
    expect(check.stderr).toBe("error: --today: '2027-02-31' is not a date YYYY-MM-DD of the calendar\n");
  });
});
