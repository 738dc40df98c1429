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

/** Bytes gathered before each write when chunks are small (a line per cell): the reused buffer's size. */
const WRITE_BATCH = 1 << 20;

/**
 * Like {@link writeFileAtomic}, for content produced piece by piece (a large report line by
 * line, or a file read back as it is copied): the chunks go to the temporary file in batches,
 * never joined into one string. Each chunk is copied or written before the next one is asked
 * for, so a producer may hand out the same buffer again.
 */
export async function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void> {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.${counter++}.tmp`);
  let untrack: (() => void) | undefined;
  try {
    await ensureDirectory(dir);
    const handle = await open(temporary, 'w');
    untrack = trackTemporaryFile(temporary, path);
    try {
      // Chunks are encoded into one reused buffer as they come and written when it fills: a
      // chunk dies as soon as it is copied (a run's hundreds of thousands of small chunks never
      // pile up, nor a new buffer per write); a chunk larger than the buffer is written as it is.
      const buffer = Buffer.allocUnsafe(WRITE_BATCH);
      let used = 0;
      const flush = async (): Promise<void> => {
        let done = 0;
        while (done < used) done += (await handle.write(buffer, done, used - done)).bytesWritten;
        used = 0;
      };
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      const most = (chunk: string | Uint8Array): number => (typeof chunk === 'string' ? chunk.length * 3 : chunk.length);
      const copy = (chunk: string | Uint8Array): void => {
        if (typeof chunk === 'string') used += buffer.write(chunk, used);
        else {
          buffer.set(chunk, used);
          used += chunk.length;
        }
      };
      /** A chunk that does not fit what is left: flush, then copy it, or write it as it is when larger than the buffer. */
      const spill = async (chunk: string | Uint8Array): Promise<void> => {
        await flush();
        // FileHandle.writeFile writes from the current position: successive calls append.
        if (most(chunk) > buffer.length) await handle.writeFile(chunk);
        else copy(chunk);
      };
      if (Symbol.asyncIterator in chunks) {
        for await (const chunk of chunks) {
          if (used + most(chunk) <= buffer.length) copy(chunk);
          else await spill(chunk);
        }
      } else {
        for (const chunk of chunks) {
          if (used + most(chunk) <= buffer.length) copy(chunk);
          else await spill(chunk);
        }
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
    throw writeError(path, error);
  }
}

/** The IO error (exit 3) for a file that could not be written: ENOSPC said in words; the previous file is untouched. */
export function writeError(path: string, error: unknown): MvmError {
  if (error instanceof MvmError) return error;
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new MvmError(ERROR_CODES.IO, `could not write the file: ${reason === 'ENOSPC' ? 'no space left on the device (ENOSPC)' : (error as Error).message}`, {
    where: path,
    hint: 'check that the directory exists, is writable and has space; the previous file, if any, is untouched',
    cause: error,
  });
}
