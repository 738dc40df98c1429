import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false });
  return { code, out, err };
}

describe('mvmatrix request', () => {
  it('shows horizon-60455e5ff sending force: true for a named host with Disk Over Commit on a 2.30+ server', async () => {
    const r = await run(['request', '--profile', 'horizon-60455e5ff', '--server-max', '2.93', '--host', 'compute-02', '--block-migration', 'false', '--disk-over-commit', 'true', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      method: 'POST',
      path: '/servers/9b6f3ad5-2c34-4d0e-9c3b-6d61a2f4c001/action',
      headers: { 'content-type': 'application/json', 'x-openstack-nova-api-version': '2.30', 'openstack-api-version': 'compute 2.30' },
      body: { 'os-migrateLive': { host: 'compute-02', block_migration: false, force: true } },
    });
  });

  it('prints a refusal as {"refused": ...}', async () => {
    const r = await run(['request', '--profile', 'openstacksdk', '--server-max', '2.24', '--no-host', '--block-migration', 'auto', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      refused: "ValueError: Live migration on this cloud does not support 'auto' as a parameter to block_migration, but only True and False.",
    });
  });

  it('prints the request as text by default', async () => {
    const r = await run(['request', '--profile', 'novaclient@2.30', '--server-max', '2.93', '--host', 'c2', '--block-migration', 'auto', '--force', 'true']);
    expect(r.out).toMatch(/^POST \/servers\/.*\/action\n/);
    expect(r.out).toContain('"force": true');
  });

  it('rejects a bad flag value with a usage error naming the flag (exit 2)', async () => {
    const bad = await run(['request', '--profile', 'openstacksdk', '--server-max', '2.93', '--block-migration', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--block-migration');
    const max = await run(['request', '--profile', 'openstacksdk', '--server-max', '2.x', '--block-migration', 'auto']);
    expect(max.code).toBe(2);
    expect(max.err).toContain('--server-max');
    const profile = await run(['request', '--profile', 'nope', '--server-max', '2.93', '--block-migration', 'auto']);
    expect(profile.code).toBe(2);
    expect(profile.err).toContain("unknown client profile 'nope'");
  });

  it('answers a batch file line by line in order, and names file:line on a bad line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvm-request-'));
    const good = join(dir, 'good.jsonl');
    writeFileSync(
      good,
      [
        JSON.stringify({ profile: 'horizon-legacy', serverMin: '2.1', serverMax: '2.93', host: null, blockMigration: true, diskOverCommit: false }),
        '',
        JSON.stringify({ profile: 'openstackclient@6.0.0', serverMax: '2.93', host: 'c2', blockMigration: 'auto', diskOverCommit: false }),
        JSON.stringify({ profile: 'horizon-60455e5ff', serverMax: null, host: 'c2', blockMigration: false, diskOverCommit: true }),
        // Options left out are left at the client's default; a 401 on the version URL goes through the profile's own discovery.
        JSON.stringify({ profile: 'openstackclient@10.3.0', serverMax: '2.93', host: null, diskOverCommit: true }),
        JSON.stringify({ profile: 'openstacksdk@4.20.0', versionStatus: 401, computeUrl: 'http://nova:8774/v2.1', host: null }),
      ].join('\n'),
    );
    const r = await run(['request', '--batch', good]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ body: { 'os-migrateLive': { host: null, block_migration: true, disk_over_commit: false } } });
    expect(lines[1]).toEqual({ refused: 'CommandError: --os-compute-api-version 2.30 or greater is required when using --host' });
    expect(lines[2]).toMatchObject({ headers: { 'x-openstack-nova-api-version': '2.30' }, body: { 'os-migrateLive': { force: true } } });
    expect(lines[3]).toMatchObject({ body: { 'os-migrateLive': { host: null, block_migration: 'auto' } }, warnings: [expect.stringContaining('--disk-overcommit')] });
    expect(lines[4]).toEqual({ refused: expect.stringMatching(/^DiscoveryFailure: Unable to find a version discovery document at http:\/\/nova:8774\/v2.1,/) });

    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ profile: 'openstacksdk', serverMax: '2.93', host: null, blockMigration: 'auto' })}\n{"profile": "openstacksdk", "serverMax": "2.93", "blockMigration": "sometimes"}\n`);
    const failed = await run(['request', '--batch', bad]);
    expect(failed.code).toBe(2);
    expect(failed.err).toContain(`${bad}:2`);
  });

  it('lists the profiles with client, release, what the code does and the code they model', async () => {
    const r = await run(['request', '--list-profiles', '--json']);
    const list = JSON.parse(r.out) as Array<{ id: string; client: string; clientVersion: string; aliases: string[]; models: unknown[] }>;
    const horizon = list.find((p) => p.aliases.includes('horizon-60455e5ff'));
    expect(horizon).toMatchObject({ id: 'horizon@27.0.0', client: 'horizon', clientVersion: '27.0.0' });
    expect(horizon?.models.length).toBeGreaterThan(0);
    const text = await run(['request', '--list-profiles']);
    expect(text.out).toContain('novaclient/v2/servers.py');
    expect(text.out).toContain('openstackclient@10.3.0  openstackclient 10.3.0 (Debian forky, sid)');
    expect(text.out).toMatch(/below 2\.25 every live migration fails before sending/);
  });

  it('leaves an option it is not given at the client default', async () => {
    const r = await run(['request', '--profile', 'novaclient@18.13.1+mv2.24', '--server-max', '2.93', '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ body: { 'os-migrateLive': { host: null, block_migration: false, disk_over_commit: false } } });
  });
});
