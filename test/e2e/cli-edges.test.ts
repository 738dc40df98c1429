/**
 * The smaller ones of issue #14 (case 7): an --out under /proc fails at once; no command and an
 * unknown help topic are usage errors; an emulator URL from --help works without --target;
 * skipped targets are one summary line on stderr; a bad --bind is reported as --bind; no
 * message repeats its prefix.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type StartedEmulatorServer } from '../../src/nova/adapters/node-server.js';
import { createEmulator } from '../../src/nova/emulator.js';
import { resolveTarget } from '../../src/nova/target.js';
import { cli } from '../support/in-process-cli.js';

let dir: string;
let matrix: string;
let server: StartedEmulatorServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-edges-'));
  matrix = join(dir, 'm.yaml');
  await writeFile(matrix, 'version: 1\ntargets: [zed, mitaka, "2.30"]\nprofiles: [horizon-legacy]\nscenarios:\n  - id: a\n    intent: { host: auto, blockMigration: false, diskOverCommit: false }\n');
  server = await startEmulatorServer({ port: 0, defaultTarget: resolveTarget('zed'), emulator: createEmulator({}), log: () => {} });
});

afterAll(async () => {
  await server?.close();
});

describe('command-line edges', () => {
  it('fails at once for an --out under /proc (exit 3), running nothing', async () => {
    const run = await cli(['run', '--matrix', matrix, '--out', '/proc/self/x']);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('error: --out: could not write to /proc/self/x: it is under /proc, a kernel or device tree that cannot hold output files\nhint: pick a directory on a normal filesystem\n');
    expect(run.stderr).not.toContain('progress');
  });

  it('exits 2 with no command, or help for a command that does not exist', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: no command given');
    const nope = await cli(['help', 'nope']);
    expect(nope.code).toBe(2);
    expect(nope.stderr).toContain("error: unknown command 'nope'");
    expect((await cli(['help', 'run'])).code).toBe(0);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('takes the target from an emulator URL\'s /@<target>/ prefix, as --help shows it', async () => {
    const run = await cli(['run', '--provider', 'url', '--target-url', `${server.url}@zed/v2.1`, '--matrix', matrix, '--out', join(dir, 'out-url'), '--no-reports']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/wrote .*matrix\.json: 1 cells \(pass 1\)/);
  });

  it('puts skipped targets in one line on stderr, each with --verbose, none on stdout', async () => {
    const run = await cli(['run', '--provider', 'url', '--target-url', `${server.url}@zed/v2.1`, '--matrix', matrix, '--out', join(dir, 'out-skip'), '--no-reports']);
    expect(run.stdout).not.toContain('skipped');
    expect(run.stderr.split('\n').filter((l) => l.includes('skipped'))).toEqual([
      expect.stringMatching(/^skipped 2 target\(s\) url: Nova at .* cannot serve \(first: mitaka: .*\); see --verbose or metadata\.skippedTargets in matrix\.json$/),
    ]);
    const verbose = await cli(['run', '--provider', 'url', '--target-url', `${server.url}@zed/v2.1`, '--matrix', matrix, '--out', join(dir, 'out-skip'), '--no-reports', '--verbose']);
    expect(verbose.stderr).toContain('  skipped target mitaka: ');
    expect(verbose.stderr).toContain('  skipped target mv-2.30: ');
  });

  it('reports a bad --bind as --bind', async () => {
    const bad = await cli(['serve', '--port', '0', '--bind', '999.1.1.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error: --bind: '999.1.1.1' is not an IPv4 address");
    // An address this machine does not have: the listen fails, and says where.
    const absent = await cli(['serve', '--port', '0', '--bind', '192.0.2.77']);
    expect(absent.code).toBe(3);
    expect(absent.stderr).toMatch(/^error: --bind: cannot listen on 192\.0\.2\.77:0: /);
  });

  it('never repeats a flag name in front of its own message', async () => {
    const run = await cli(['run', '--concurrency', '0']);
    expect(run.stderr).toBe("error: --concurrency: must be a positive integer (got '0')\n");
    for (const args of [['run', '--timeout', 'x'], ['run', '--concurrency', '1.5'], ['serve', '--port', 'x'], ['record', '--out', join(dir, 'c.json')], ['run', '--update-baseline']]) {
      const { stderr } = await cli(args);
      const doubled = /^error: (--[a-z-]+): \1\b/m.exec(stderr);
      expect(doubled, `${args.join(' ')}: ${stderr}`).toBeNull();
    }
  });
});
