/**
 * Reading a `matrix.json` (or `matrix.partial.json`) in tests: always through the project's own
 * reader, never `JSON.parse`, so the tests follow the on-disk format wherever it goes.
 */
import { readResultFile } from '../../src/matrix/gate-io.js';
import type { MatrixResult } from '../../src/matrix/result.js';

export function readResult(path: string): Promise<MatrixResult> {
  return readResultFile(path);
}
