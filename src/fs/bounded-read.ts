/**
 * Reading the files a user hands us, bounded: the size is checked (with `stat`, then again
 * while reading) before a single byte is parsed, so an oversized or endless input is refused
 * at once instead of being parsed for minutes. The limits are documented in the README
 * ("Guarantees") and docs/matrix.md.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ERROR_CODES, MvmError, type ErrorCode } from '../errors.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const CHUNK_BYTES = 256 * KiB;

/** Every kind of input file, its size limit and the error code its problems carry. */
export const INPUT_LIMITS = {
  /** A matrix definition (YAML). The default matrix is about 6 KB. */
  matrix: { maxBytes: 1 * MiB, code: ERROR_CODES.INVALID_MATRIX, what: 'matrix file' },
  /** A world file (YAML/JSON). The default world is about 5 KB. */
  world: { maxBytes: 1 * MiB, code: ERROR_CODES.INVALID_WORLD, what: 'world file' },
  /** An allow-list (YAML). */
  allowlist: { maxBytes: 1 * MiB, code: ERROR_CODES.INVALID_BASELINE, what: 'allow-list' },
  /** A baseline (JSON, one line per cell). The committed one is about 1.5 MB for 23,749 cells. */
  baseline: { maxBytes: 64 * MiB, code: ERROR_CODES.INVALID_BASELINE, what: 'baseline' },
  /** A cassette (JSON). The committed ones are under 400 KB. */
  cassette: { maxBytes: 64 * MiB, code: ERROR_CODES.INVALID_CASSETTE, what: 'cassette' },
  /** A `matrix.json` read back by `check` (about 1 KB per cell). */
  result: { maxBytes: 512 * MiB, code: ERROR_CODES.INVALID_INPUT, what: 'matrix result' },
  /** A JSONL request set or `request --batch` file. */
  requests: { maxBytes: 16 * MiB, code: ERROR_CODES.INVALID_INPUT, what: 'request file' },
} as const satisfies Record<string, { maxBytes: number; code: ErrorCode; what: string }>;

export type InputKind = keyof typeof INPUT_LIMITS;

/** `1 MiB`, `64 MiB`, `512 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= KiB && bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}

/** The refusal of a file over its limit; `size` is what was seen (at least). */
export function tooLarge(kind: InputKind, file: string, size: number): MvmError {
  const limit = INPUT_LIMITS[kind];
  return new MvmError(ERROR_CODES.INPUT_TOO_LARGE, `the ${limit.what} is larger than its ${formatBytes(limit.maxBytes)} limit (${size} bytes seen); refused before parsing`, {
    where: file,
    hint: `a ${limit.what} this large is almost certainly not one; the limits are listed in the README ("Guarantees")`,
  });
}

function unreadable(kind: InputKind, file: string, error: unknown): MvmError {
  const limit = INPUT_LIMITS[kind];
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new MvmError(limit.code, `cannot read the ${limit.what}: ${reason}`, { where: file, cause: error });
}

function notAFile(kind: InputKind, file: string): MvmError {
  const limit = INPUT_LIMITS[kind];
  return new MvmError(limit.code, `the ${limit.what} is not a regular file`, { where: file, hint: 'pass the path of a file' });
}

/**
 * Reads a user's input file as UTF-8 text, refusing it (INPUT_TOO_LARGE, exit 2) when it is
 * larger than its kind's limit — decided from `stat` before reading, and enforced while reading
 * in case the file grows. Non-regular files (FIFOs, devices) are refused too. The CLI reads its
 * inputs one at a time before anything runs, so the synchronous read blocks nothing.
 */
export async function readInputFile(file: string, kind: InputKind): Promise<string> {
  return readInputFileSync(file, kind);
}

/** {@link readInputFile}, synchronously (the world loader). */
export function readInputFileSync(file: string, kind: InputKind): string {
  const { maxBytes } = INPUT_LIMITS[kind];
  let fd: number;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw notAFile(kind, file);
    if (info.size > maxBytes) throw tooLarge(kind, file, info.size);
    fd = openSync(file, 'r');
  } catch (error) {
    if (error instanceof MvmError) throw error;
    throw unreadable(kind, file, error);
  }
  try {
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const bytesRead = readSync(fd, chunk, 0, CHUNK_BYTES, length);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw tooLarge(kind, file, length);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } catch (error) {
    if (error instanceof MvmError) throw error;
    throw unreadable(kind, file, error);
  } finally {
    closeSync(fd);
  }
}
