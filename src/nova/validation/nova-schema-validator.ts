/**
 * Nova request-body validation: ajv decides valid bodies (the fast path; compiled ahead of time
 * in builds); only an invalid body goes through {@link findFirstSchemaError} to produce exactly
 * the 400 text Nova answers.
 * Legacy `/v2` strips unknown properties instead of rejecting them. Pure (ajv generates code
 * but does no I/O).
 */
import type { NovaSchema } from '../schemas/json-schema.js';
import { PyNumber, toPlainJson } from '../python-repr.js';
import { novaValidator, type NovaValidator } from './compiled-validators.js';
import { findFirstSchemaError, novaValidationMessage, type SchemaError } from './first-error.js';
import { novaSchemaName } from './schema-registry.js';

const byObject = new WeakMap<NovaSchema, NovaValidator>();

/** The compiled validator of a registered schema (precompiled in builds, see compiled-validators.ts). */
export function compiledValidator(schema: NovaSchema): NovaValidator {
  let fn = byObject.get(schema);
  if (!fn) {
    fn = novaValidator(novaSchemaName(schema));
    byObject.set(schema, fn);
  }
  return fn;
}

export type BodyValidation =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly message: string; readonly error: SchemaError };

export interface ValidateBodyOptions {
  /** Legacy `/v2`: unknown properties are stripped (the returned body is a stripped copy). */
  readonly legacyV2?: boolean;
  /** The release's jsonschema wording (NovaRelease.jsonschemaNonEmptyWording). */
  readonly nonEmptyWording?: boolean;
}

/**
 * Validates `body` (plain JSON or from `parseJsonLikePython`) against a Nova schema.
 * Valid → `{ok: true, body}` (stripped copy on legacy /v2, else the input itself);
 * invalid → Nova's 400 message.
 */
export function validateNovaBody(schema: NovaSchema, body: unknown, options: ValidateBodyOptions = {}): BodyValidation {
  // Frozen bodies (the emulator's cache of parsed request bodies) cannot change: remember their verdict.
  if (body === null || typeof body !== 'object' || !Object.isFrozen(body)) return validate(schema, body, options);
  const memo = options.legacyV2 ? LEGACY_VERDICTS : VERDICTS;
  let bySchema = memo.get(body);
  if (!bySchema) {
    bySchema = new WeakMap();
    memo.set(body, bySchema);
  }
  let verdict = bySchema.get(schema);
  if (!verdict) {
    verdict = validate(schema, body, options);
    bySchema.set(schema, verdict);
  }
  return verdict;
}

const VERDICTS = new WeakMap<object, WeakMap<NovaSchema, BodyValidation>>();
const LEGACY_VERDICTS = new WeakMap<object, WeakMap<NovaSchema, BodyValidation>>();

function validate(schema: NovaSchema, body: unknown, options: ValidateBodyOptions): BodyValidation {
  const candidate = options.legacyV2 ? stripAdditionalProperties(schema, body) : body;
  if (compiledValidator(schema)(toPlainJson(candidate))) return { ok: true, body: candidate };
  const error = findFirstSchemaError(schema, body, { relaxAdditionalProperties: options.legacyV2 === true, nonEmptyWording: options.nonEmptyWording === true });
  if (!error) {
    // ajv and the Python-order walker disagree: a bug in this module, never a user error.
    throw new Error('internal: ajv rejected a body the jsonschema walker accepts');
  }
  return { ok: false, message: novaValidationMessage(error), error };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyNumber);
}

/** A copy without the properties `additionalProperties: false` would reject (legacy /v2 behaviour). */
export function stripAdditionalProperties(schema: NovaSchema, value: unknown): unknown {
  if (!isObject(value) || (schema.properties === undefined && schema.additionalProperties !== false)) return value;
  const props = schema.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = props[k];
    if (sub) out[k] = stripAdditionalProperties(sub, v);
    else if (schema.additionalProperties !== false) out[k] = v;
  }
  return out;
}
