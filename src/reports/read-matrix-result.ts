/**
 * Reading `reports/matrix.json` back for `mvmatrix report`: the shared reader of
 * `src/matrix/result-io.ts` (versions 1 and 2; a missing file, invalid JSON or another schema
 * version is a coded error naming the file, exit 2).
 */
export { decodeMatrixResult } from '../matrix/result-file.js';
export { readMatrixResultFile as readMatrixResult } from '../matrix/result-io.js';
