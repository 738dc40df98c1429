/**
 * The compiled validator of every registered Nova schema (`schema-registry.ts`), by name.
 *
 * This file is what runs from the TypeScript sources (tests): ajv compiles a schema on first use.
 * `npm run build` replaces its compiled output with ajv's standalone code for every registered
 * schema (scripts/build-validators.mjs, same options), so the shipped CLI neither loads ajv nor
 * compiles anything at start. Pure (ajv generates code, but does no I/O).
 */
import { Ajv } from 'ajv';
import { novaAjvOptions } from './ajv-options.js';
import { NOVA_SCHEMAS } from './schema-registry.js';

/** A compiled schema: true when `data` is valid. */
export type NovaValidator = (data: unknown) => boolean;

/** False here; true in the build's precompiled replacement. */
export const PRECOMPILED = false;

let ajv: Ajv | undefined;
const compiled = new Map<string, NovaValidator>();

/** The validator registered as `name`. */
export function novaValidator(name: string): NovaValidator {
  let fn = compiled.get(name);
  if (!fn) {
    const schema = NOVA_SCHEMAS.find(([n]) => n === name)?.[1];
    if (!schema) throw new Error(`internal: no Nova schema named ${name}`);
    ajv ??= new Ajv(novaAjvOptions());
    fn = ajv.compile(schema as object) as NovaValidator;
    compiled.set(name, fn);
  }
  return fn;
}
