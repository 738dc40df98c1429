/**
 * Reading `reports/matrix.json` back for `mvmatrix report`: a missing file, invalid JSON or
 * another schema version is a coded error naming the file (exit 2).
 */
import { readFile } from 'node:fs/promises';
import { ERROR_CODES, MvmError } from '../errors.js';
import { OUTCOMES, type MatrixResult } from '../matrix/result.js';

function invalid(file: string, message: string, hint?: string, cause?: unknown): MvmError {
  return new MvmError(ERROR_CODES.INVALID_INPUT, message, { where: file, ...(hint ? { hint } : {}), ...(cause ? { cause } : {}) });
}

/** Checks the shape the reports rely on; returns the document typed. */
export function decodeMatrixResult(value: unknown, file: string): MatrixResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(file, 'not a matrix result: expected a JSON object');
  const doc = value as Record<string, unknown>;
  if (doc.schemaVersion !== 1) {
    throw invalid(file, `unsupported schemaVersion ${JSON.stringify(doc.schemaVersion)} (this mvmatrix reads version 1)`, 're-run `mvmatrix run` with this version of mvmatrix to regenerate it');
  }
  const metadata = doc.metadata as Record<string, unknown> | undefined;
  if (typeof metadata !== 'object' || metadata === null || !Array.isArray(metadata.targets)) throw invalid(file, 'metadata.targets is missing');
  for (const key of ['profiles', 'scenarios', 'cells'] as const) {
    if (!Array.isArray(doc[key])) throw invalid(file, `${key} must be an array`);
  }
  (doc.cells as unknown[]).forEach((cell, i) => {
    const c = cell as Record<string, unknown> | null;
    const target = c?.target as Record<string, unknown> | undefined;
    if (!c || typeof c.id !== 'string' || typeof c.profile !== 'string' || typeof c.scenario !== 'string' || typeof c.outcome !== 'string' || typeof target?.id !== 'string') {
      throw invalid(`${file}: cells[${i}]`, 'a cell needs id, profile, scenario, outcome and target.id');
    }
    if (!(OUTCOMES as readonly string[]).includes(c.outcome as string)) {
      throw invalid(`${file}: cells[${i}].outcome`, `unknown outcome ${JSON.stringify(c.outcome)}`, `one of: ${OUTCOMES.join(', ')}`);
    }
  });
  return doc as unknown as MatrixResult;
}

/** Reads and decodes a matrix result file. */
export async function readMatrixResult(file: string): Promise<MatrixResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(file, code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}`, 'run `mvmatrix run` first, or pass --from <path to matrix.json>', error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalid(file, `invalid JSON: ${(error as Error).message}`, undefined, error);
  }
  return decodeMatrixResult(parsed, file);
}
