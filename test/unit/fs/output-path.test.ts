import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareOutputDirectory, prepareOutputFile } from '../../../src/fs/output-path.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvmatrix-outpath-'));
});

describe('output locations, checked before anything runs', () => {
  it('refuses kernel pseudo-filesystems at once instead of looping in mkdir', async () => {
    await expect(prepareOutputDirectory('/proc/self/x', '--out')).rejects.toMatchObject({
      code: 'MVM_ERR_IO',
      where: '--out',
      message: 'could not write to /proc/self/x: it is under /proc, a kernel or device tree that cannot hold output files',
    });
    await expect(prepareOutputDirectory('/sys/kernel/x', '--out')).rejects.toMatchObject({ message: expect.stringContaining('under /sys') });
    await expect(prepareOutputFile('/proc/self/cassette.json', '--out')).rejects.toMatchObject({ code: 'MVM_ERR_IO' });
  });

  it('creates a missing directory, parents included, and leaves no probe behind', async () => {
    const out = join(dir, 'a', 'b', 'c');
    expect(await prepareOutputDirectory(out, '--out')).toBe(out);
    expect(await readdir(out)).toEqual([]);
  });

  it('refuses a path through a file, and a file given as a directory or the reverse', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(prepareOutputDirectory(join(file, 'sub'), '--out')).rejects.toMatchObject({ message: expect.stringContaining('is not a directory') });
    await expect(prepareOutputDirectory(file, '--out')).rejects.toMatchObject({ message: expect.stringContaining('is not a directory') });
    await expect(prepareOutputFile(dir, '--baseline')).rejects.toMatchObject({ where: '--baseline', message: expect.stringContaining('is a directory, not a file') });
  });

  it('refuses a directory that cannot be written', async () => {
    const locked = join(dir, 'locked');
    await prepareOutputDirectory(locked, '--out');
    if (process.getuid?.() === 0) {
      // root writes through any mode bits: a read-only mount is what stops it.
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', locked]);
      try {
        await expect(prepareOutputDirectory(locked, '--out')).rejects.toMatchObject({ message: expect.stringContaining('is not writable (EROFS)') });
      } finally {
        execFileSync('umount', [locked]);
      }
      return;
    }
    await chmod(locked, 0o500);
    try {
      await expect(prepareOutputDirectory(locked, '--out')).rejects.toMatchObject({ message: expect.stringContaining('is not writable (EACCES)') });
    } finally {
      await chmod(locked, 0o700);
    }
  });
});
