/**
 * ajv's options for the files users write (matrix, world, cassette): every error, so
 * describeSchemaProblem can pick the most useful one. Shared by the runtime compiles and the
 * build's precompile of the matrix schema (scripts/build-validators.mjs), which must agree. Pure.
 */
import type { Options } from 'ajv';

/** `code` adds code-generation options (the build's standalone output). */
export function userFileAjvOptions(code: Record<string, unknown> = {}): Options {
  return { allErrors: true, strict: false, code };
}
