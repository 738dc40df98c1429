/**
 * The real Debian 12 clients through their drivers, over the default scenarios at every band
 * edge, on the embedded emulator: every cell comes from the installed client's own code (its
 * package version and a hash of the code it loaded are in the result), every request is the
 * one the client put on the wire, and each model profile builds exactly what its client sent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatrixResult } from '../../src/matrix/result.js';
import { IN_CI, missingPrerequisite, mvmatrix, readResult } from './support/run-cli.js';

/** Driver profile → Debian package and the model profile that must build the same requests. */
const PROFILES = [
  { id: 'novaclient@installed', client: 'novaclient', package: 'python3-novaclient', model: 'novaclient@18.1.0', userAgent: /^python-novaclient/ },
  { id: 'novaclient@installed,api=2.30', client: 'novaclient', package: 'python3-novaclient', model: 'novaclient@18.1.0+mv2.30', userAgent: /^python-novaclient/ },
  { id: 'openstacksdk@installed', client: 'openstacksdk', package: 'python3-openstacksdk', model: 'openstacksdk@0.101.0', userAgent: /keystoneauth1\/5\.0\.0 python-requests\// },
  { id: 'openstackclient@installed', client: 'openstackclient', package: 'python3-openstackclient', model: 'openstackclient@6.0.0', userAgent: /^python-novaclient/ },
  // OSC looks the server up before migrating it: below 2.30 that GET is refused (406) and the
  // action is never sent, which the model (no look-up) does not reproduce: 4 targets × every scenario.
  { id: 'openstackclient@installed,api=2.30', client: 'openstackclient', package: 'python3-openstackclient', model: 'openstackclient@6.0.0+mv2.30', userAgent: /^python-novaclient/, differing: 80 },
  { id: 'horizon@installed', client: 'horizon', package: 'python3-django-horizon', model: 'horizon@23.0.0', userAgent: /^python-novaclient/ },
  { id: 'horizon@installed,entry=api', client: 'horizon', package: 'python3-django-horizon', model: 'horizon@23.0.0', userAgent: /^python-novaclient/ },
] as const;

/** Upstream version of an installed Debian package (`2:18.1.0-3` → `18.1.0`). */
function debianUpstream(pkg: string): string {
  const out = spawnSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });
  return out.stdout.replace(/^\d+:/, '').replace(/-[^-]+$/, '');
}

/** Scenarios of the default matrix. */
const SCENARIOS = 20;

const missing = [...new Set(PROFILES.map((p) => p.client))].map(missingPrerequisite).find((m) => m !== undefined);
if (missing && !IN_CI) console.warn(`skipping the real-client driver suite: ${missing}`);

describe.skipIf(missing !== undefined && !IN_CI)('the real Debian 12 clients through their drivers', () => {
  let result: MatrixResult;
  let stdout = '';

  beforeAll(async () => {
    if (missing) throw new Error(`prerequisite missing in CI: ${missing}`);
    const out = await mkdtemp(join(tmpdir(), 'mvmatrix-real-drivers-'));
    const run = await mvmatrix(['run', '--profile', ...PROFILES.map((p) => p.id), '--targets', 'band-edges', '--out', out, '--no-reports', '--concurrency', '16']);
    const warnings = run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('progress:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: model drift: openstackclient@installed,api=2\.30: 80 of 200 cells differ from model openstackclient@6\.0\.0\+mv2\.30; first: /);
    expect(run.code).toBe(0);
    stdout = run.stdout;
    result = await readResult(out);
  });

  it('runs every cell of every profile through one long-lived driver process of the installed client', () => {
    expect(result.cells).toHaveLength(PROFILES.length * SCENARIOS * 10);
    for (const profile of PROFILES) {
      const cells = result.cells.filter((c) => c.profile === profile.id);
      expect(cells, profile.id).toHaveLength(SCENARIOS * 10);
      const summary = result.profiles.find((p) => p.id === profile.id)!;
      expect(summary.driver, profile.id).toMatchObject({ processes: 1, code: { kind: 'installed', version: debianUpstream(profile.package) } });
      expect((summary.driver!.code!['loaded'] as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(summary.clientVersion).toBe(debianUpstream(profile.package));
      expect(new Set(cells.map((c) => c.driver?.pid)).size, profile.id).toBe(1);
      for (const cell of cells) expect(['done', 'raised'], `${cell.id}: ${cell.driver?.reason ?? ''}`).toContain(cell.driver?.answer);
    }
  });

  it("judges every request by what the client itself put on the wire (its own User-Agent)", () => {
    for (const profile of PROFILES) {
      const sent = result.cells.filter((c) => c.profile === profile.id && c.request !== null);
      expect(sent.length, profile.id).toBeGreaterThan(20);
      for (const cell of sent) expect(cell.request!.headers['user-agent'], cell.id).toMatch(profile.userAgent);
    }
  });

  it('finds every model profile building exactly what its client sent, cell by cell', () => {
    for (const profile of PROFILES) {
      if ('differing' in profile) continue;
      const model = result.profiles.find((p) => p.id === profile.id)!.driver!.model;
      expect(model, profile.id).toEqual({ profile: profile.model, compared: SCENARIOS * 10, differing: 0, examples: [] });
    }
    expect(stdout).toContain(`driver novaclient@installed: python-novaclient ${debianUpstream('python3-novaclient')}`);
    expect(stdout).toContain(`same requests as model horizon@23.0.0 in all ${SCENARIOS * 10} cells`);
  });

  it('reports where a model drifted from its client: OSC stops at its own server look-up below 2.30', () => {
    const model = result.profiles.find((p) => p.id === 'openstackclient@installed,api=2.30')!.driver!.model as unknown as { differing: number; examples: string[] };
    expect(model.differing).toBe(4 * SCENARIOS);
    const differing = result.cells.filter((c) => c.profile === 'openstackclient@installed,api=2.30' && c.driver?.modelDifference !== undefined);
    expect(new Set(differing.map((c) => c.target.maxMicroversion))).toEqual(new Set(['2.1', '2.24', '2.25', '2.29']));
    for (const cell of differing) {
      expect(cell.driver!.modelDifference).toMatch(/^the client sent no os-migrateLive: it stopped after its own GET \/servers\/[0-9a-f-]+ \(406\)/);
      expect(cell.outcome).toBe('rejected');
      expect(cell.explanation).toContain('refused with 406');
      expect(cell.driver!.raised).toMatch(/^NotAcceptable: Version 2\.30 is not supported by the API/);
    }
  });

  it("shows the real Horizon 23's form forcing a named host on every Nova from 2.30, as the model says", () => {
    const named = result.cells.filter((c) => c.profile === 'horizon@installed' && c.scenario === 'named-noblock-nodoc');
    expect(named.map((c) => `${c.target.maxMicroversion} ${c.outcome}`)).toEqual([
      '2.1 pass', '2.24 pass', '2.25 pass', '2.29 pass', '2.30 drift', '2.33 drift', '2.34 drift', '2.67 drift', '2.68 drift', '2.104 drift',
    ]);
  });
});
