/**
 * Real client code against the real Nova API (Debian's python3-nova 26.2.2, Zed, API only):
 * Horizon 27.0.0 from a checkout as shipped and with the reviewer's fix, and the installed
 * python-novaclient, each through its driver, their requests captured on the way to Nova.
 * The real Nova runs without a conductor, so an accepted request below 2.34 (a synchronous
 * RPC) ends in a 500: the shipped Horizon's 2.30 requests show that, the fix's 2.68 ones do not.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellResult, MatrixResult } from '../../src/matrix/result.js';
import { realNovaSkipReason } from '../../src/providers/real-nova/prerequisites.js';
import { IN_CI, missingPrerequisite, mvmatrix, readResult, sidClients, type SidClients } from './support/run-cli.js';

const PATCHES = fileURLToPath(new URL('../fixtures/horizon/', import.meta.url));
const sid = sidClients();
const missing = (await realNovaSkipReason(process.env)) ?? ('missing' in sid ? sid.missing : missingPrerequisite('horizon'));
if (missing && !IN_CI) console.warn(`skipping the real-Nova driver suite: ${missing}`);

describe.skipIf(missing !== undefined && !IN_CI)('real client code against the real Nova API', () => {
  let result: MatrixResult;
  const cell = (profile: string, scenario: string): CellResult => result.cells.find((c) => c.id === `${profile}|${scenario}|zed`)!;

  beforeAll(async () => {
    if (missing) throw new Error(`prerequisite missing in CI: ${missing}`);
    const clients = sid as SidClients;
    const work = mkdtempSync(join(tmpdir(), 'mvmatrix-real-nova-drivers-'));
    const shipped = join(work, 'horizon-shipped');
    const fixed = join(work, 'horizon-fixed');
    for (const dir of [shipped, fixed]) for (const entry of readdirSync(clients.horizon)) cpSync(join(clients.horizon, entry), join(dir, entry), { recursive: true });
    execFileSync('patch', ['-s', '-p1', '-i', join(PATCHES, 'keyword-call-and-2.68-path.patch')], { cwd: fixed });
    const libraries = `pythonpath=${clients.libraries.join(':')}`;
    const run = await mvmatrix([
      'run', '--provider', 'real-nova', '--targets', 'zed', '--out', join(work, 'out'), '--no-reports', '--concurrency', '8',
      '--profile', `horizon@src:${shipped},${libraries},as=horizon-27.0.0`, `horizon@src:${fixed},${libraries},as=horizon-27.0.0-fixed`, 'novaclient@installed',
    ]);
    // The accepted requests below 2.34 (the shipped Horizon's 2.30) end in Nova's 500 here.
    expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('progress:'))).toEqual([expect.stringMatching(/^note: \d+ cell\(s\) are 'error': Nova answered 5xx/)]);
    expect(run.code).toBe(0);
    result = await readResult(join(work, 'out'));
  });

  it('runs every cell on the real Nova through the drivers', () => {
    expect(result.metadata.provider).toMatch(/^real-nova: real Nova 26\.2\.2 \(Zed\)/);
    expect(result.cells).toHaveLength(3 * 20); // three profiles × the default matrix's scenarios
    expect(result.cells.every((c) => c.driver?.answer === 'done' || c.driver?.answer === 'raised')).toBe(true);
    expect(result.profiles.map((p) => `${p.id} ${p.clientVersion ?? ''}`)).toEqual(['horizon-27.0.0 27.0.0', 'horizon-27.0.0-fixed 27.0.0', `novaclient@installed ${result.profiles[2]!.driver!.code!['version'] as string}`]);
  });

  it("has the real Nova refuse the shipped Horizon's Disk Over Commit as force without a host", () => {
    const refused = cell('horizon-27.0.0', 'auto-noblock-doc');
    expect(refused.outcome).toBe('rejected');
    expect(refused.response?.status).toBe(400);
    expect(refused.explanation).toContain("Can't force to a non-provided destination");
    expect(refused.request?.headers['openstack-api-version']).toBe('compute 2.30');
  });

  it("has the real Nova accept the fix's requests at 2.68, Disk Over Commit dropped", () => {
    for (const scenario of ['auto-noblock-doc', 'named-noblock-doc']) {
      const accepted = cell('horizon-27.0.0-fixed', scenario);
      expect(accepted.response?.status, scenario).toBe(202);
      expect(accepted.request?.headers['openstack-api-version']).toBe('compute 2.68');
      expect(accepted.outcome, scenario).toBe('degraded');
    }
    expect(cell('horizon-27.0.0-fixed', 'named-noblock-nodoc').outcome).toBe('pass');
  });

  it('shows what a real Nova without a conductor does with an accepted request below 2.34', () => {
    const synchronous = cell('horizon-27.0.0', 'named-noblock-nodoc');
    expect(synchronous.request?.headers['openstack-api-version']).toBe('compute 2.30');
    expect(synchronous.response?.status).toBe(500);
    expect(synchronous.outcome).toBe('error');
  });

  it("judges the installed novaclient's negotiated 2.92 requests on the real Nova as on the emulator", () => {
    expect(cell('novaclient@installed', 'named-noblock-nodoc')).toMatchObject({ outcome: 'pass', effectiveMicroversion: '2.92' });
    expect(cell('novaclient@installed', 'named-noblock-doc').outcome).toBe('client-refused');
    expect(result.profiles[2]!.driver!.model).toMatchObject({ profile: 'novaclient@18.1.0', differing: 0 });
  });
});
