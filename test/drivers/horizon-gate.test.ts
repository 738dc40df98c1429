/**
 * Gating a Horizon change with Horizon's own code, end to end: Horizon 27.0.0 as Debian sid
 * ships it (with 60455e5ff) is a git checkout; its form runs through the Horizon driver against
 * the emulator over the default scenarios at every band edge.
 *  - Gated against its parent (60455e5ff reverted), the shipped code fails the gate: with
 *    "Disk Over Commit" and "Automatically schedule" it is now refused on every Nova from 2.30.
 *  - The fix a reviewer would propose (test/fixtures/horizon/keyword-call-and-2.68-path.patch:
 *    call novaclient with keywords, add a 2.68 path), committed on a branch and gated by the
 *    composite action's script against the target branch (the shipped code), passes: exactly
 *    the cells 60455e5ff broke improve, nothing gets worse, and the step summary lists them.
 * Horizon 27.0.0 runs on the host's Python with sid's novaclient, openstacksdk and keystoneauth1
 * (scripts/fetch-debian-clients.sh); the result records every version.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatrixResult } from '../../src/matrix/result.js';
import { IN_CI, missingPrerequisite, mvmatrix, readResult, sidClients, type CliRun, type SidClients } from './support/run-cli.js';

const PATCHES = fileURLToPath(new URL('../fixtures/horizon/', import.meta.url));
const ACTION_SCRIPT = fileURLToPath(new URL('../../.github/actions/mvmatrix/gate-client-change.sh', import.meta.url));
const CLI = fileURLToPath(new URL('../../bin/mvmatrix.js', import.meta.url));
const NAME = 'horizon-under-review';
/** The default matrix's scenarios at the 10 band edges. */
const CELLS = 20 * 10;
const FROM_2_30 = ['mv-2.30', 'mv-2.33', 'mv-2.34', 'mv-2.67', 'mv-2.68', 'mv-2.104'];
const BELOW_2_30 = ['mv-2.1', 'mv-2.24', 'mv-2.25', 'mv-2.29'];
/** The cells 60455e5ff changed: Disk Over Commit ticked, from 2.30 on. */
const AUTO_DOC = ['auto-noblock-doc', 'auto-block-doc'].flatMap((s) => FROM_2_30.map((t) => `${NAME}|${s}|${t}`));
const NAMED_DOC = ['named-noblock-doc', 'named-block-doc'].flatMap((s) => FROM_2_30.map((t) => `${NAME}|${s}|${t}`));

const sid = sidClients();
const missing = 'missing' in sid ? sid.missing : missingPrerequisite('horizon');
if (missing && !IN_CI) console.warn(`skipping the Horizon gate: ${missing}`);

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=mvmatrix test', '-c', 'user.email=mvmatrix@example.invalid', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** The gate report's cell ids under a heading (`REGRESSIONS`, `improvements`). */
function listed(run: CliRun, heading: string): string[] {
  const lines = run.stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${heading} (`));
  if (start < 0) return [];
  const ids: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}[-+~] (\S+): /.exec(line);
    if (match) ids.push(match[1]!);
    else if (!line.startsWith('      ')) break;
  }
  return ids.sort();
}

describe.skipIf(missing !== undefined && !IN_CI)('gating a Horizon change with the real Horizon 27.0.0 code', () => {
  let checkout: string;
  let work: string;
  let profile: string;
  let shipped: MatrixResult;
  let shippedGate: CliRun;
  let shippedCommit: string;

  async function run(out: string, extra: string[]): Promise<{ run: CliRun; result: MatrixResult }> {
    const result = await mvmatrix(['run', '--profile', profile, '--targets', 'band-edges', '--out', join(work, out), '--no-reports', '--concurrency', '16', ...extra]);
    return { run: result, result: await readResult(join(work, out)) };
  }

  beforeAll(async () => {
    if (missing) throw new Error(`prerequisite missing in CI: ${missing}`);
    const clients = sid as SidClients;
    work = mkdtempSync(join(tmpdir(), 'mvmatrix-horizon-gate-'));
    checkout = join(work, 'horizon');
    for (const entry of readdirSync(clients.horizon)) cpSync(join(clients.horizon, entry), join(checkout, entry), { recursive: true });
    writeFileSync(join(checkout, '.gitignore'), '__pycache__/\n');
    git(checkout, 'init', '-q');
    git(checkout, 'checkout', '-q', '-b', 'main');
    git(checkout, 'add', '-A');
    git(checkout, 'commit', '-qm', `Horizon 27.0.0 as shipped in Debian sid (${clients.versions['python3-django-horizon']})`);
    shippedCommit = git(checkout, 'rev-parse', 'HEAD');
    profile = `horizon@src:${checkout},pythonpath=${clients.libraries.join(':')},as=${NAME}`;

    // The parent of 60455e5ff, as the baseline of the change under review.
    git(checkout, 'apply', join(PATCHES, 'revert-60455e5ff.patch'));
    const parent = await run('parent', ['--baseline', join(work, 'baseline-parent.json'), '--update-baseline']);
    expect(parent.run.code).toBe(0);
    git(checkout, 'checkout', '-q', '--', '.');

    // The shipped code, gated against it; explicitly checked against the 60455e5ff model.
    profile = `${profile},model=horizon-60455e5ff`;
    const gated = await run('shipped', ['--baseline', join(work, 'baseline-parent.json')]);
    shippedGate = gated.run;
    shipped = gated.result;
  });

  it('runs the checkout it was given, and says which code it was', () => {
    const driver = shipped.profiles[0]!.driver!;
    expect(shipped.profiles[0]).toMatchObject({ id: NAME, client: 'horizon', clientVersion: '27.0.0' });
    expect(driver.code).toMatchObject({ kind: 'checkout', version: '27.0.0', source: checkout, git: { commit: shippedCommit, dirty: false } });
    expect(driver.entrypoint).toBe('openstack_dashboard.dashboards.admin.instances.forms.LiveMigrateForm.handle');
    expect(driver.libraries['python-novaclient']).toBe('18.13.1');
    expect(shipped.cells).toHaveLength(CELLS);
    expect(shipped.cells.every((c) => c.driver?.answer === 'done' || c.driver?.answer === 'raised')).toBe(true);
  });

  it('shows the 60455e5ff cells of the shipped code: Disk Over Commit sent as force from 2.30', () => {
    for (const id of NAMED_DOC) {
      const cell = shipped.cells.find((c) => c.id === id)!;
      expect(cell.outcome, id).toBe('drift');
      expect(cell.explanation).toContain('Disk Over Commit arrived as force=true');
      expect((cell.request!.body as { 'os-migrateLive': { force?: boolean } })['os-migrateLive'].force).toBe(true);
    }
    for (const id of AUTO_DOC) {
      const cell = shipped.cells.find((c) => c.id === id)!;
      expect(cell.outcome, id).toBe('rejected');
      expect(cell.explanation).toContain("Can't force to a non-provided destination");
      expect(cell.driver!.raised).toMatch(/^BadRequest: Can't force to a non-provided destination \(HTTP 400\)/);
    }
  });

  it('finds the shipped code doing exactly what the horizon@27.0.0 model (60455e5ff) says, cell by cell', () => {
    expect(shipped.profiles[0]!.driver!.model).toEqual({ profile: 'horizon@27.0.0', compared: CELLS, differing: 0, examples: [] });
  });

  it('fails the gate for 60455e5ff against its parent: "Automatically schedule" with Disk Over Commit is refused from 2.30', () => {
    expect(shippedGate.code).toBe(1);
    expect(listed(shippedGate, 'REGRESSIONS')).toEqual([...AUTO_DOC].sort());
    expect(shippedGate.stdout).toMatch(/gate FAILED: 12 regression\(s\)/);
  });

  it("passes the composite action's gate for the reviewer's fix against the shipped code: those cells improve, nothing gets worse", async () => {
    // The change under review is a commit on top of the shipped code; the action gates it
    // against the target branch (main) by running the same driver on that checkout first.
    git(checkout, 'checkout', '-q', '-b', 'review');
    git(checkout, 'apply', join(PATCHES, 'keyword-call-and-2.68-path.patch'));
    git(checkout, 'commit', '-qam', 'Live migration: call novaclient with keywords, add a 2.68 path');
    const reviewCommit = git(checkout, 'rev-parse', 'HEAD');
    const summaryFile = join(work, 'step-summary.md');
    const outputFile = join(work, 'github-output');
    const action = spawnSync('bash', [ACTION_SCRIPT], {
      cwd: work,
      encoding: 'utf8',
      env: {
        ...process.env,
        MVM_CLI: `${process.execPath} ${CLI}`,
        MVM_CLIENT_SOURCE: checkout,
        MVM_CLIENT: 'horizon',
        MVM_CLIENT_OPTIONS: `pythonpath=${(sid as SidClients).libraries.join(':')}`,
        MVM_BASELINE_REF: 'main',
        MVM_OUT: join(work, 'action-out'),
        RUNNER_TEMP: join(work, 'runner-temp'),
        GITHUB_STEP_SUMMARY: summaryFile,
        GITHUB_OUTPUT: outputFile,
        CI: 'true',
      },
    });
    expect(action.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('progress:'))).toEqual([]);
    expect(action.status).toBe(0);
    expect(action.stdout).toContain(`mvmatrix: baseline from main (${shippedCommit.slice(0, 7)}`);
    expect(action.stdout).toContain(`gate PASSED: 0 regression(s), 0 expired allow-list entries, 0 allow-listed, 24 improvement(s), ${CELLS - 24} unchanged`);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toContain('**Gate: ✔ passed**');
    expect(summary).toContain('Improvements (24)');
    expect(summary).not.toContain('Regressions (');
    for (const id of [...AUTO_DOC, ...NAMED_DOC]) expect(summary).toContain(`| \`${id.replaceAll('|', '\\|')}\` | `);
    expect(git(checkout, 'worktree', 'list').split('\n')).toHaveLength(1); // the baseline checkout is gone
    // The diff of the two runs, grouped into findings: "this patch fixes Disk Over Commit on
    // Novas from 2.30 (Newton); nothing got worse".
    expect(summary).toContain(`${CELLS} cells compared: **0 changed meaning**, 0 worse, 24 better, ${CELLS - 24} unchanged.`);
    expect(summary).toContain('Horizon 27.0.0: on Novas with max ≥ 2.30, Disk Over Commit arrives at Nova as `force: true`');
    expect(summary).toContain('better 24. Now: degraded 24');
    expect(summary).not.toContain('## Worse');

    const fixed = await readResult(join(work, 'action-out'));
    expect(fixed.profiles[0]!.driver!.code).toMatchObject({ kind: 'checkout', version: '27.0.0', git: { commit: reviewCommit, dirty: false } });
    expect((fixed.profiles[0]!.driver!.code!['loaded'] as { sha256: string }).sha256).not.toBe((shipped.profiles[0]!.driver!.code!['loaded'] as { sha256: string }).sha256);
    // What the fix sends: no force, Disk Over Commit dropped from 2.25 (degraded, not drift), 2.68 where offered.
    for (const id of [...AUTO_DOC, ...NAMED_DOC]) {
      const cell = fixed.cells.find((c) => c.id === id)!;
      expect(cell.outcome, id).toBe('degraded');
      expect(cell.request!.body).not.toHaveProperty(['os-migrateLive', 'force']);
      expect(cell.request!.headers['openstack-api-version']).toBe(id.endsWith('mv-2.68') || id.endsWith('mv-2.104') ? 'compute 2.68' : 'compute 2.30');
    }
    // Checked against the 27.0.0 model, the fixed checkout differs exactly where the fix changed
    // the request (reported as the checkout's changes, not as model drift).
    const sent = (c: MatrixResult['cells'][number] | undefined): string =>
      JSON.stringify(c?.request ? [c.request.headers['openstack-api-version'] ?? null, c.request.body] : c?.refusal ?? null);
    const changedByTheFix = fixed.cells.filter((c) => sent(c) !== sent(shipped.cells.find((s) => s.id === c.id))).length;
    expect(changedByTheFix).toBeGreaterThan(24);
    expect(fixed.profiles[0]!.driver!.model).toMatchObject({ profile: 'horizon@27.0.0', compared: CELLS, differing: changedByTheFix });
    expect(action.stdout).toContain(`${changedByTheFix} of ${CELLS} cells differ from model horizon@27.0.0: the checkout's own changes`);
    // Below 2.30 nothing changed: the original API with disk_over_commit, as before.
    for (const cell of fixed.cells.filter((c) => BELOW_2_30.includes(c.target.id))) {
      expect(cell.outcome, cell.id).toBe(shipped.cells.find((c) => c.id === cell.id)!.outcome);
    }
  });
});
