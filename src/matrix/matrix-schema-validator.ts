/**
 * The compiled check of a matrix file against `matrix/schema/matrix.schema.json`.
 *
 * This file is what runs from the TypeScript sources (tests): ajv compiles the schema it is
 * handed. `npm run build` replaces its compiled output with ajv's standalone code for the shipped
 * schema (scripts/build-validators.mjs, same options), so `mvmatrix run` neither loads ajv nor
 * compiles the schema, which cost about a tenth of a second per run. Pure.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { userFileAjvOptions } from '../schema/user-file-ajv-options.js';

/** True when `data` matches; `errors` then says why not (ajv's error objects). */
export type MatrixSchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** False here; true in the build's precompiled replacement. */
export const PRECOMPILED = false;

const validators = new WeakMap<object, MatrixSchemaValidator>();

/** The validator of `schema` (the parsed matrix.schema.json). */
export function matrixSchemaValidator(schema: object): MatrixSchemaValidator {
  let validate = validators.get(schema);
  if (!validate) {
    validate = new Ajv(userFileAjvOptions()).compile(schema) as MatrixSchemaValidator;
    validators.set(schema, validate);
  }
  return validate;
}
