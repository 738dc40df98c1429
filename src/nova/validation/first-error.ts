/**
 * The first error python-jsonschema 4.10 (`Draft4Validator.iter_errors`, Nova's `validate()`
 * raises the first one) yields for an instance, walking schema keywords and properties in the
 * schema's own key order, with jsonschema's message texts. Only the keywords Nova's
 * live-migration schemas use are implemented. Pure.
 */
import type { JsonType, NovaSchema } from '../schemas/json-schema.js';
import { PyNumber, pyKeys, pyRepr, pyStrRepr } from '../python-repr.js';
import { pythonSearch } from './python-regexp.js';

/** One jsonschema `ValidationError`: the path to the failing instance, the instance, the message. */
export interface SchemaError {
  readonly path: readonly string[];
  readonly instance: unknown;
  readonly message: string;
}

export interface FirstErrorOptions {
  /** Legacy `/v2`: `additionalProperties: false` strips instead of failing (`_soft_validate_additional_properties`). */
  readonly relaxAdditionalProperties?: boolean;
  /** python-jsonschema ≥ 4.21: a string under `minLength: 1` `should be non-empty` (see NovaRelease.jsonschemaNonEmptyWording). */
  readonly nonEmptyWording?: boolean;
}

/** jsonschema's `minLength` text: 4.21+ says `should be non-empty` when the minimum is 1. */
export function minLengthMessage(instance: string, minLength: number, nonEmptyWording: boolean): string {
  return `${pyRepr(instance)} ${nonEmptyWording && minLength === 1 ? 'should be non-empty' : 'is too short'}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyNumber);
}

function numberOf(v: unknown): { n: number; float: boolean } | undefined {
  if (typeof v === 'number') return { n: v, float: !Number.isInteger(v) };
  if (v instanceof PyNumber) return { n: v.value, float: v.isFloat };
  return undefined;
}

/** Draft 4 `is_type` (bools are neither integers nor numbers; `1.0` is not an integer). */
export function isPyType(v: unknown, type: JsonType): boolean {
  switch (type) {
    case 'object': return isObject(v);
    case 'null': return v === null;
    case 'string': return typeof v === 'string';
    case 'boolean': return typeof v === 'boolean';
    case 'array': return Array.isArray(v);
    case 'number': return numberOf(v) !== undefined;
    case 'integer': { const x = numberOf(v); return x !== undefined && !x.float; }
  }
}

/** Python `==` between JSON-like values (True == 1, 1 == 1.0, deep for dicts and lists). */
function pyEq(a: unknown, b: unknown): boolean {
  const na = typeof a === 'boolean' ? Number(a) : numberOf(a)?.n;
  const nb = typeof b === 'boolean' ? Number(b) : numberOf(b)?.n;
  if (na !== undefined || nb !== undefined) return na === nb;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]));
  }
  return a === b;
}

/** jsonschema's `unbool`: keeps True/False apart from 1/0 when the instance is 0 or 1. */
function unboolEq(a: unknown, b: unknown): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return typeof a === typeof b && a === b;
  return pyEq(a, b);
}

function inEnum(instance: unknown, enums: readonly unknown[]): boolean {
  const n = typeof instance === 'boolean' ? Number(instance) : numberOf(instance)?.n;
  if (n === 0 || n === 1) return enums.some((e) => unboolEq(instance, e));
  return enums.some((e) => pyEq(instance, e));
}

/** Python's `sorted()` on str: by code point, not UTF-16 unit. */
function comparePyStr(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  return ca.length - cb.length;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The first error jsonschema yields, or `null` when the instance is valid. */
export function findFirstSchemaError(schema: NovaSchema, instance: unknown, options: FirstErrorOptions = {}, path: readonly string[] = []): SchemaError | null {
  const err = (message: string): SchemaError => ({ path, instance, message });
  for (const keyword of Object.keys(schema) as (keyof NovaSchema)[]) {
    switch (keyword) {
      case 'type': {
        const raw = schema.type!;
        const types = typeof raw === 'string' ? [raw] : raw;
        if (!types.some((t) => isPyType(instance, t))) return err(`${pyRepr(instance)} is not of type ${types.map((t) => pyStrRepr(t)).join(', ')}`);
        break;
      }
      case 'enum':
        if (!inEnum(instance, schema.enum!)) return err(`${pyRepr(instance)} is not one of ${pyRepr(schema.enum)}`);
        break;
      case 'properties':
        if (isObject(instance)) {
          for (const [prop, sub] of Object.entries(schema.properties!)) {
            if (!Object.hasOwn(instance, prop)) continue;
            const inner = findFirstSchemaError(sub, instance[prop], options, [...path, prop]);
            if (inner) return inner;
          }
        }
        break;
      case 'required':
        if (isObject(instance)) {
          for (const prop of schema.required!) if (!Object.hasOwn(instance, prop)) return err(`${pyStrRepr(prop)} is a required property`);
        }
        break;
      case 'additionalProperties':
        if (isObject(instance) && schema.additionalProperties === false && !options.relaxAdditionalProperties) {
          const known = schema.properties ?? {};
          const extras = pyKeys(instance).filter((k) => !Object.hasOwn(known, k)).sort(comparePyStr);
          if (extras.length > 0) {
            return err(`Additional properties are not allowed (${extras.map(pyStrRepr).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`);
          }
        }
        break;
      case 'minLength':
        if (typeof instance === 'string' && codePointLength(instance) < schema.minLength!) return err(minLengthMessage(instance, schema.minLength!, options.nonEmptyWording === true));
        break;
      case 'maxLength':
        if (typeof instance === 'string' && codePointLength(instance) > schema.maxLength!) return err(`${pyRepr(instance)} is too long`);
        break;
      case 'pattern':
        if (typeof instance === 'string' && !pythonSearch(schema.pattern!, instance)) return err(`${pyRepr(instance)} does not match ${pyStrRepr(schema.pattern!)}`);
        break;
    }
  }
  return null;
}

/**
 * Nova's 400 text for a schema error (`validators._SchemaValidator.validate`): at the root the bare
 * jsonschema message, below it `Invalid input for field/attribute <last path element>. Value:
 * <str(instance)>. <message>`.
 */
export function novaValidationMessage(error: SchemaError): string {
  const last = error.path[error.path.length - 1];
  if (last === undefined) return error.message;
  const value = typeof error.instance === 'string' ? error.instance : pyRepr(error.instance);
  return `Invalid input for field/attribute ${last}. Value: ${value}. ${error.message}`;
}
