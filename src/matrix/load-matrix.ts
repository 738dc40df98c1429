/**
 * Reading matrix definitions from disk (the adapter around `definition.ts`): the file's
 * bytes, their sha256 for the result metadata, and the schema shipped in `matrix/schema/`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, MvmError } from '../errors.js';
import { readInputFile } from '../fs/bounded-read.js';
import { parseMatrixDefinition, type MatrixDefinition } from './definition.js';

/** `<package root>/matrix/schema/`: src/matrix and dist/matrix sit at the same depth. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../matrix/schema/', import.meta.url));
/** The default matrix shipped with the package. */
export const DEFAULT_MATRIX_FILE = fileURLToPath(new URL('../../matrix/default.yaml', import.meta.url));

let cachedSchema: Promise<object> | undefined;

/** The matrix definition JSON Schema, read once per process. */
export function loadMatrixSchema(): Promise<object> {
  cachedSchema ??= readFile(`${SCHEMA_DIR}matrix.schema.json`, 'utf8').then((text) => JSON.parse(text) as object);
  return cachedSchema;
}

export interface LoadedMatrix {
  readonly definition: MatrixDefinition;
  /** sha256 (hex) of the file's bytes. */
  readonly hash: string;
}

/** Reads, hashes and validates a matrix file; `displayName` is used in messages. */
export async function loadMatrixFile(path: string, displayName = path): Promise<LoadedMatrix> {
  let text: string;
  try {
    text = await readInputFile(path, 'matrix');
  } catch (error) {
    // Name the file as the user gave it, and say where the default lives.
    if (error instanceof MvmError && error.code === ERROR_CODES.INVALID_MATRIX) {
      throw new MvmError(ERROR_CODES.INVALID_MATRIX, error.message, { where: displayName, hint: 'pass an existing file with --matrix (default: matrix/default.yaml)', cause: error });
    }
    throw error;
  }
  const definition = parseMatrixDefinition(text, displayName, await loadMatrixSchema());
  return { definition, hash: createHash('sha256').update(text, 'utf8').digest('hex') };
}
