/** Reading `reports/pact/verification.json` (an adapter over the pure `parseSummary`). */
import { readFile } from 'node:fs/promises';
import { ERROR_CODES, MvmError } from '../errors.js';
import { parseSummary, type VerificationSummary } from './verification-summary.js';

/** Reads a verification summary; a missing or malformed file is INVALID_INPUT (exit 2) naming it. */
export async function readVerificationSummary(file: string): Promise<VerificationSummary> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MvmError(ERROR_CODES.INVALID_INPUT, `cannot read the Pact verification results: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      where: file,
      hint: 'run `mvmatrix verify` first (it writes reports/pact/verification.json)',
      cause: error,
    });
  }
  return parseSummary(text, file);
}
