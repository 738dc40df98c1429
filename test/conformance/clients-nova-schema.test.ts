/**
 * The Horizon profiles' requests checked by Nova's own validation code (Debian
 * python3-nova 26.2.2, Zed, max 2.93): the proposed fix never sends a request Nova rejects,
 * while 60455e5ff sends `force: true` without a host from 2.30 on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLiveMigration } from '../../src/clients/index.js';
import type { DiscoveredRange, LiveMigrationIntent } from '../../src/clients/index.js';
import { mv } from '../../src/microversion/version.js';
const PYTHON = '/usr/bin/python3';

const IN_CI = process.env['CI'] === 'true';
const CHECKER = fileURLToPath(new URL('./clients/check_nova_schema.py', import.meta.url));
const MAXES = ['2.24', '2.25', '2.29', '2.30', '2.33', '2.34', '2.67', '2.68', '2.93'];
const PROFILES = ['horizon-legacy', 'horizon-60455e5ff', 'horizon-proposed'];

interface Verdict {
  id: string;
  accepted: boolean;
  message: string;
}

function novaImportable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import nova.api.openstack.compute.schemas.migrate_server, nova.api.validation.validators'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return probe.status === 0 ? undefined : `${PYTHON} cannot import nova (install python3-nova: scripts/install-debian-packages.sh)`;
}

function check(cases: object[]): Promise<Map<string, Verdict>> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [CHECKER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`check_nova_schema.py exited ${code}: ${err.slice(-2000)}`));
      const map = new Map<string, Verdict>();
      for (const line of out.split('\n')) if (line.startsWith('{')) map.set((JSON.parse(line) as Verdict).id, JSON.parse(line) as Verdict);
      resolve(map);
    });
    child.stdin.end(JSON.stringify({ cases }));
  });
}

interface Row {
  id: string;
  profile: string;
  max: string;
  intent: LiveMigrationIntent;
  refused: boolean;
}

const missing = novaImportable();
if (missing && !IN_CI) console.warn(`skipping the Nova schema check of the Horizon profiles: ${missing}`);

describe.skipIf(Boolean(missing) && !IN_CI)("Nova's own validation of the Horizon profiles' requests", () => {
  const rows: Row[] = [];
  let verdicts = new Map<string, Verdict>();

  beforeAll(async () => {
    if (missing) throw new Error(`prerequisite missing in CI: ${missing}`);
    const cases: object[] = [];
    let n = 0;
    for (const profile of PROFILES)
      for (const max of MAXES) {
        const range: DiscoveredRange = { kind: 'range', min: mv('2.1'), max: mv(max) };
        for (const host of [null, 'compute-02'])
          for (const blockMigration of [true, false, 'auto'] as const)
            for (const diskOverCommit of [false, true])
              for (const force of profile === 'horizon-proposed' ? [undefined, false, true] : [undefined]) {
                const intent: LiveMigrationIntent = { host, blockMigration, diskOverCommit, force };
                const id = `case-${(n += 1)}`;
                const result = buildLiveMigration(profile, intent, range, id);
                rows.push({ id, profile, max, intent, refused: result.kind === 'refused' });
                if (result.kind === 'request') cases.push({ id, microversion: result.microversion, body: result.request.body });
              }
      }
    // A control case, so a checker that accepts everything cannot pass this suite.
    cases.push({ id: 'control-auto-at-2.1', microversion: null, body: { 'os-migrateLive': { host: null, block_migration: 'auto', disk_over_commit: false } } });
    verdicts = await check(cases);
  });

  it("rejects a control request the way Nova does ('auto' below 2.25)", () => {
    expect(verdicts.get('control-auto-at-2.1')).toMatchObject({ accepted: false, message: expect.stringContaining("'auto' is not one of") as unknown });
  });

  it('accepts every request horizon-proposed sends, at every band', () => {
    const proposed = rows.filter((r) => r.profile === 'horizon-proposed' && !r.refused);
    expect(proposed.length).toBeGreaterThan(100);
    const rejected = proposed.filter((r) => !verdicts.get(r.id)?.accepted).map((r) => ({ ...r, why: verdicts.get(r.id)?.message }));
    expect(rejected).toEqual([]);
  });

  it('accepts every horizon-legacy request (the 2.1 schema takes both booleans)', () => {
    const legacy = rows.filter((r) => r.profile === 'horizon-legacy');
    expect(legacy.every((r) => verdicts.get(r.id)?.accepted)).toBe(true);
  });

  it('rejects horizon-60455e5ff exactly when AUTO_SCHEDULE meets the Disk Over Commit box on a 2.30+ server', () => {
    const rows60 = rows.filter((r) => r.profile === 'horizon-60455e5ff');
    const rejected = rows60.filter((r) => !verdicts.get(r.id)?.accepted);
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) {
      expect([r.intent.host, r.intent.diskOverCommit]).toEqual([null, true]);
      expect(verdicts.get(r.id)?.message).toBe("Can't force to a non-provided destination");
    }
    const expectedRejections = rows60.filter((r) => r.intent.host === null && r.intent.diskOverCommit && !['2.24', '2.25', '2.29'].includes(r.max));
    expect(rejected.length).toBe(expectedRejections.length);
  });
});
