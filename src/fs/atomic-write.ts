/**
 * Atomic file writes: write a sibling temporary file, fsync it, then rename over the target,
 * so a reader (or a crash) never sees a half-written report, baseline or cassette.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ERROR_CODES, MvmError } from '../errors.js';

let counter = 0;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${counter++}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new MvmError(ERROR_CODES.IO, `could not write ${path}: ${(error as Error).message}`, {
      where: path,
      hint: 'check that the directory exists and is writable; the previous file, if any, is untouched',
      cause: error,
    });
  }
}
