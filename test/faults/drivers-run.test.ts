/**
 * `mvmatrix run` with a driver profile whose "python" misbehaves (fake drivers in
 * test/fixtures/drivers): every cell still gets an outcome — `error`, with the reason — the
 * run ends, the gate fails (a broken client is worse, not an infrastructure problem), and no
 * driver process is left behind.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { liveDriverCount } from '../../src/drivers/driver-process.js';
import type { MatrixResult } from '../../src/matrix/result.js';
import { readMatrixResultFile } from '../../src/matrix/result-io.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/drivers/', import.meta.url));
const TIMEOUT_MS = 1_500;

const MATRIX = `version: 1
targets: ["2.30", zed]
profiles: [horizon-legacy]
scenarios:
  - id: auto-plain
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
  - id: named-plain
    intent: { host: named, blockMigration: false, diskOverCommit: false }
  - id: shutoff
    intent: { host: auto, blockMigration: false, diskOverCommit: false }
    world: { server: shutoff }
    expect: { error: { status: 409, message: vm_state stopped } }
`;

let dir: string;
let matrix: string;
let pidDir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-driver-faults-'));
  pidDir = await mkdtemp(join(tmpdir(), 'mvmatrix-driver-pids-'));
  process.env['FAKE_DRIVER_PID_DIR'] = pidDir;
  matrix = join(dir, 'm.yaml');
  await writeFile(matrix, MATRIX);
});

afterAll(async () => {
  delete process.env['FAKE_DRIVER_PID_DIR'];
  const pids = (await readdir(pidDir)).map(Number);
  expect(pids.length).toBeGreaterThan(0);
  const alive = pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  expect(alive).toEqual([]);
});

async function run(fixture: string, out: string, extra: string[] = []): Promise<{ code: number; stdout: string; stderr: string; result: MatrixResult }> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['run', '--matrix', matrix, '--profile', `novaclient@installed:${FIXTURES}${fixture},workers=1,as=novaclient-under-test`, '--out', join(dir, out), '--no-reports', '--timeout', String(TIMEOUT_MS), ...extra],
    { env: {}, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false },
  );
  const result = await readMatrixResultFile(join(dir, out, 'matrix.json'));
  expect(liveDriverCount()).toBe(0);
  return { code, stdout, stderr, result };
}

describe('mvmatrix run with a real-client driver', () => {
  it('judges each cell by the request the driver sent, captured on the wire, and says which code sent it', async () => {
    const { code, result, stdout } = await run('driver-that-sends', 'sends', ['--baseline', join(dir, 'baseline.json'), '--update-baseline']);
    expect(code).toBe(0);
    expect(result.cells).toHaveLength(6);
    expect(result.cells.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'expected-error', 'expected-error']);
    for (const cell of result.cells) {
      expect(cell.profile).toBe('novaclient-under-test');
      expect(cell.request?.headers['user-agent']).toBe('scripted-driver');
      expect(cell.driver).toMatchObject({ answer: 'done', exchanges: 1 });
    }
    expect(result.profiles[0]).toMatchObject({ id: 'novaclient-under-test', client: 'novaclient', clientVersion: '0.0.1', driver: { code: { project: 'fake-client' }, processes: 1 } });
    expect(stdout).toContain('driver novaclient-under-test: fake-client 0.0.1');
  });

  it('gives error cells naming the deadline when the driver hangs, and fails the gate instead of hanging', async () => {
    const { code, result, stdout } = await run('driver-that-hangs', 'hangs', ['--baseline', join(dir, 'baseline.json')]);
    expect(code).toBe(1);
    expect(stdout).toContain('novaclient-under-test|auto-plain|mv-2.30');
    expect(result.cells.every((c) => c.outcome === 'error')).toBe(true);
    expect(result.cells[0]!.explanation).toMatch(/^client driver failure: novaclient-under-test: novaclient driver 'novaclient-under-test' .* gave no answer within 1500 ms \(hung; killed\)/);
    // One deadline per process (the first and three restarts); after that budget the rest fail
    // at once rather than waiting out more deadlines.
    const reasons = result.cells.map((c) => c.driver?.reason ?? '');
    expect(reasons.filter((r) => r.includes('gave no answer within 1500 ms') && !r.includes('not restarted'))).toHaveLength(4);
    expect(reasons.filter((r) => r.includes('failed 4 times; not restarted again'))).toHaveLength(2);
    expect(result.profiles[0]!.driver?.failure).toContain('not restarted again');
  });

  it('gives error cells with the exit code and the traceback when the driver crashes', async () => {
    const { code, result } = await run('driver-that-crashes', 'crashes');
    expect(code).toBe(0);
    expect(result.cells.every((c) => c.outcome === 'error')).toBe(true);
    expect(result.cells[0]!.driver).toMatchObject({ answer: 'failed' });
    expect(result.cells[0]!.driver?.reason).toMatch(/exited with code 3; stderr: Traceback \(most recent call last\): \| RuntimeError: boom/);
  });

  it('gives error cells quoting the garbage when the driver prints something that is not protocol', async () => {
    const { result } = await run('driver-that-prints-garbage', 'garbage');
    expect(result.cells.every((c) => c.outcome === 'error')).toBe(true);
    expect(result.cells[0]!.driver?.reason).toContain('printed a line that is not protocol: not JSON: "<!doctype html><p>not protocol</p>"');
  });

  it('gives error cells with the import error when the driver cannot start', async () => {
    const { code, result } = await run('driver-that-never-says-hello', 'no-hello');
    expect(code).toBe(0);
    expect(result.cells.every((c) => c.outcome === 'error' && c.driver?.reason?.includes('ImportError: No module named openstack_dashboard'))).toBe(true);
    expect(result.profiles[0]).toMatchObject({ driver: { failure: expect.stringContaining('before its hello') as unknown } });
    expect(result.profiles[0]!.title).toContain('did not start');
  });

  it('refuses a checkout that does not exist before anything starts (exit 2)', async () => {
    let stderr = '';
    const code = await main(['run', '--matrix', matrix, '--profile', `horizon@src:${join(dir, 'no-such-checkout')}`, '--out', join(dir, 'none')], {
      env: {},
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(stderr).toContain(`checkout ${join(dir, 'no-such-checkout')} of driver profile 'horizon@src:`);
    expect(stderr).toContain('is not a directory');
  });
});
