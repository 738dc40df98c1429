/**
 * `reports/matrix.json` as a file: the one reader every command uses (`report`, `check`,
 * `diff`, the gate) and the writer `run` uses. The format itself is `result-file.ts`.
 */
import { ERROR_CODES, MvmError, isMvmError } from '../errors.js';
import { readInputFile } from '../fs/bounded-read.js';
import { writeChunksAtomic } from '../fs/atomic-write.js';
import type { MatrixResult } from './result.js';
import { matrixResultChunks, parseMatrixResult } from './result-file.js';

/** Reads and decodes a matrix result file (schema version 1 or 2); bad input is exit 2. */
export async function readMatrixResultFile(file: string): Promise<MatrixResult> {
  let text: string;
  try {
    // Bounded: refused by size before it is parsed (src/fs/bounded-read.ts).
    text = await readInputFile(file, 'result');
  } catch (thrown) {
    if (isMvmError(thrown) && thrown.code === ERROR_CODES.INPUT_TOO_LARGE) throw thrown;
    const error = (isMvmError(thrown) ? thrown.cause : thrown) ?? thrown;
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
