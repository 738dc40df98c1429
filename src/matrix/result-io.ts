/**
 * `reports/matrix.json` as a file: the one reader every command uses (`report`, `check`,
 * `diff`, the gate) and the writer `run` uses. The format itself is `result-file.ts`.
 */
import { readFile } from 'node:fs/promises';
import { ERROR_CODES, MvmError } from '../errors.js';
import { writeChunksAtomic } from '../fs/atomic-write.js';
import type { MatrixResult } from './result.js';
import { matrixResultChunks, parseMatrixResult } from './result-file.js';

/** Reads and decodes a matrix result file (schema version 1 or 2); bad input is exit 2. */
export async function readMatrixResultFile(file: string): Promise<MatrixResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new MvmError(ERROR_CODES.INVALID_INPUT, code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}`, {
      where: file,
      hint: 'run `mvmatrix run` first, or pass --from <path to matrix.json>',
      cause: error,
    });
  }
  return parseMatrixResult(text, file);
}

/** Writes a result in the current format, atomically, line by line. */
export async function writeMatrixResultFile(file: string, result: MatrixResult): Promise<void> {
  await writeChunksAtomic(file, matrixResultChunks(result));
}
