/**
 * Atomic file writes: write a sibling temporary file, fsync it, then rename over the target,
 * so a reader (or a crash) never sees a half-written report, baseline or cassette. The
 * temporary file is removed on failure, and tracked so a signal handler can remove it too
 * (`src/fs/temp-files.ts`).
 */
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ERROR_CODES, MvmError } from '../errors.js';
import { ensureDirectory } from './output-path.js';
import { trackTemporaryFile } from './temp-files.js';

let counter = 0;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeChunksAtomic(path, [data]);
}

/** Bytes gathered before each write when chunks are small (a line per cell). */
const WRITE_BATCH = 1 << 20;

/**
 * Like {@link writeFileAtomic}, for content produced piece by piece (a large report line by
 * line): the chunks go to the temporary file in batches, never joined into one string.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>): Promise<void> {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${counter++}.tmp`);
  let untrack: (() => void) | undefined;
  try {
    await ensureDirectory(dir);
    const handle = await open(temporary, 'w');
    untrack = trackTemporaryFile(temporary, path);
    try {
      let batch: (string | Uint8Array)[] = [];
      let size = 0;
      let onlyText = true;
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        // FileHandle.writeFile writes from the current position: successive calls append.
        // Text is joined and encoded once (not encoded chunk by chunk and then copied again).
        const data = batch.length === 1 ? batch[0]! : onlyText ? batch.join('') : Buffer.concat(batch.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
        await handle.writeFile(data);
        batch = [];
        size = 0;
        onlyText = true;
      };
      for (const chunk of chunks) {
        batch.push(chunk);
        if (typeof chunk !== 'string') onlyText = false;
        size += chunk.length;
        if (size >= WRITE_BATCH) await flush();
      }
      await flush();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    untrack();
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    untrack?.();
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new MvmError(ERROR_CODES.IO, `could not write the file: ${reason === 'ENOSPC' ? 'no space left on the device (ENOSPC)' : (error as Error).message}`, {
      where: path,
      hint: 'check that the directory exists, is writable and has space; the previous file, if any, is untouched',
      cause: error,
    });
  }
}
