/**
 * One error type for the whole project, with a stable machine-readable code.
 * Only the CLI maps codes to exit codes (see {@link exitCodeFor}).
 */

/** Stable error codes. Never rename one: scripts and tests match on them. */
export const ERROR_CODES = {
  /** A command-line flag or argument is wrong. */
  USAGE: 'MVM_ERR_USAGE',
  /** A microversion string does not match Nova's grammar. */
  INVALID_MICROVERSION: 'MVM_ERR_INVALID_MICROVERSION',
  /** A release name is not in the release table. */
  UNKNOWN_RELEASE: 'MVM_ERR_UNKNOWN_RELEASE',
  /** A Nova target spec (release, max microversion, range) cannot be resolved. */
  INVALID_TARGET: 'MVM_ERR_INVALID_TARGET',
  /** A world file (YAML) is unreadable or does not match its schema. */
  INVALID_WORLD: 'MVM_ERR_INVALID_WORLD',
  /** A matrix definition is unreadable or does not match its schema. */
  INVALID_MATRIX: 'MVM_ERR_INVALID_MATRIX',
  /** A cassette is unreadable or of an unknown format version. */
  INVALID_CASSETTE: 'MVM_ERR_INVALID_CASSETTE',
  /** A baseline or allow-list file is unreadable or malformed. */
  INVALID_BASELINE: 'MVM_ERR_INVALID_BASELINE',
  /** A client profile id is unknown or malformed. */
  UNKNOWN_PROFILE: 'MVM_ERR_UNKNOWN_PROFILE',
  /** A report template directory or template is unusable. */
  INVALID_TEMPLATES: 'MVM_ERR_INVALID_TEMPLATES',
  /** Any other bad input file (JSON, JSONL) the user handed us. */
  INVALID_INPUT: 'MVM_ERR_INVALID_INPUT',
  /** A Nova endpoint, process or container could not be started or reached. */
  PROVIDER: 'MVM_ERR_PROVIDER',
  /** A prerequisite (a Debian package, a binary) is missing. */
  PREREQUISITE: 'MVM_ERR_PREREQUISITE',
  /** Writing an output file failed. */
  IO: 'MVM_ERR_IO',
  /** The compatibility gate found regressions. */
  GATE_FAILED: 'MVM_ERR_GATE_FAILED',
  /** An input file is larger than its documented size limit (refused before it is parsed). */
  INPUT_TOO_LARGE: 'MVM_ERR_INPUT_TOO_LARGE',
  /** The baseline was written for another matrix: too few cells in common to compare. */
  BASELINE_MISMATCH: 'MVM_ERR_BASELINE_MISMATCH',
  /** A run stopped short: the provider or the network failed partway, so some cells have no answer. */
  RUN_INCOMPLETE: 'MVM_ERR_RUN_INCOMPLETE',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface MvmErrorOptions {
  /** Where the problem is: a file, a file plus a JSON path, a flag name. */
  where?: string;
  /** What the user can do about it. */
  hint?: string;
  cause?: unknown;
}

/** The project's error: what went wrong, where, and how to fix it. */
export class MvmError extends Error {
  readonly code: ErrorCode;
  readonly where: string | undefined;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: MvmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MvmError';
    this.code = code;
    this.where = options.where;
    this.hint = options.hint;
  }

  /**
   * One or more lines for a terminal: `error: <where>: <message>` and `hint: ...`. A message
   * that already starts with its `where` is not prefixed twice.
   */
  format(): string {
    const head = this.where && !this.message.startsWith(this.where) ? `${this.where}: ${this.message}` : this.message;
    return this.hint ? `error: ${head}\nhint: ${this.hint}` : `error: ${head}`;
  }
}

export function isMvmError(value: unknown): value is MvmError {
  return value instanceof MvmError;
}

/** Exit codes, documented in the README and in `--help`. */
export const EXIT_CODES = {
  OK: 0,
  GATE_FAILED: 1,
  USAGE: 2,
  INFRASTRUCTURE: 3,
} as const;

/** The CLI's single mapping from an error code to an exit code. */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case ERROR_CODES.GATE_FAILED:
      return EXIT_CODES.GATE_FAILED;
    case ERROR_CODES.PROVIDER:
    case ERROR_CODES.PREREQUISITE:
    case ERROR_CODES.IO:
    case ERROR_CODES.RUN_INCOMPLETE:
      return EXIT_CODES.INFRASTRUCTURE;
    default:
      return EXIT_CODES.USAGE;
  }
}
