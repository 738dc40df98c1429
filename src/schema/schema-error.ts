/**
 * Turning ajv's errors on a user's file (matrix, world, cassette) into one message that says
 * where the problem is, what was expected and what was found. Pure.
 */
import type { ErrorObject } from 'ajv';

export interface SchemaProblem {
  /** JSON pointer of the offending value (for missing or unknown keys: of the object holding them). */
  readonly pointer: string;
  /** `expected one of "a", "b" (got "c")`, `unknown key 'x'`, `missing required key 'y'`. */
  readonly message: string;
}

/** The single most useful ajv error: the deepest one, skipping oneOf/anyOf/if wrappers. */
export function pickSchemaError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const concrete = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const pool = concrete.length > 0 ? concrete : errors;
  if (pool.length === 0) return undefined;
  const depth = (e: ErrorObject): number => e.instancePath.split('/').length;
  const deepest = Math.max(...pool.map(depth));
  const atDepth = pool.filter((e) => depth(e) === deepest);
  // additionalProperties and enum name the fix most directly.
  return atDepth.find((e) => e.keyword === 'additionalProperties' || e.keyword === 'enum') ?? atDepth[0];
}

/** What the schema wanted, in words a user can act on. */
export function describeExpectation(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key '${String(params['additionalProperty'])}'`;
    case 'enum':
      return `expected one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `expected ${JSON.stringify(params['allowedValue'])}`;
    case 'required':
      return `missing required key '${String(params['missingProperty'])}'`;
    case 'type':
      return `expected a value of type ${String(params['type'])}`;
    case 'pattern':
      return `expected a value matching ${String(params['pattern'])}`;
    default:
      return error.message ?? 'invalid value';
  }
}

/** A short rendering of the value found, for `(got …)`. */
export function shownValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(data: unknown, pointer: string): unknown {
  let value: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    value = (value as Record<string, unknown> | undefined)?.[part];
  }
  return value;
}

/** The problem to report for a failed validation of `data`, or `undefined` when ajv gave none. */
export function describeSchemaProblem(errors: readonly ErrorObject[] | null | undefined, data: unknown): SchemaProblem | undefined {
  const error = pickSchemaError(errors ?? []);
  if (!error) return undefined;
  const pointer = error.instancePath;
  const names = error.keyword === 'required' || error.keyword === 'additionalProperties';
  const got = names ? '' : ` (got ${shownValue(valueAt(data, pointer))})`;
  return { pointer, message: `${describeExpectation(error)}${got}` };
}
