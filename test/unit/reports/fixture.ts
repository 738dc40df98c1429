/** Loads the synthetic matrix result shared by the report tests. */
import { readFileSync } from 'node:fs';
import type { MatrixResult } from '../../../src/matrix/result.js';

export const MATRIX_SMALL_PATH = new URL('../../fixtures/reports/matrix-small.json', import.meta.url);
export const HOSTILE_HOST = '<img src=x onerror=alert(1)>';

export function loadMatrixSmall(): MatrixResult {
  return JSON.parse(readFileSync(MATRIX_SMALL_PATH, 'utf8')) as MatrixResult;
}
