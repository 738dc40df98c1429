/**
 * `reports/matrix.json` written while the cells run, so a run keeps no cell once it is written:
 * each block of cells is encoded (`result-file.ts`'s {@link CellLineEncoder}) and appended to a
 * spool file beside the output; {@link MatrixResultStream.finish} then writes the file
 * atomically — the head (known only when the run ends: its finish time, the profiles' driver
 * evidence), the spooled lines read back, and the evidence table. The bytes are those
 * `writeMatrixResultFile` writes for the same result. The spool is a tracked temporary file: an
 * interrupt removes it, and so do `finish` and `discard`.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeChunksAtomic, writeError } from '../fs/atomic-write.js';
import { trackTemporaryFile } from '../fs/temp-files.js';
import { CellLineEncoder, matrixResultHead } from './result-file.js';
import type { CellResult, CellTarget, MatrixResult } from './result.js';

/** Bytes read back from the spool per chunk. */
const READ_CHUNK = 1 << 20;

/** Bytes of encoded lines gathered before each write to the spool: the reused buffer's size. */
const WRITE_CHUNK = 1 << 20;

export class MatrixResultStream {
  private written = 0;
  private closed = false;
  private readonly buffer = Buffer.allocUnsafe(WRITE_CHUNK);

  private constructor(
    /** The file the spool becomes (errors name it: the spool is an implementation detail). */
    private readonly outFile: string,
    private readonly spool: string,
    private readonly handle: FileHandle,
    private readonly untrack: () => void,
    private readonly encoder: CellLineEncoder,
  ) {}

  /**
   * Opens a spool beside `outFile`. `targets`: every target the cells may name (a cell of one of
   * them writes its id only, as the result's `metadata.targets` make it).
   */
  static async open(outFile: string, targets: readonly CellTarget[]): Promise<MatrixResultStream> {
    const spool = join(dirname(outFile), `.${basename(outFile)}.${process.pid}.${Date.now()}.cells.tmp`);
    let handle: FileHandle;
    try {
      handle = await open(spool, 'w');
    } catch (error) {
      throw writeError(outFile, error);
    }
    return new MatrixResultStream(outFile, spool, handle, trackTemporaryFile(spool, outFile), new CellLineEncoder(targets));
  }

  /**
   * Appends cells (in result order) to the spool. Each line is encoded straight into one reused
   * buffer, written when it fills: no block-sized string is joined, nor a new buffer made for it.
   * One call at a time (the encoder numbers evidence in file order anyway).
   */
  async write(cells: readonly CellResult[]): Promise<void> {
    if (cells.length === 0) return;
    const { buffer, handle } = this;
    const before = this.written;
    this.written += cells.length;
    let used = 0;
    const flush = async (): Promise<void> => {
      let done = 0;
      while (done < used) done += (await handle.write(buffer, done, used - done)).bytesWritten;
      used = 0;
    };
    try {
      for (let i = 0; i < cells.length; i++) {
        const line = `${before + i === 0 ? '' : ',\n'}${this.encoder.encode(cells[i]!)}`;
        // UTF-8 takes at most 3 bytes per UTF-16 code unit.
        if (used + line.length * 3 > buffer.length) await flush();
        // A line larger than the buffer is written as it is (writeFile writes all of it from the current position).
        if (line.length * 3 > buffer.length) await handle.writeFile(line);
        else used += buffer.write(line, used);
      }
      await flush();
    } catch (error) {
      throw writeError(this.outFile, error);
    }
  }

  /**
   * Writes the result file atomically (`file`: matrix.json, or the partial result beside it),
   * then removes the spool. No cell can be written afterwards.
   */
  async finish(file: string, head: Pick<MatrixResult, 'metadata' | 'profiles' | 'scenarios'>): Promise<void> {
    await this.close();
    const { spool, written, encoder } = this;
    // Only what the head holds (a result whose cells were streamed still has an empty list).
    const { metadata, profiles, scenarios } = head;
    async function* chunks(): AsyncGenerator<string | Uint8Array> {
      yield matrixResultHead({ metadata, profiles, scenarios });
      // The spool read back through one buffer: each piece is copied out before the next read.
      const buffer = Buffer.allocUnsafe(READ_CHUNK);
      const reader = await open(spool, 'r');
      try {
        for (;;) {
          const { bytesRead } = await reader.read(buffer, 0, buffer.length, null);
          if (bytesRead === 0) break;
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        await reader.close();
      }
      yield `${written === 0 ? '' : '\n'}${encoder.tail()}`;
    }
    try {
      await writeChunksAtomic(file, chunks());
    } finally {
      await this.remove();
    }
  }

  /** Drops the spool (the run failed before its result could be written). */
  async discard(): Promise<void> {
    await this.close();
    await this.remove();
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  private async remove(): Promise<void> {
    await rm(this.spool, { force: true });
    this.untrack();
  }
}
