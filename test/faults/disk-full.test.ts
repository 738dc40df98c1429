/**
 * A disk that fills up: the outputs go to a small tmpfs that is then filled to the last byte.
 * Writing the new matrix.json fails with ENOSPC: the run exits 3 saying so, the previous
 * outputs stay byte for byte, and no temporary file is left. Needs `mount -t tmpfs` (root);
 * outside CI a machine that cannot mount skips with the reason, in CI (CI=true) it must run.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, runCli } from '../support/cli-process.js';
import { plainMatrix, snapshot, strayFiles } from '../support/out-dir.js';

function tryMount(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here (${((error as { stderr?: Buffer }).stderr?.toString() ?? String(error)).trim()}); run as root, or in CI`;
  }
}

let dir: string;
let disk: string;
let unavailable: string | null = 'not tried';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-diskfull-'));
  disk = join(dir, 'disk');
  await mkdir(disk);
  unavailable = tryMount(disk);
  if (unavailable !== null && process.env['CI'] === 'true') throw new Error(`the disk-full test must run in CI: ${unavailable}`);
});

afterAll(async () => {
  if (unavailable === null) execFileSync('umount', [disk]);
  await rm(dir, { recursive: true, force: true });
});

/** Writes into `file` until the filesystem has no byte left. */
async function fill(file: string): Promise<void> {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(4096, 0x78);
  try {
    for (;;) await handle.write(chunk);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    await handle.close();
  }
}

describe.skipIf(!builtCli)('a full disk', () => {
  it('exits 3 naming ENOSPC, keeps the previous outputs byte for byte and leaves no temporary file', async (context) => {
    if (unavailable !== null) context.skip(unavailable);
    const matrix = join(dir, 'm.yaml');
    await writeFile(matrix, plainMatrix('zed', ['horizon-legacy', 'novaclient@2.68'], 30));
    const out = join(disk, 'reports');
    const first = await runCli(['run', '--matrix', matrix, '--out', out, '--quiet']);
    expect(first.code).toBe(0);
    const before = await snapshot(out);
    await fill(join(disk, 'filler'));

    const run = await runCli(['run', '--matrix', matrix, '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`error: ${join(out, 'matrix.json')}: could not write the file: no space left on the device (ENOSPC)`);
    expect(await snapshot(out)).toEqual(before);
    expect(await strayFiles(out)).toEqual([]);

    const baseline = join(disk, 'baseline.json');
    const update = await runCli(['check', '--from', join(out, 'matrix.json'), '--baseline', baseline, '--update-baseline']);
    expect(update.code).toBe(3);
    expect(update.stderr).toContain('ENOSPC');
    expect(await strayFiles(disk)).toEqual([]);
  });
});
