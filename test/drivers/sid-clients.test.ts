/**
 * Today's clients — Debian sid's python-novaclient, openstacksdk, openstackclient and Horizon —
 * through their drivers inside the sid root the client proof uses (scripts/build-client-root.sh;
 * CI builds it in scripts/ci/client-roots.sh), entered with chroot: every cell comes from sid's
 * code on sid's Python, and each versioned model builds exactly what its client sent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MatrixResult } from '../../src/matrix/result.js';
import { IN_CI, mvmatrix, readResult } from './support/run-cli.js';

const ROOT = join(process.env['MVMATRIX_CLIENT_ROOTS'] ?? '/var/tmp/mvmatrix-clients', 'sid');
const MARKER = join(ROOT, '.mvmatrix-clients');
const missing = !existsSync(MARKER)
  ? `no sid client root at ${ROOT} (bash scripts/build-client-root.sh sid, or scripts/ci/client-roots.sh)`
  : process.getuid?.() !== 0
    ? `entering ${ROOT} with chroot needs root`
    : undefined;
if (missing && !IN_CI) console.warn(`skipping the sid driver suite: ${missing}`);

/** Debian upstream version of a package in the root (`2:18.13.1-3` → `18.13.1`). */
function rootVersion(pkg: string): string {
  const line = readFileSync(MARKER, 'utf8').split('\n').find((l) => l.startsWith(`${pkg} `)) ?? '';
  return line.split(' ')[1]!.replace(/^\d+:/, '').replace(/-[^-]+$/, '');
}

const CLIENTS = [
  { client: 'novaclient', package: 'python3-novaclient' },
  { client: 'openstacksdk', package: 'python3-openstacksdk' },
  { client: 'openstackclient', package: 'python3-openstackclient' },
  { client: 'horizon', package: 'python3-django-horizon' },
] as const;
const CELLS = 20 * 10; // the default matrix's scenarios at the band edges

describe.skipIf(missing !== undefined && !IN_CI)("Debian sid's clients through their drivers in the sid root", () => {
  let result: MatrixResult;
  let stdout = '';

  beforeAll(async () => {
    if (missing) throw new Error(`prerequisite missing in CI: ${missing}`);
    const out = await mkdtemp(join(tmpdir(), 'mvmatrix-sid-drivers-'));
    const run = await mvmatrix(['run', '--profile', ...CLIENTS.map((c) => `${c.client}@root:${ROOT}`), '--targets', 'band-edges', '--out', out, '--no-reports', '--concurrency', '16']);
    expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('progress:'))).toEqual([]);
    expect(run.code).toBe(0);
    stdout = run.stdout;
    result = await readResult(out);
  });

  it("runs sid's own client code on sid's Python", () => {
    for (const { client, package: pkg } of CLIENTS) {
      const summary = result.profiles.find((p) => p.id === `${client}@root:${ROOT}`)!;
      expect(summary, client).toMatchObject({ client, clientVersion: rootVersion(pkg), driver: { code: { kind: 'installed', version: rootVersion(pkg) } } });
      expect(summary.driver!.python!['version'], client).toMatch(/^3\.1[3-9]\./);
      const cells = result.cells.filter((c) => c.profile === summary.id);
      expect(cells).toHaveLength(CELLS);
      expect(cells.every((c) => c.driver?.answer === 'done' || c.driver?.answer === 'raised')).toBe(true);
    }
    expect(readFileSync(MARKER, 'utf8')).toContain('python3-django-horizon 3:27.0.0');
  });

  it('finds every versioned model building exactly what its sid client sent, cell by cell', () => {
    for (const { client, package: pkg } of CLIENTS) {
      const model = result.profiles.find((p) => p.id === `${client}@root:${ROOT}`)!.driver!.model;
      expect(model, client).toEqual({ profile: `${client}@${rootVersion(pkg)}`, compared: CELLS, differing: 0, examples: [] });
    }
    expect(stdout).toContain(`same requests as model horizon@27.0.0 in all ${CELLS} cells`);
  });

  it("shows OSC 10's own bug below 2.25: a TypeError before anything is sent", () => {
    const cell = result.cells.find((c) => c.id === `openstackclient@root:${ROOT}|auto-noblock-nodoc|mv-2.24`)!;
    expect(cell.outcome).toBe('client-refused');
    expect(cell.refusal).toMatch(/^TypeError: .*unexpected keyword argument 'disk_overcommit'/);
  });

  it('leaves nothing of the driver in the root', () => {
    expect(readdirSync(join(ROOT, 'tmp')).filter((name) => name.startsWith(`mvmatrix-driver-${process.pid}-`))).toEqual([]);
  });
});
